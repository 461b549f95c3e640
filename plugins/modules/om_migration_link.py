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
    unless O(force=true). With O(links), a caller that has just read the statuses passes them in
    O(links[].current_status) and the module reads none.
  - With O(state=absent), removes the link. Removing a link that does not exist is not an error.
  - O(links) does the same for many organizations in one run (one session, one Digest handshake).
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
      - Check mode reads the link status (not with O(force=true), which links whatever the status is, nor for an entry
        of O(links) with O(links[].current_status)) and sends nothing else.
  diff_mode:
    support: full
    details:
      - The diff shows the link status before and after, each a dict C({status}) (V(null) when there is no link); never
        the token. With O(links) it is a list of such diffs, one per organization, each with C(before_header) and
        C(after_header) naming the organization.
options:
  org_id:
    description:
      - ID of the source Cloud Manager / Ops Manager organization (24 hexadecimal characters).
      - Exactly one of O(org_id) and O(links) is required.
    type: str
  links:
    description:
      - Many organizations in one run, each handled as O(org_id) with O(link_token) would be, with the same O(state)
        and O(force). The result is then in RV(links).
      - Organizations are independent, like the items of a loop, so a failure of one does not stop the others; the
        module fails at the end, naming each organization that failed.
      - Each organization ID at most once.
    type: list
    elements: dict
    suboptions:
      org_id:
        description: ID of the source organization.
        type: str
        required: true
      link_token:
        description:
          - Its own link-token, as O(link_token). A secret.
          - The RV(livemigrate.mongodb.atlas_link_token#module:link_tokens) of one
            M(livemigrate.mongodb.atlas_link_token) run with O(livemigrate.mongodb.atlas_link_token#module:count) give one
            per organization.
        type: str
      current_status:
        description:
          - The link status of this organization as the caller has just read it (for example with
            M(livemigrate.mongodb.om_migration_link_info)); V(NONE) means no link. The module then does not read it
            again.
          - With O(state=present), V(SYNCED) is left alone without any request (unless O(force=true)); any other value
            links with O(links[].link_token).
          - With O(state=absent), V(NONE) is left alone without any request; any other value removes the link.
          - Not given, the module reads the status itself when it needs it.
        type: str
        choices: [SYNCED, NOT_SYNCED, NONE]
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
      - Not with O(links), whose entries carry their own.
    type: str
  force:
    description:
      - Link again with O(link_token) even when the organization is already C(SYNCED), for example to rotate tokens.
      - The status is then not read first (one request less), except in diff mode, which shows it; check mode then
        sends nothing.
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

- name: Link three organizations with one run of each module
  hosts: localhost
  gather_facts: false
  vars:
    source_orgs: [6a1b2c3d4e5f60718293a4b5, 6a1b2c3d4e5f60718293a4b6, 6a1b2c3d4e5f60718293a4b7]
  tasks:
    - name: Create one link-token per organization
      livemigrate.mongodb.atlas_link_token:
        org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
        count: "{{ source_orgs | length }}"
      register: atlas_tokens
      no_log: true

    - name: Link each organization with its own token
      livemigrate.mongodb.om_migration_link:
        links: "{{ dict(source_orgs | zip(atlas_tokens.link_tokens)) | dict2items(key_name='org_id', value_name='link_token') }}"
      no_log: true
'''

RETURN = r'''
status:
  description:
    - Link status after the task (predicted in check mode) - C(SYNCED), C(NOT_SYNCED), or V(null) when no link exists.
  returned: with O(org_id)
  type: str
  sample: SYNCED
linked:
  description: Whether the organization is linked and synchronized (RV(status) is C(SYNCED)).
  returned: with O(org_id)
  type: bool
  sample: true
org_id:
  description: The source organization.
  returned: with O(org_id)
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
links:
  description: One entry per organization of O(links), in the same order.
  returned: with O(links)
  type: list
  elements: dict
  contains:
    org_id:
      description: The source organization.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    changed:
      description: Whether the task changed (or in check mode would change) this organization.
      type: bool
      sample: true
    failed:
      description: Whether this organization failed; RV(links[].msg) says why.
      type: bool
      sample: false
    status:
      description: As RV(status), for this organization.
      returned: when it did not fail
      type: str
      sample: SYNCED
    linked:
      description: As RV(linked), for this organization.
      returned: when it did not fail
      type: bool
      sample: true
    msg:
      description: What was done for this organization, or why it failed.
      type: str
      sample: Linked organization 6a1b2c3d4e5f60718293a4b5 to Atlas (status SYNCED).
    http_status:
      description: HTTP status of the failed request.
      returned: when it failed with an API error
      type: int
      sample: 409
    error_code:
      description: The service's C(errorCode) of the failed request.
      returned: when it failed with an API error
      type: str
      sample: CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT
    detail:
      description: The service's C(detail) of the failed request.
      returned: when it failed with an API error that has one
      type: str
      sample: "Cannot delete organization link while there is active migration in following project ids: 5e5e5e5e5e5e5e5e5e5e5e5e"
    parameters:
      description: The service's C(parameters) of the failed request.
      returned: when it failed with an API error that has them
      type: list
      elements: raw
      sample: [5e5e5e5e5e5e5e5e5e5e5e5e]
    maybe_processed:
      description: Whether a request that got no answer may have reached the service.
      returned: when it failed without an HTTP answer
      type: bool
      sample: false
msg:
  description: What was done, or what would be done in check mode.
  returned: always
  type: str
  sample: Linked organization 6a1b2c3d4e5f60718293a4b5 to Atlas (status SYNCED).
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.diff import diff, item_diff
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import BatchError, InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.migration_link import SYNCED, UNKNOWN, MigrationLink
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_link_token, validate_org_id


def validate(module):
    links = module.params['links']
    if links is None:
        validate_org_id(module.params['org_id'])
        if module.params['link_token'] is not None:
            validate_link_token(module.params['link_token'])
        return
    if not links:
        raise InputError('links', 'is empty: list at least one organization.')
    seen = set()
    for index, entry in enumerate(links):
        option = 'links[%d]' % index
        validate_org_id(entry['org_id'], option + '.org_id')
        if entry['org_id'] in seen:
            raise InputError(option + '.org_id', 'organization %s is listed twice.' % entry['org_id'])
        seen.add(entry['org_id'])
        if entry['link_token'] is not None:
            validate_link_token(entry['link_token'], option + '.link_token')


def given_status(value):
    """links[].current_status as a status: None for NONE (no link), UNKNOWN when not given."""
    if value is None:
        return UNKNOWN
    return None if value == 'NONE' else value


def _outcome(org_id, before, after, changed, msg):
    result = dict(changed=changed, org_id=org_id, status=after, linked=after == SYNCED, msg=msg)
    return result, diff(dict(status=None if before is UNKNOWN else before), dict(status=after))


def ensure_present(module, link, org_id, token, before=UNKNOWN):
    force = module.params['force']
    # The status decides unless force links whatever it is; diff mode shows it.
    if before is UNKNOWN and (not force or module._diff):
        before = link.status(org_id)
    if before == SYNCED and not force:
        if token:
            module.warn('Organization %s is already SYNCED, so link_token was not used; it still exists in Atlas '
                        '(use force=true to link with it, or remove unused tokens).' % org_id)
        return _outcome(org_id, before, before, False, 'Organization %s is already linked (SYNCED).' % org_id)
    if not token and not link.check_mode:
        # Check mode sends nothing, so it predicts without a token (atlas_link_token creates none in check mode).
        if before is UNKNOWN:
            raise InputError('link_token', 'is required with force=true: organization %s is linked again whatever its '
                                           'status. Create a token with livemigrate.mongodb.atlas_link_token.' % org_id)
        raise InputError('link_token', 'is required: organization %s is %s, so a link must be made. Create a token '
                                       'with livemigrate.mongodb.atlas_link_token.' % (org_id, before or 'not linked'))
    after = link.create(org_id, token)
    if link.check_mode:
        return _outcome(org_id, before, after, True, 'Would link organization %s (check mode)%s.' % (
            org_id, '' if token else '; the real run needs link_token'))
    return _outcome(org_id, before, after, True, 'Linked organization %s to Atlas (status %s).' % (org_id, after))


def ensure_absent(module, link, org_id, token=None, before=UNKNOWN):
    # Read only for the diff: the resource predicts check mode, and the DELETE answer (204 or 404) tells otherwise.
    if before is UNKNOWN and module._diff:
        before = link.status(org_id)
    if not link.delete(org_id, before):
        return _outcome(org_id, None, None, False, 'Organization %s has no link.' % org_id)
    if link.check_mode:
        return _outcome(org_id, before, None, True, 'Would remove the link of organization %s (check mode).' % org_id)
    return _outcome(org_id, before, None, True, 'Removed the link of organization %s.' % org_id)


def ensure_many(module, client, ensure, links):
    """Each organization as a loop item would be: a failure is recorded and the others go on."""
    link = MigrationLink(client, module.check_mode)
    results, diffs, failed = [], [], []
    for entry in links:
        org_id = entry['org_id']
        try:
            one, one_diff = ensure(module, link, org_id, entry['link_token'], given_status(entry.get('current_status')))
            one['failed'] = False
            diffs.append(item_diff('organization %s' % org_id, one_diff))
        except LiveMigrateError as exc:
            one = dict((key, value) for key, value in client.redact(exc.to_result()).items() if value is not None)
            one.update(org_id=org_id, changed=False, failed=True, msg=client.redact(str(exc)))
            failed.append(one)
        results.append(one)
    result = dict(changed=any(one['changed'] for one in results), links=results)
    of_all = 'of %d organization%s' % (len(results), '' if len(results) == 1 else 's')
    if failed:
        raise BatchError('%d %s failed: %s' % (len(failed), of_all, ' '.join(
            'Organization %s: %s' % (one['org_id'], one['msg']) for one in failed)), result, diff=diffs or None)
    changed = sum(1 for one in results if one['changed'])
    result['msg'] = '%d %s %s.' % (changed, of_all, 'would change (check mode)' if module.check_mode else 'changed')
    return result, diffs


def run(module, client):
    ensure = ensure_present if module.params['state'] == 'present' else ensure_absent
    if module.params['links'] is not None:
        return ensure_many(module, client, ensure, module.params['links'])
    return ensure(module, MigrationLink(client, module.check_mode), module.params['org_id'], module.params['link_token'])


def main():
    run_module(arguments.om_migration_link(), run, validate=validate)


if __name__ == '__main__':
    main()
