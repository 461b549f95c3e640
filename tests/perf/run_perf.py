# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run tests/perf/bench.py (livemigrate.mongodb against hand-written ansible.builtin.uri plays) in a
private work directory. Not a pass/fail test: it prints a table (see docs/performance.md).

    nox -s perf -- [--rounds N] [--rounds-large N] [--ks 1,10,50] [--json FILE]

Runs with the Python of a virtualenv that has ansible-core and requests (the nox session's). The
collection (galaxy.yml, meta, plugins, roles) is copied to a private temporary collections path,
so it neither needs an installed collection nor touches another session's copy, and ansible gets
private temporary directories and an empty configuration. LM_PERF_KEEP=1 keeps the work directory.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(args):
    work = tempfile.mkdtemp(prefix='lm-perf.')
    try:
        coll = os.path.join(work, 'collections', 'ansible_collections', 'livemigrate', 'mongodb')
        os.makedirs(coll)
        shutil.copy(os.path.join(ROOT, 'galaxy.yml'), coll)
        for name in ('meta', 'plugins', 'roles'):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(coll, name),
                            ignore=shutil.ignore_patterns('__pycache__'))
        for name in ('tmp-local', 'tmp-remote'):
            os.makedirs(os.path.join(work, name))
        config = os.path.join(work, 'ansible.cfg')
        open(config, 'w').close()  # results must not depend on an ansible.cfg lying around
        env = dict(os.environ, ANSIBLE_CONFIG=config, ANSIBLE_COLLECTIONS_PATH=os.path.join(work, 'collections'),
                   ANSIBLE_LOCAL_TEMP=os.path.join(work, 'tmp-local'), ANSIBLE_REMOTE_TMP=os.path.join(work, 'tmp-remote'),
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR='1', ANSIBLE_DEPRECATION_WARNINGS='0',
                   PYTHONDONTWRITEBYTECODE='1')
        return subprocess.call([sys.executable, os.path.join(ROOT, 'tests', 'perf', 'bench.py'), '--root', ROOT,
                                '--work', work, '--venv', sys.prefix] + args, env=env)
    finally:
        if os.environ.get('LM_PERF_KEEP') == '1':
            print('work directory kept: %s' % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
