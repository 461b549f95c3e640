"""The link role's filters, on registered results shaped as the modules return them (no simulator)."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import link
from ansible_collections.livemigrate.mongodb.plugins.filter.link import (
    FilterModule, link_batches, link_org_ids, link_requests, link_results, link_unsynced, object_id,
    unlink_blockers, unlink_requests, unlink_results)

ATLAS = '5f4b7c2e9d1a3b6c8e0f1a2b'
O1, O2, O3 = '6a1b2c3d4e5f60718293a4b1', '6a1b2c3d4e5f60718293a4b2', '6a1b2c3d4e5f60718293a4b3'
DIGITS = '650000000000000000000001'


def statuses(*pairs):
    """An om_migration_link_info result with org_ids: (org_id, status) pairs."""
    return dict(changed=False, links=[dict(org_id=o, status=s, linked=s == 'SYNCED') for o, s in pairs])


def made(count, key='key', failed=False, **extra):
    """One loop item of the atlas_link_token task (count tokens)."""
    if failed:
        return dict(failed=True, changed=False, **extra)
    return dict(changed=True, link_tokens=['tok-%s-%d' % (key, i) for i in range(count)],
                token_infos=[dict(org_id=ATLAS, org_name='X', public_api_key='%s%d' % (key, i)) for i in range(count)])


def answers(*entries):
    """An om_migration_link result with links: (org_id, status, changed) or (org_id, 'failed', msg)."""
    links = []
    for org_id, status, third in entries:
        if status == 'failed':
            links.append(dict(org_id=org_id, changed=False, failed=True, msg=third))
        else:
            links.append(dict(org_id=org_id, status=status, linked=status == 'SYNCED', changed=third, failed=False))
    return dict(changed=True, links=links)


def test_every_filter_is_registered():
    assert sorted(FilterModule().filters()) == sorted([
        'link_org_ids', 'link_batches', 'link_requests', 'link_unsynced', 'link_results', 'unlink_requests',
        'unlink_results', 'unlink_blockers'])


# ---------------------------------------------------------------- ids and input checks

def test_object_id_turns_an_unquoted_all_digit_id_into_its_digits():
    assert object_id(int(DIGITS), 'opt') == DIGITS
    assert object_id(DIGITS, 'opt') == DIGITS


@pytest.mark.parametrize('value, shown', [
    (0o50000000000000000000001, 'Write the id in quotes'),  # 050000... unquoted: YAML 1.1 reads octal
    (True, 'True'),
    (1.5e23, 'Write the id in quotes'),
    ('6A1B2C3D4E5F60718293A4B1', '6A1B2C3D4E5F60718293A4B1'),
    ('6a1b2c3d4e5f60718293a4b1\n', 'expected 24 lowercase hexadecimal characters'),
])
def test_object_id_refuses_by_name(value, shown):
    with pytest.raises(AnsibleFilterError) as info:
        object_id(value, 'link_source_orgs[0].org_id')
    assert str(info.value).startswith('link_source_orgs[0].org_id: ')
    assert shown in str(info.value)


def test_link_org_ids_normalizes_and_checks_everything():
    orgs = [dict(org_id=O1, access_list_ips=['198.51.100.7']), dict(org_id=int(DIGITS))]
    assert link_org_ids(orgs, ATLAS, ['203.0.113.10', '192.0.2.0/24']) == [O1, DIGITS]
    assert link_org_ids(orgs, int('5' * 24)) == [O1, DIGITS]


@pytest.mark.parametrize('orgs, atlas, ips, message', [
    ([], ATLAS, [], 'link_source_orgs: must list at least one organization'),
    (None, ATLAS, [], 'link_source_orgs: must list at least one organization'),
    ([dict(org=O1)], ATLAS, [], 'link_source_orgs[0]: '),
    ([dict(org_id=O1), dict(org_id=O1)], ATLAS, [], 'link_source_orgs[1].org_id: organization %s is listed twice' % O1),
    ([dict(org_id=O1), dict(org_id=int(O1[:0] + DIGITS)), dict(org_id=DIGITS)], ATLAS, [],
     'link_source_orgs[2].org_id: organization %s is listed twice' % DIGITS),
    ([dict(org_id='nope')], ATLAS, [], "link_source_orgs[0].org_id: 'nope' is not an organization id"),
    ([dict(org_id=O1)], 'nope', [], "link_atlas_org_id: 'nope' is not an organization id"),
    ([dict(org_id=O1)], ATLAS, ['203.0.113.300'], "link_access_list_ips: '203.0.113.300' is not an IP address"),
    ([dict(org_id=O1, access_list_ips=['10.0.0.1/8'])], ATLAS, [],
     "link_source_orgs[0].access_list_ips: '10.0.0.1/8' is not an IP address or CIDR block"),
])
def test_link_org_ids_refuses_bad_input_by_name(orgs, atlas, ips, message):
    with pytest.raises(AnsibleFilterError) as info:
        link_org_ids(orgs, atlas, ips)
    assert message in str(info.value)


# ---------------------------------------------------------------- the plan

def test_link_batches_only_the_organizations_not_synced_grouped_by_access_list():
    orgs = [dict(org_id=O1, access_list_ips=['198.51.100.7']), dict(org_id=O2), dict(org_id=O3, access_list_ips=[])]
    read = statuses((O1, None), (O2, 'SYNCED'), (O3, 'NOT_SYNCED'))
    assert link_batches(read, orgs, ['203.0.113.10']) == [
        dict(ips=['198.51.100.7'], org_ids=[O1], count=1, label='1 token(s), access list 198.51.100.7'),
        dict(ips=['203.0.113.10'], org_ids=[O3], count=1, label='1 token(s), access list 203.0.113.10'),
    ]
    assert [b['org_ids'] for b in link_batches(read, orgs, ['203.0.113.10'], force=True)] == [[O1], [O2, O3]]
    assert link_batches(read, orgs, None, force=True)[1]['label'] == '2 token(s), access list none'


def test_link_batches_nothing_to_do_when_converged():
    assert link_batches(statuses((O1, 'SYNCED')), [dict(org_id=O1)]) == []


def test_link_batches_splits_150_organizations_sharing_an_access_list_into_runs_of_100():
    ids = ['6a1b2c3d4e5f6071%08x' % i for i in range(150)]
    batches = link_batches(statuses(*[(o, None) for o in ids]), [dict(org_id=o) for o in ids], ['203.0.113.10'])
    assert [b['count'] for b in batches] == [100, 50]
    assert batches[0]['org_ids'] + batches[1]['org_ids'] == ids
    assert all(b['ips'] == ['203.0.113.10'] for b in batches)
    assert [b['count'] for b in link_batches(statuses(*[(o, None) for o in ids]), [dict(org_id=o) for o in ids],
                                             size=40)] == [40, 40, 40, 30]


def test_link_batches_matches_an_unquoted_all_digit_id_with_the_modules_answer():
    """The bug: an int org_id never matched the module's string, so nothing was linked and the role succeeded."""
    batches = link_batches(statuses((DIGITS, None), (O1, 'SYNCED')), [dict(org_id=int(DIGITS)), dict(org_id=O1)])
    assert batches == [dict(ips=[], org_ids=[DIGITS], count=1, label='1 token(s), access list none')]


def test_link_batches_refuses_a_status_read_of_other_organizations():
    with pytest.raises(AnsibleFilterError, match='the status read lists'):
        link_batches(statuses((O2, None)), [dict(org_id=O1)])


def test_link_requests_pairs_each_organization_with_its_own_token():
    batches = [dict(ips=['a'], org_ids=[O1], count=1), dict(ips=[], org_ids=[O2, O3], count=2)]
    tokens = dict(results=[made(1, 'a'), made(2, 'b')])
    assert link_requests(tokens, batches, statuses((O1, None), (O2, None), (O3, None))) == [
        dict(org_id=O1, link_token='tok-a-0', current_status='NONE'), dict(org_id=O2, link_token='tok-b-0', current_status='NONE'),
        dict(org_id=O3, link_token='tok-b-1', current_status='NONE')]
    read = statuses((O1, 'NOT_SYNCED'), (O2, 'SYNCED'), (O3, None))
    assert [one['current_status'] for one in link_requests(tokens, batches, read)] == ['NOT_SYNCED', 'SYNCED', 'NONE']
    failed_first = dict(results=[made(1, failed=True, msg='boom'), made(2, 'b')])
    assert [one['org_id'] for one in link_requests(failed_first, batches)] == [O2, O3]
    check_mode = dict(results=[dict(changed=True, link_tokens=[None]), dict(changed=True, link_tokens=[None, None])])
    assert link_requests(check_mode, batches) == [dict(org_id=o, link_token=None) for o in (O1, O2, O3)]


def test_link_unsynced():
    assert link_unsynced(answers((O1, 'SYNCED', True), (O2, 'NOT_SYNCED', True), (O3, 'failed', 'x'))) == [O2]
    assert link_unsynced(statuses((O1, None), (O2, 'SYNCED'))) == [O1]
    assert link_unsynced(dict(skipped=True)) == []
    assert link_unsynced({}) == []


# ---------------------------------------------------------------- link_results (present)

def test_link_results_converged_ignores_step_results_of_an_earlier_run():
    stale = answers((O1, 'failed', 'old'))
    assert link_results(statuses((O1, 'SYNCED')), [], {}, stale, {}, ATLAS, 10, 3) == [
        dict(org_id=O1, status='SYNCED', changed=False, failed=False)]


def test_link_results_all_linked():
    batches = [dict(org_ids=[O1, O2], count=2)]
    result = link_results(statuses((O1, None), (O2, 'SYNCED')), batches, dict(results=[made(2)]),
                          answers((O1, 'SYNCED', True), (O2, 'SYNCED', False)), dict(skipped=True), ATLAS, 10, 3)
    assert result == [dict(org_id=O1, status='SYNCED', changed=True, failed=False),
                      dict(org_id=O2, status='SYNCED', changed=False, failed=False)]


def test_link_results_part_way_failures_name_each_organization_and_what_to_do():
    o4 = '6a1b2c3d4e5f60718293a4b4'
    batches = [dict(org_ids=[o4], count=1), dict(org_ids=[O1, O2, O3], count=3)]
    tokens = dict(results=[made(1, failed=True, msg='Creating link-token 1 of 1 failed: HTTP 500', maybe_processed=True),
                           made(3, 'k')])
    linked = answers((O1, 'SYNCED', True), (O2, 'failed', 'POST ... failed: HTTP 500.'), (O3, 'NOT_SYNCED', True))
    wait = dict(failed=True, attempts=2, msg='still waiting', links=[dict(org_id=O3, status=None, linked=False)])
    result = link_results(statuses((o4, None), (O1, None), (O2, None), (O3, None)), batches, tokens, linked, wait,
                          ATLAS, 1, 2)
    assert [(r['org_id'], r['status'], r['changed'], r['failed']) for r in result] == [
        (o4, None, False, True), (O1, 'SYNCED', True, False), (O2, None, False, True), (O3, None, True, True)]
    assert 'msg' not in result[1]
    assert result[0]['msg'] == (
        'Organization %s was not linked, because no link-token could be made for it: Creating link-token 1 of 1 failed: '
        'HTTP 500 The request may have reached Atlas, so an unused link-token may exist there (see the README of the '
        'role, "Failure recovery").' % o4)
    assert result[2]['msg'].startswith('Organization %s was not linked: POST ... failed: HTTP 500. A new link-token was '
                                       'created for it in Atlas organization %s (API key k1) and is now unused.' % (
                                           O2, ATLAS))
    assert 'Atlas removes all its link-tokens at once.' in result[2]['msg']
    assert result[3]['msg'] == (
        'Organization %s was linked, but its status is still none after 1 retries 2 seconds apart (last check: still '
        'waiting). Check the link in Cloud Manager / Ops Manager, raise link_wait_retries, or link again with '
        'link_force=true.' % O3)
    assert not any('tok-' in str(r) for r in result)


def test_link_results_link_module_failed_as_a_whole():
    batches = [dict(org_ids=[O1, O2], count=2)]
    result = link_results(statuses((O1, None), (O2, None)), batches, dict(results=[made(2)]),
                          dict(failed=True, msg='links: bad input'), dict(skipped=True), ATLAS)
    assert [r['failed'] for r in result] == [True, True]
    assert 'was not linked: links: bad input A new link-token' in result[1]['msg']
    assert '(API key key1)' in result[1]['msg']


def test_link_results_check_mode_predicts_without_tokens():
    batches = [dict(org_ids=[O1], count=1)]
    tokens = dict(results=[dict(changed=True, link_tokens=[None])])
    result = link_results(statuses((O1, None)), batches, tokens, answers((O1, 'SYNCED', True)), dict(skipped=True))
    assert result == [dict(org_id=O1, status='SYNCED', changed=True, failed=False)]


# ---------------------------------------------------------------- absent

def test_unlink_requests_every_organization_with_a_link():
    assert unlink_requests(statuses((O1, 'SYNCED'), (O2, None), (O3, 'NOT_SYNCED'))) == [dict(org_id=O1), dict(org_id=O3)]
    assert unlink_requests(statuses((O2, None))) == []


def test_unlink_results():
    read = statuses((O1, 'SYNCED'), (O2, None), (O3, 'NOT_SYNCED'))
    unlinked = dict(failed=True, links=[
        dict(org_id=O1, changed=False, failed=True, msg='DELETE ... HTTP 409 (5e5e5e5e5e5e5e5e5e5e5e5e).'),
        dict(org_id=O3, changed=True, failed=False, status=None, linked=False)])
    result = unlink_results(read, unlinked, ATLAS)
    assert [(r['org_id'], r['status'], r['changed'], r['failed']) for r in result] == [
        (O1, 'SYNCED', False, True), (O2, None, False, False), (O3, None, True, False)]
    assert result[0]['msg'] == (
        'Organization %s is still linked: DELETE ... HTTP 409 (5e5e5e5e5e5e5e5e5e5e5e5e). The link-tokens of Atlas '
        'organization %s were kept, because this organization still uses them. Run the role again once the cause is '
        'solved.' % (O1, ATLAS))
    whole = unlink_results(statuses((O1, 'SYNCED')), dict(failed=True, msg='base_url: is required'), ATLAS)
    assert whole[0]['failed'] and 'still linked: base_url: is required' in whole[0]['msg']
    assert unlink_results(statuses((O2, None)), dict(skipped=True)) == [
        dict(org_id=O2, status=None, changed=False, failed=False)]


def test_unlink_blockers():
    assert unlink_blockers(['a', 'b', 'c'], ['a', 'b', 'c'], ATLAS) == ''
    assert unlink_blockers(['a', 'b', 'c'], ['a'], ATLAS) == (
        'The link-tokens of Atlas organization %s were kept, because these hosts of the play failed and their '
        'organizations may still be linked: b, c. Run the role again for all of them once the cause is solved.' % ATLAS)


def test_tokens_per_run_is_the_modules_limit():
    from ansible_collections.livemigrate.mongodb.plugins.modules.atlas_link_token import MAX_COUNT
    assert link.TOKENS_PER_RUN == MAX_COUNT


def test_current_status_for_om_migration_link():
    read = statuses((O1, None), (O2, 'NOT_SYNCED'), (O3, 'SYNCED'))
    assert [link._current_status(read, o) for o in (O1, O2, O3)] == ['NONE', 'NOT_SYNCED', 'SYNCED']


ATLAS_KEYS = dict(base_url='https://cloud.mongodb.com', public_key='pubkey', private_key='0c5a7b3e-91d4-4f6a-8e2b-5d7c9a1f3e60')


@pytest.fixture
def no_atlas_env(monkeypatch):
    for names in ('MONGODB_ATLAS_BASE_URL', 'MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY',
                  'MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET'):
        monkeypatch.delenv(names, raising=False)
    return monkeypatch


@pytest.mark.parametrize('atlas, option', [
    (dict(ATLAS_KEYS, client_id='mdb_sa_id_x', client_secret='mdb_sa_sk_secret'), 'link_atlas.public_key'),
    (dict(ATLAS_KEYS, ca_path='/nonexistent/ca.pem'), 'link_atlas.ca_path'),
    (dict(ATLAS_KEYS, base_url='https://cloud.mongodb.com/api/atlas/v2'), 'link_atlas.base_url'),
    (dict(base_url='https://cloud.mongodb.com', public_key='pubkey'), 'link_atlas.private_key'),
    ({}, 'link_atlas.public_key'),
])
def test_link_org_ids_checks_the_atlas_settings_before_any_request(no_atlas_env, atlas, option):
    with pytest.raises(AnsibleFilterError) as info:
        link_org_ids([dict(org_id=O1)], ATLAS, None, atlas, 'localhost')
    assert str(info.value).startswith(option + ':')
    assert '0c5a7b3e' not in str(info.value) and 'mdb_sa_sk_secret' not in str(info.value)


def test_link_org_ids_atlas_settings_count_the_environment_like_the_modules(no_atlas_env):
    no_atlas_env.setenv('MONGODB_ATLAS_CLIENT_ID', 'mdb_sa_id_x')
    no_atlas_env.setenv('MONGODB_ATLAS_CLIENT_SECRET', 'mdb_sa_sk_secret')
    assert link_org_ids([dict(org_id=O1)], ATLAS, None, {}, 'localhost') == [O1]
    with pytest.raises(AnsibleFilterError, match='^link_atlas.public_key: .*not both'):
        link_org_ids([dict(org_id=O1)], ATLAS, None, ATLAS_KEYS, '127.0.0.1')


def test_link_org_ids_leaves_the_atlas_settings_of_another_host_to_the_module(no_atlas_env):
    """Its environment variables and files are not the controller's: the module checks them before the first write."""
    assert link_org_ids([dict(org_id=O1)], ATLAS, None, dict(ATLAS_KEYS, ca_path='/on/that/host.pem'), 'migration-host-1') == [O1]
    assert link_org_ids([dict(org_id=O1)], ATLAS, None, ATLAS_KEYS, 'localhost') == [O1]
