# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the docs site (module and role reference plus the guides) with antsibull-docs and Sphinx -W.

    python tests/ecosystem/docs_site.py DEST

Run by ``nox -s docs-build`` with antsibull-docs and Sphinx installed and ANSIBLE_COLLECTIONS_PATH
holding ansible_collections/livemigrate/mongodb. Offline: docs.ansible.com's intersphinx inventory
cannot be fetched (a warning, and warnings are errors), so a small local inventory resolves the
labels of the Ansible docs the generated pages refer to.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = ['index.html'] + ['collections/livemigrate/mongodb/%s.html' % page for page in (
    'index', 'atlas_link_token_module', 'om_migration_link_module', 'om_migration_link_info_module', 'link_role',
    'migration_state_module', 'om_agent_api_key_module', 'campaign_role', 'migration_host_role', 'campaign_plan_filter',
    'docsite/guide_link', 'docsite/guide_teardown', 'docsite/guide_awx', 'docsite/guide_controller',
    'docsite/guide_troubleshooting', 'docsite/guide_campaign', 'docsite/guide_campaign_awx',
    'docsite/guide_migration_host')]


def main(dest):
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    os.chmod(dest, 0o700)  # antsibull-docs wants a directory only its owner can write
    subprocess.check_call([
        'antsibull-docs', 'sphinx-init', '--use-current', '--fail-on-error', '--no-add-antsibull-docs-version',
        '--project', 'livemigrate.mongodb', '--title', 'livemigrate.mongodb collection',
        '--html-short-title', 'livemigrate.mongodb', '--copyright', 'livemigrate.mongodb contributors',
        '--dest-dir', dest, 'livemigrate.mongodb'])
    inventory = os.path.join(dest, 'ansible_devel.inv')
    subprocess.check_call([sys.executable, os.path.join(HERE, 'ansible_docs_inventory.py'), inventory])
    with open(os.path.join(dest, 'conf.py'), 'a') as conf:
        conf.write("\n# tests/ecosystem/docs_site.py: offline build\n"
                   "intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', %r)}\n"
                   % inventory)
    subprocess.check_call(['bash', os.path.join(dest, 'build.sh')], cwd=dest)
    html = os.path.join(dest, 'build', 'html')
    missing = [page for page in PAGES if not os.path.isfile(os.path.join(html, page)) or not os.path.getsize(os.path.join(html, page))]
    if missing:
        print('missing pages: %s' % ', '.join(missing), file=sys.stderr)
        return 1
    print('docs site (sphinx -W) built: %s' % os.path.join(dest, 'build', 'html', 'index.html'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
