#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_link_token
short_description: Create or remove the MongoDB Atlas link-token for push live migration
version_added: 0.1.0
description:
  - Creates a link-token in a MongoDB Atlas organization, the first step of linking a Cloud Manager or Ops Manager
    organization to Atlas for push live migration (pass the token to M(livemigrate.mongodb.om_migration_link)).
  - Removes the organization's link-token(s) with O(state=absent).
  - B(Every run with state=present creates a new token.) Atlas offers no way to read link-tokens back, so this module
    cannot tell whether a usable one exists already. Each token creates an Atlas organization API key.
    For an idempotent workflow (create a token only for organizations that are not linked yet), use the
    C(livemigrate.mongodb.link) role instead.
  - B(A link-token is a secret), it carries a live private API key. Register the result of this module only on a task
    with C(no_log=true), and never print it.
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.atlas_api
  - livemigrate.mongodb.connection
  - livemigrate.mongodb.attributes
  - livemigrate.mongodb.attributes.actiongroup_atlas
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is sent. With O(state=absent) the module cannot know whether tokens exist and reports
        that it would send the removal.
  diff_mode:
    support: partial
    details:
      - The diff (before and after, each a dict) names the organization in C(org_id) and the link-tokens in
        C(link_tokens) - C(unknown) before, because Atlas cannot list link-tokens; never a token.
options:
  org_id:
    description:
      - ID of the Atlas organization (24 lowercase hexadecimal characters) that receives the migrated deployments.
    type: str
    required: true
  state:
    description:
      - V(present) creates a new link-token and returns it.
      - V(absent) removes the organization's link-token(s). Atlas removes the link-token and its API key for the whole
        organization (the request names no token), so Cloud Manager / Ops Manager organizations linked with it turn
        C(NOT_SYNCED). Removing when none exists is not an error (C(changed=false)).
    type: str
    choices: [present, absent]
    default: present
  access_list_ips:
    description:
      - IP addresses or CIDR blocks allowed to use the API key that the token carries.
      - Put the egress IP addresses of the Ops Manager hosts (or of Cloud Manager) here.
      - Each entry is checked before anything is sent.
    type: list
    elements: str
  count:
    description:
      - Create this many link-tokens in one run, one per Cloud Manager / Ops Manager organization to link (MongoDB
        requires a token per organization), and return them in RV(link_tokens) instead of RV(link_token).
      - One session and, with a service account, one OAuth access token for all of them; the
        C(livemigrate.mongodb.link) role uses this to link many organizations with one module run.
      - Tokens are created one after the other. If one fails the module stops and fails; the tokens made before are
        not returned (a failed task prints its result) and are listed by public key in RV(token_infos), so that their
        API keys can be deleted.
      - Only with O(state=present). From 1 to 100.
    type: int
notes:
  - >-
    On ansible-core 2.22 and later the module registers the link-token it returns (and the private API key inside it) with Ansible, which then masks it
    wherever it would show (C(-vvvv), C(debug), a registered result printed by mistake) while the next task still
    receives the real value. On older ansible-core there is no such registry: set C(no_log) to V(true) on the task
    and on every task that prints or passes on the registered result.
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs the Organization Owner role.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.om_migration_link
  - module: livemigrate.mongodb.om_migration_link_info
  - name: Create One Link-Token (Atlas Administration API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-createorglivemigrationlinktoken
'''

EXAMPLES = r'''
- name: Link one Ops Manager organization to Atlas
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.atlas:
      public_key: "{{ atlas_public_key }}"
      private_key: "{{ atlas_private_key }}"
    group/livemigrate.mongodb.om:
      base_url: https://opsmanager.example.com:8443
      public_key: "{{ om_public_key }}"
      private_key: "{{ om_private_key }}"
  tasks:
    - name: Create a link-token in the Atlas organization
      livemigrate.mongodb.atlas_link_token:
        org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
        access_list_ips:
          - 203.0.113.10
          - 198.51.100.0/24
      register: atlas_token
      no_log: true

    - name: Hand the token to the Ops Manager organization
      livemigrate.mongodb.om_migration_link:
        org_id: 6a1b2c3d4e5f60718293a4b5
        link_token: "{{ atlas_token.link_token }}"

- name: Remove the link-token(s) of an Atlas organization, with a service account from the environment
  hosts: localhost
  gather_facts: false
  environment:
    MONGODB_ATLAS_CLIENT_ID: "{{ vault_atlas_client_id }}"
    MONGODB_ATLAS_CLIENT_SECRET: "{{ vault_atlas_client_secret }}"
  tasks:
    - name: Remove the link-token
      livemigrate.mongodb.atlas_link_token:
        org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
        state: absent
'''

RETURN = r'''
link_token:
  description:
    - The new link-token. A secret (it carries a live private API key), so use C(no_log=true) on the task.
    - V(null) in check mode, so that a following M(livemigrate.mongodb.om_migration_link) task in check mode works.
  returned: with O(state=present), without O(count)
  type: str
  sample: eyJvcmdJZCI6IjVmNGI3YzJlOWQxYTNiNmM4ZTBmMWEyYiIsIm9yZ05hbWUiOiJFeGFtcGxlIiwicHVibGljQXBpS2V5IjoiYWJjZGVmZ2giLCJwcml2YXRlQXBpS2V5IjoiKioqIn0=
link_tokens:
  description:
    - The new link-tokens, one per O(count). Secrets, like RV(link_token).
    - Each entry is V(null) in check mode.
  returned: with O(count)
  type: list
  elements: str
  sample: [eyJvcmdJZCI6IjVmNGI3YzJlOWQxYTNiNmM4ZTBmMWEyYiIsIm9yZ05hbWUiOiJFeGFtcGxlIiwicHVibGljQXBpS2V5IjoiYWJjZGVmZ2giLCJwcml2YXRlQXBpS2V5IjoiKioqIn0=]
token_infos:
  description:
    - The non-secret parts of each new token (see RV(token_info)), in the order of RV(link_tokens); an entry is
      V(null) when a token could not be decoded.
    - When the module fails part-way, the tokens created before the failure, so that their API keys can be deleted.
  returned: with O(count), when not in check mode
  type: list
  elements: dict
  sample: [{org_id: 5f4b7c2e9d1a3b6c8e0f1a2b, org_name: Example Corp, public_api_key: abcdefgh}]
token_info:
  description:
    - The non-secret parts of the new token, to find its API key in the Atlas UI. The private key is left out.
  returned: when a token was created (without O(count)) and could be decoded
  type: dict
  contains:
    org_id:
      description: Atlas organization the token links to.
      type: str
      sample: 5f4b7c2e9d1a3b6c8e0f1a2b
    org_name:
      description: Name of that organization.
      type: str
      sample: Example Corp
    public_api_key:
      description: Public key of the API key the token carries.
      type: str
      sample: abcdefgh
org_id:
  description: The Atlas organization.
  returned: always
  type: str
  sample: 5f4b7c2e9d1a3b6c8e0f1a2b
msg:
  description: What was done, or what would be done in check mode.
  returned: always
  type: str
  sample: Created a link-token in Atlas organization 5f4b7c2e9d1a3b6c8e0f1a2b.
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.diff import diff
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import BatchError, InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.link_token_format import public_parts
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import by_state, run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_access_list, validate_org_id

MAX_COUNT = 100
UNLISTED = 'unknown (Atlas cannot list them)'


def validate(module):
    validate_org_id(module.params['org_id'])
    validate_access_list(module.params['access_list_ips'])
    count = module.params['count']
    if count is not None:
        if module.params['state'] != 'present':
            raise InputError('count', 'is only for state=present (got %d with state=absent).' % count)
        if not 1 <= count <= MAX_COUNT:
            raise InputError('count', '%d is out of range: from 1 to %d tokens per run.' % (count, MAX_COUNT))


def _what(count):
    return 'a link-token' if count is None else '%d link-token%s' % (count, '' if count == 1 else 's')


def create_tokens(tokens, org_id, access_list_ips, count):
    """``count`` tokens (None each in check mode); on a failure, a BatchError naming the public keys of those already made."""
    made = []
    for index in range(count):
        try:
            made.append(tokens.create(org_id, access_list_ips))
        except LiveMigrateError as exc:
            infos = [public_parts(token) for token in made]
            unused = (' %d link-token(s) created before it are unused and not returned (API keys %s): delete them in Atlas '
                      '(Organization Access Manager, API Keys).' % (
                          len(made), ', '.join((info or {}).get('public_api_key', 'unknown') for info in infos))
                      if made else '')
            raise BatchError('Creating link-token %d of %d in Atlas organization %s failed: %s%s' % (
                index + 1, count, org_id, exc, unused), dict(token_infos=infos, created=len(made), changed=bool(made)),
                cause=exc)
    return made


def present(module, tokens, org_id):
    count = module.params['count']
    if count is None:
        made = [tokens.create(org_id, module.params['access_list_ips'])]
    else:
        made = create_tokens(tokens, org_id, module.params['access_list_ips'], count)
    result = dict(changed=True, org_id=org_id)
    if tokens.check_mode:
        # null tokens let the next task (om_migration_link in check mode) run unchanged
        result['msg'] = 'Would create %s in Atlas organization %s (check mode).' % (_what(count), org_id)
    else:
        result['msg'] = 'Created %s in Atlas organization %s.' % (_what(count), org_id)
    if count is None:
        result['link_token'] = made[0]
        info = public_parts(made[0])  # None in check mode
        if info:
            result['token_info'] = info
    else:
        result['link_tokens'] = made
        if not tokens.check_mode:
            result['token_infos'] = [public_parts(token) for token in made]
    after = 'one new link-token' if count is None else '%d new link-token(s)' % count
    return result, diff(dict(org_id=org_id, link_tokens=UNLISTED), dict(org_id=org_id, link_tokens=after))


def absent(module, tokens, org_id):
    changed = tokens.delete(org_id)
    result = dict(changed=changed, org_id=org_id)
    if tokens.check_mode:
        result['msg'] = ('Would remove the link-token(s) of Atlas organization %s if any exist (check mode; Atlas cannot '
                         'list link-tokens).' % org_id)
    else:
        result['msg'] = ('Removed the link-token(s) of Atlas organization %s.' if changed else
                         'Atlas organization %s has no link-token.') % org_id
    return result, (diff(dict(org_id=org_id, link_tokens=UNLISTED), dict(org_id=org_id, link_tokens='no link-token'))
                    if changed else None)


run = by_state(AtlasLinkTokens, 'org_id', present, absent)


def main():
    run_module(arguments.atlas_link_token(), run, validate=validate)


if __name__ == '__main__':
    main()
