# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions and messages of the livemigrate.mongodb.link role (documented in the adjacent NAME.yml files).

The role's tasks run the modules; these filters choose what the next module run gets and turn the
registered results into link_results and failure messages. They never return a link-token except in
link_requests, whose only caller is the role's no_log link task.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import ATLAS, check_settings
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_access_list, validate_object_id

SYNCED = 'SYNCED'
# atlas_link_token makes at most this many link-tokens per run (its count option).
TOKENS_PER_RUN = 100


def object_id(value, option, what='an id'):
    """The id as a string, the way the modules compare it (validate_object_id); AnsibleFilterError naming option otherwise."""
    try:
        return validate_object_id(value, option, what)
    except InputError as exc:
        raise AnsibleFilterError(to_native(exc))


def _check_access_list(values, option):
    try:
        validate_access_list(values, option)
    except InputError as exc:
        raise AnsibleFilterError(to_native(exc))


def _entries(link_source_orgs):
    if not isinstance(link_source_orgs, (list, tuple)) or not link_source_orgs:
        raise AnsibleFilterError('link_source_orgs: must list at least one organization, as {org_id: ...} entries.')
    for index, entry in enumerate(link_source_orgs):
        if not isinstance(entry, dict) or 'org_id' not in entry:
            raise AnsibleFilterError('link_source_orgs[%d]: %r is not an {org_id: ...} entry.' % (index, entry))
    return link_source_orgs


def _access_list(entry, default):
    return list(entry.get('access_list_ips') or default or [])


def _links(result):
    """The per-organization entries of a registered om_migration_link(_info) result, by org_id."""
    return dict((one['org_id'], one) for one in (result or {}).get('links') or [])


# Hosts whose environment and files are the controller's: the Atlas settings can be checked here.
LOCAL_HOSTS = ('localhost', '127.0.0.1', '::1')


def _check_atlas_connection(atlas, delegate_to):
    """The Atlas connection settings, checked by the modules' own check (connection.check_settings), without a module run.

    Only when the modules run on the controller (its environment variables and files are theirs); elsewhere the
    role's module check before the first write does it.
    """
    if delegate_to not in LOCAL_HOSTS:
        return
    try:
        check_settings(atlas, ATLAS)
    except InputError as exc:
        raise AnsibleFilterError('link_atlas.' + to_native(exc))


def link_org_ids(link_source_orgs, atlas_org_id=None, access_list_ips=None, atlas=None, delegate_to=None):
    """Check the role's ids, access lists and Atlas settings; the organization ids as strings, in order."""
    ids = []
    for index, entry in enumerate(_entries(link_source_orgs)):
        org_id = object_id(entry['org_id'], 'link_source_orgs[%d].org_id' % index, 'an organization id')
        if org_id in ids:
            raise AnsibleFilterError('link_source_orgs[%d].org_id: organization %s is listed twice; list each '
                                     'organization once.' % (index, org_id))
        if entry.get('access_list_ips'):
            _check_access_list(entry['access_list_ips'], 'link_source_orgs[%d].access_list_ips' % index)
        ids.append(org_id)
    if atlas_org_id is not None:
        object_id(atlas_org_id, 'link_atlas_org_id', 'an organization id')
    if access_list_ips:
        _check_access_list(access_list_ips, 'link_access_list_ips')
    _check_atlas_connection(atlas, delegate_to)
    return ids


def link_batches(statuses, link_source_orgs, access_list_ips=None, force=False, size=TOKENS_PER_RUN):
    """The organizations to link, in runs of atlas_link_token: one per access list and at most size tokens."""
    read = (statuses or {}).get('links') or []
    ids = link_org_ids(link_source_orgs)
    if [one['org_id'] for one in read] != ids:
        raise AnsibleFilterError('link_batches: the status read lists %s, link_source_orgs lists %s.' % (
            ', '.join(one['org_id'] for one in read) or 'none', ', '.join(ids)))
    groups = []  # [(ips, [org_id, ...])] in the order the access lists first occur
    for entry, one in zip(link_source_orgs, read):
        if one.get('linked') and not force:
            continue
        ips = _access_list(entry, access_list_ips)
        group = next((g for g in groups if g[0] == ips), None)
        if group is None:
            group = (ips, [])
            groups.append(group)
        group[1].append(one['org_id'])
    batches = []
    for ips, org_ids in groups:
        for start in range(0, len(org_ids), size):
            chunk = org_ids[start:start + size]
            batches.append(dict(ips=ips, org_ids=chunk, count=len(chunk), label='%d token(s), access list %s' % (
                len(chunk), ', '.join(ips) or 'none')))
    return batches


def _current_status(statuses, org_id):
    """The status the role read, as om_migration_link's links[].current_status (NONE: no link)."""
    return next((one.get('status') for one in (statuses or {}).get('links') or [] if one['org_id'] == org_id), None) or 'NONE'


def link_requests(tokens, batches, statuses=None):
    """The links option of om_migration_link: each organization with its own token, for the runs that made them."""
    results = (tokens or {}).get('results') or []
    links = []
    for batch, made in zip(batches, results):
        if made.get('failed'):
            continue
        for org_id, token in zip(batch['org_ids'], made.get('link_tokens') or []):
            link = dict(org_id=org_id, link_token=token)
            if statuses is not None:
                # The status the role read already: om_migration_link does not read it again.
                link['current_status'] = _current_status(statuses, org_id)
            links.append(link)
    return links


def link_unsynced(result):
    """The organizations of an om_migration_link(_info) result that did not fail and are not SYNCED."""
    return [one['org_id'] for one in (result or {}).get('links') or []
            if not one.get('failed') and one.get('status') != SYNCED]


def _token_problem(org_id, made):
    text = 'Organization %s was not linked, because no link-token could be made for it: %s' % (
        org_id, made.get('msg') or 'no message')
    if made.get('maybe_processed'):
        text += (' The request may have reached Atlas, so an unused link-token may exist there (see the README of '
                 'the role, "Failure recovery").')
    return text


def _link_problem(org_id, msg, atlas_org_id, api_key):
    return ('Organization %s was not linked: %s A new link-token was created for it in Atlas organization %s (API key '
            '%s) and is now unused. To recover: run the role again (it links with a fresh token), and delete that '
            'unused API key in Atlas (Organization Access Manager, API Keys) when convenient. Do not remove link-tokens '
            'with link_state=absent or atlas_link_token state=absent while other organizations rely on Atlas '
            'organization %s: Atlas removes all its link-tokens at once.'
            % (org_id, msg, atlas_org_id, api_key, atlas_org_id))


def _wait_problem(org_id, status, wait, retries, delay):
    last = ' (last check: %s)' % wait['msg'] if (wait or {}).get('msg') else ''
    return ('Organization %s was linked, but its status is still %s after %s retries %s seconds apart%s. Check the '
            'link in Cloud Manager / Ops Manager, raise link_wait_retries, or link again with link_force=true.' % (
                org_id, status or 'none', retries, delay, last))


def link_results(statuses, batches=None, tokens=None, linked=None, wait=None, atlas_org_id='', wait_retries=0,
                 wait_delay=0):
    """link_results of link_state=present: one entry per organization, with msg on those that failed."""
    read = (statuses or {}).get('links') or []
    after, changed, problems = {}, set(), {}
    if batches:  # else nothing was linked in this run, and the step results are from an earlier one
        keys = {}
        for batch, made in zip(batches, (tokens or {}).get('results') or []):
            if made.get('failed'):
                problems.update((org_id, _token_problem(org_id, made)) for org_id in batch['org_ids'])
                continue
            infos = made.get('token_infos') or []
            for index, org_id in enumerate(batch['org_ids']):
                info = infos[index] if index < len(infos) else None
                keys[org_id] = (info or {}).get('public_api_key') or 'unknown'
        answers = _links(linked)
        for org_id in keys:
            one = answers.get(org_id)
            if one is None or one.get('failed'):
                # One entry per organization; none when the module failed as a whole (bad input).
                msg = (one or linked or {}).get('msg') or 'no message'
                problems[org_id] = _link_problem(org_id, msg, atlas_org_id, keys[org_id])
                continue
            after[org_id] = one.get('status')
            if one.get('changed'):
                changed.add(org_id)
        after.update((org_id, one.get('status')) for org_id, one in _links(wait).items())
        for org_id, status in after.items():
            if status != SYNCED:
                problems[org_id] = _wait_problem(org_id, status, wait, wait_retries, wait_delay)
    results = []
    for one in read:
        org_id = one['org_id']
        entry = dict(org_id=org_id, status=after.get(org_id, one.get('status')), changed=org_id in changed,
                     failed=org_id in problems)
        if org_id in problems:
            entry['msg'] = problems[org_id]
        results.append(entry)
    return results


def unlink_requests(statuses):
    """The links option of om_migration_link state=absent: every organization that has a link (also NOT_SYNCED)."""
    return [dict(org_id=one['org_id']) for one in (statuses or {}).get('links') or [] if one.get('status') is not None]


def unlink_results(statuses, unlinked=None, atlas_org_id=''):
    """link_results of link_state=absent: one entry per organization, with msg on those still linked."""
    answers = _links(unlinked)
    results = []
    for one in (statuses or {}).get('links') or []:
        org_id, status = one['org_id'], one.get('status')
        entry = dict(org_id=org_id, status=None, changed=False, failed=False)
        if status is not None:
            answer = answers.get(org_id) or dict(failed=True, msg=(unlinked or {}).get('msg') or 'no message')
            if answer.get('failed'):
                entry.update(status=status, failed=True, msg=(
                    'Organization %s is still linked: %s The link-tokens of Atlas organization %s were kept, because '
                    'this organization still uses them. Run the role again once the cause is solved.' % (
                        org_id, answer.get('msg') or 'no message', atlas_org_id)))
            else:
                entry['changed'] = bool(answer.get('changed'))
        results.append(entry)
    return results


def unlink_blockers(play_hosts_all, play_hosts, atlas_org_id=''):
    """Why the Atlas link-tokens must stay: the hosts of the play that failed; empty when none did."""
    failed = [host for host in play_hosts_all or [] if host not in (play_hosts or [])]
    if not failed:
        return ''
    return ('The link-tokens of Atlas organization %s were kept, because these hosts of the play failed and their '
            'organizations may still be linked: %s. Run the role again for all of them once the cause is solved.' % (
                atlas_org_id, ', '.join(failed)))


class FilterModule(object):
    def filters(self):
        return {
            'link_org_ids': link_org_ids,
            'link_batches': link_batches,
            'link_requests': link_requests,
            'link_unsynced': link_unsynced,
            'link_results': link_results,
            'unlink_requests': unlink_requests,
            'unlink_results': unlink_results,
            'unlink_blockers': unlink_blockers,
        }
