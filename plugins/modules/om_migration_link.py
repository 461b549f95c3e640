#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: om_migration_link
short_description: Link a Cloud Manager / Ops Manager organization to MongoDB Atlas for push live migration
version_added: 0.1.0
description:
  - Hands an Atlas link-token (from M(livemigrate.mongodb.atlas_link_token)) to a Cloud Manager or Ops Manager
    organization, so that it can push live migrations into the Atlas organization. This replaces the
    "Connect to Atlas" step of the Cloud Manager / Ops Manager UI.
  - Reads the link status first. An organization that is already C(SYNCED) is left alone (one read, no write)
    unless O(force=true).
  - With O(state=absent), removes the link. Removing a link that does not exist is not an error.
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.om_api
  - livemigrate.mongodb.connection
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the target.
    support: full
    details:
      - Check mode reads the link status and sends nothing else.
  diff_mode:
    description: Returns details on what has changed (or would change in check mode).
    support: full
    details:
      - The diff shows the link status before and after; never the token.
options:
  org_id:
    description:
      - ID of the source Cloud Manager / Ops Manager organization (24 hexadecimal characters).
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the organization is linked (status C(SYNCED)).
      - V(absent) removes the link. While a live migration runs in the organization the service refuses (HTTP 409)
        and the module fails with the project IDs concerned.
    type: str
    choices: [present, absent]
    default: present
  link_token:
    description:
      - The link-token created in the Atlas organization. Needed only when a link must be made (the organization is
        not C(SYNCED), or O(force=true)); not in check mode, which sends nothing.
      - A secret; use one token per source organization, as MongoDB requires.
    type: str
  force:
    description:
      - Link again with O(link_token) even when the organization is already C(SYNCED), for example to rotate tokens.
      - The status is then not read first (one request less), except in check mode and diff mode, which show it.
    type: bool
    default: false
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The API key needs the Organization Owner role in the source organization.
  - The service answers "no link" either with HTTP 404 or with C(NOT_SYNCED); the module handles both.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_link_token
  - module: livemigrate.mongodb.om_migration_link_info
  - name: Connect One Organization with One Atlas Organization (Cloud Manager API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/cloud-manager/reference/api/live-migration/link-orgs/
'''

EXAMPLES = r'''
- name: Link an Ops Manager organization to Atlas
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.all:
      timeout: 60
    group/livemigrate.mongodb.atlas:
      client_id: "{{ vault_atlas_client_id }}"
      client_secret: "{{ vault_atlas_client_secret }}"
    group/livemigrate.mongodb.om:
      base_url: https://opsmanager.example.com:8443
      public_key: "{{ om_public_key }}"
      private_key: "{{ vault_om_private_key }}"
      ca_path: /etc/pki/tls/certs/opsmanager-ca.pem
  tasks:
    - name: Is the organization linked already?
      livemigrate.mongodb.om_migration_link_info:
        org_id: 6a1b2c3d4e5f60718293a4b5
      register: before

    - name: Create a link-token in Atlas
      livemigrate.mongodb.atlas_link_token:
        org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
        access_list_ips: [203.0.113.10]
      register: atlas_token
      when: not before.linked
      no_log: true

    - name: Link the organization
      livemigrate.mongodb.om_migration_link:
        org_id: 6a1b2c3d4e5f60718293a4b5
        link_token: "{{ atlas_token.link_token }}"
      when: not before.linked
      no_log: true

- name: Remove the link (Cloud Manager, key pair from the environment)
  hosts: localhost
  gather_facts: false
  environment:
    MONGODB_OM_BASE_URL: https://cloud.mongodb.com
    MONGODB_OM_PUBLIC_KEY: "{{ cm_public_key }}"
    MONGODB_OM_PRIVATE_KEY: "{{ vault_cm_private_key }}"
  tasks:
    - name: Unlink
      livemigrate.mongodb.om_migration_link:
        org_id: 6a1b2c3d4e5f60718293a4b5
        state: absent
'''

RETURN = r'''
status:
  description:
    - Link status after the task (predicted in check mode) - C(SYNCED), C(NOT_SYNCED), or V(null) when no link exists.
  returned: always
  type: str
  sample: SYNCED
linked:
  description: Whether the organization is linked and synchronized (RV(status) is C(SYNCED)).
  returned: always
  type: bool
  sample: true
org_id:
  description: The source organization.
  returned: always
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
msg:
  description: What was done, or what would be done in check mode.
  returned: always
  type: str
  sample: Linked organization 6a1b2c3d4e5f60718293a4b5 to Atlas (status SYNCED).
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils.opsmanager import SYNCED, OpsManagerApi
from ansible_collections.livemigrate.mongodb.plugins.module_utils.options import OM, validate_link_token, validate_org_id
from ansible_collections.livemigrate.mongodb.plugins.module_utils.runner import run_module


def validate(module):
    validate_org_id(module.params['org_id'])
    if module.params['link_token'] is not None:
        validate_link_token(module.params['link_token'])


def _result(module, org_id, before, after, changed, msg):
    result = dict(changed=changed, org_id=org_id, status=after, linked=after == SYNCED, msg=msg)
    if module._diff:
        result['diff'] = dict(before=dict(status=before), after=dict(status=after))
    return result


def ensure_present(module, api, org_id):
    token = module.params['link_token']
    if module.params['force'] and token and not (module.check_mode or module._diff):
        # force links whatever the status is: the read would only be shown, so it is skipped
        # (the link role relies on this: it has read every status already).
        after = api.create_link(org_id, token)
        return _result(module, org_id, None, after, True, 'Linked organization %s to Atlas (status %s).' % (org_id, after))
    before = api.get_link_status(org_id)
    if before == SYNCED and not module.params['force']:
        if token:
            module.warn('Organization %s is already SYNCED, so link_token was not used; it still exists in Atlas '
                        '(use force=true to link with it, or remove unused tokens).' % org_id)
        return _result(module, org_id, before, before, False, 'Organization %s is already linked (SYNCED).' % org_id)
    if module.check_mode:
        # Sends nothing, so no token is needed to predict; atlas_link_token creates none in check mode either.
        return _result(module, org_id, before, SYNCED, True, 'Would link organization %s (check mode)%s.' % (
            org_id, '' if token else '; the real run needs link_token'))
    if not token:
        raise InputError('link_token', 'is required: organization %s is %s, so a link must be made. Create a token '
                                       'with livemigrate.mongodb.atlas_link_token.' % (org_id, before or 'not linked'))
    after = api.create_link(org_id, token)
    return _result(module, org_id, before, after, True, 'Linked organization %s to Atlas (status %s).' % (org_id, after))


def ensure_absent(module, api, org_id):
    # The status read is only needed to predict (check mode) or to show (diff) the change;
    # otherwise the DELETE answer (204 or 404) tells on its own.
    before = 'unknown'
    if module.check_mode or module._diff:
        before = api.get_link_status(org_id)
        if before is None:
            return _result(module, org_id, None, None, False, 'Organization %s has no link.' % org_id)
        if module.check_mode:
            return _result(module, org_id, before, None, True, 'Would remove the link of organization %s (check mode).' % org_id)
    removed = api.delete_link(org_id)
    if not removed:
        return _result(module, org_id, None, None, False, 'Organization %s has no link.' % org_id)
    return _result(module, org_id, before, None, True, 'Removed the link of organization %s.' % org_id)


def run(module, client):
    api = OpsManagerApi(client)
    org_id = module.params['org_id']
    if module.params['state'] == 'present':
        return ensure_present(module, api, org_id)
    return ensure_absent(module, api, org_id)


def main():
    run_module(
        OM,
        dict(
            org_id=dict(type='str', required=True),
            state=dict(type='str', default='present', choices=['present', 'absent']),
            link_token=dict(type='str', no_log=True),
            force=dict(type='bool', default=False),
        ),
        run,
        validate=validate,
    )


if __name__ == '__main__':
    main()
