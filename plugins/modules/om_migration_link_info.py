#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: om_migration_link_info
short_description: Read the Atlas migration link status of Cloud Manager / Ops Manager organizations
version_added: 0.1.0
description:
  - Reads whether Cloud Manager or Ops Manager organizations are linked to a MongoDB Atlas organization for push live
    migration (status C(SYNCED)).
  - Reads many organizations in one run over one HTTP session (one connection, one authentication handshake),
    which is much faster than one task per organization.
  - Never changes anything.
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.om_api
  - livemigrate.mongodb.connection
  - livemigrate.mongodb.attributes
  - livemigrate.mongodb.attributes.actiongroup_om
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, in check mode too.
  diff_mode:
    support: N/A
    details:
      - The module changes nothing.
options:
  org_id:
    description:
      - ID of one source organization (24 hexadecimal characters).
      - Exactly one of O(org_id) and O(org_ids) is required.
    type: str
  org_ids:
    description:
      - IDs of several source organizations, read in one run.
    type: list
    elements: str
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The service answers "no link" either with HTTP 404 or with C(NOT_SYNCED); both give RV(linked=false).
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.om_migration_link
'''

EXAMPLES = r'''
- name: Report the link status of the source organizations
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.om:
      base_url: https://opsmanager.example.com:8443
      public_key: "{{ om_public_key }}"
      private_key: "{{ vault_om_private_key }}"
  tasks:
    - name: Read one organization
      livemigrate.mongodb.om_migration_link_info:
        org_id: 6a1b2c3d4e5f60718293a4b5
      register: one

    - name: Read many organizations at once
      livemigrate.mongodb.om_migration_link_info:
        org_ids:
          - 6a1b2c3d4e5f60718293a4b5
          - 6a1b2c3d4e5f60718293a4b6
      register: many

    - name: Show the organizations that are not linked yet
      ansible.builtin.debug:
        msg: "{{ many.links | rejectattr('linked') | map(attribute='org_id') | list }}"
'''

RETURN = r'''
status:
  description: Link status of O(org_id) - C(SYNCED), C(NOT_SYNCED), or V(null) when the service says no link exists.
  returned: when O(org_id) is given
  type: str
  sample: SYNCED
linked:
  description: Whether O(org_id) is linked and synchronized (RV(status) is C(SYNCED)).
  returned: when O(org_id) is given
  type: bool
  sample: true
links:
  description: One entry per organization of O(org_ids), in the order given.
  returned: when O(org_ids) is given
  type: list
  elements: dict
  contains:
    org_id:
      description: The organization.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    status:
      description: C(SYNCED), C(NOT_SYNCED), or V(null) when no link exists.
      type: str
      sample: NOT_SYNCED
    linked:
      description: Whether the organization is linked and synchronized.
      type: bool
      sample: false
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.migration_link import SYNCED, MigrationLink
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_org_id, validate_org_ids


def validate(module):
    if module.params['org_id'] is not None:
        validate_org_id(module.params['org_id'])
    else:
        validate_org_ids(module.params['org_ids'])


def run(module, client):
    link = MigrationLink(client)
    if module.params['org_id'] is not None:
        status = link.status(module.params['org_id'])
        return dict(changed=False, status=status, linked=status == SYNCED), None
    links = []
    for org_id in module.params['org_ids']:
        status = link.status(org_id)
        links.append(dict(org_id=org_id, status=status, linked=status == SYNCED))
    return dict(changed=False, links=links), None


def main():
    run_module(arguments.om_migration_link_info(), run, validate=validate)


if __name__ == '__main__':
    main()
