# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write a Sphinx (intersphinx) inventory of the Ansible documentation labels that the pages
antsibull-docs generates refer to, so that the docs build (tests/ecosystem/docs_site.py) resolves them
offline, to their real URLs.

    python ansible_docs_inventory.py OUTPUT
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import sys
import zlib

# label, URI relative to https://docs.ansible.com/projects/ansible/devel/, title
LABELS = [
    ('ansible_configuration_settings', 'reference_appendices/config.html#ansible-configuration-settings',
     'Ansible Configuration Settings'),
    ('common_return_values', 'reference_appendices/common_return_values.html#common-return-values', 'Return Values'),
    ('module_defaults', 'playbook_guide/playbooks_module_defaults.html#module-defaults', 'Module defaults'),
]


def main():
    header = ('# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n'
              '# The remainder of this file is compressed using zlib.\n')
    body = ''.join('%s std:label -1 %s %s\n' % entry for entry in LABELS)
    with open(sys.argv[1], 'wb') as f:
        f.write(header.encode('utf-8') + zlib.compress(body.encode('utf-8')))


if __name__ == '__main__':
    main()
