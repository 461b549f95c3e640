# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""om_migration_link: validate() and run() decisions against the simulator."""

import base64
import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, BatchError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import om_migration_link as module_under_test
from tests.support import contract
from tests.support.module_params import InvalidParameters

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
OM_ORG = '6a1b2c3d4e5f60718293a4b5'
PROJECT = '65a1b2c3d4e5f60718293a4c'
ARGUMENTS = arguments.om_migration_link()
BASE = dict(org_id=OM_ORG)


def run_module(target, module, client):
    """``target.run`` as runner.run_module calls it: the diff attached in diff mode only."""
    return with_diff(module, *target.run(module, client))


def run(module, make_client, auth='digest'):
    client = make_client(auth=auth, warn=module.warn)
    return run_module(module_under_test, module, client)


def methods(calls):
    return [(e['method'], e['status']) for e in calls]


def b64(text):
    return base64.b64encode(text.encode('utf-8')).decode('ascii')


# -- validate ---------------------------------------------------------------------------------

@pytest.mark.parametrize('org_id', ['6a1b2c3d4e5f60718293a4b', '6A1B2C3D4E5F60718293A4B5', 'zz1b2c3d4e5f60718293a4b5'])
def test_validate_rejects_bad_org_id(module, org_id):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(org_id=org_id))
    assert err.value.option == 'org_id'
    assert repr(org_id) in str(err.value)


@pytest.mark.parametrize('token', [
    'not base64 at all!',
    b64('this is not JSON'),
    b64('["a", "list"]'),
    b64(json.dumps({'orgId': ATLAS_ORG, 'orgName': 'x', 'publicApiKey': 'abcdefgh'})),  # no privateApiKey
    'eyJvcmdJZCI6',  # truncated base64 of JSON
])
def test_validate_rejects_bad_token_without_echoing_it(module, token):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(link_token=token))
    assert err.value.option == 'link_token'
    assert str(err.value).startswith('link_token: ')
    assert token not in str(err.value)
    assert 'not shown' in str(err.value)


def test_validate_accepts_a_real_token_and_no_token(module, new_token):
    module_under_test.validate(module(link_token=new_token()))
    module_under_test.validate(module(link_token=None))


# -- state=present ----------------------------------------------------------------------------

@pytest.mark.parametrize('answer', ['404', 'not_synced'])
def test_present_links_an_unlinked_org(sim, module, make_client, new_token, api_calls, answer):
    sim.update_settings(no_link_answer=answer)
    token = new_token()
    mod = module(link_token=token, diff=True)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['status'] == 'SYNCED' and result['linked'] is True
    assert result['diff'] == dict(before=dict(status=None if answer == '404' else 'NOT_SYNCED'), after=dict(status='SYNCED'))
    assert token not in json.dumps(result)
    assert methods(api_calls()) == [('GET', 404 if answer == '404' else 200), ('POST', 201)]
    assert sim.om_link(OM_ORG)['status'] == 'SYNCED'
    assert not mod.warnings


@pytest.mark.parametrize('answer', ['status', 'source_org_view'])
def test_both_create_answers_mean_synced(sim, module, make_client, new_token, api_calls, answer):
    sim.update_settings(om_create_answer=answer)
    token = new_token()
    result = run(module(link_token=token), make_client)
    assert result['changed'] is True and result['status'] == 'SYNCED' and result['linked'] is True
    assert token not in json.dumps(result)
    assert methods(api_calls())[-1] == ('POST', 201 if answer == 'status' else 200)


def test_present_on_synced_org_is_exactly_one_get(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    mod = module()
    result = run(mod, make_client)
    assert result['changed'] is False
    assert result['status'] == 'SYNCED' and result['linked'] is True
    assert 'already linked' in result['msg']
    assert methods(api_calls()) == [('GET', 200)]
    assert not mod.warnings


def test_present_on_synced_org_with_token_warns_without_the_token(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    token = new_token()
    mod = module(link_token=token)
    result = run(mod, make_client)
    assert result['changed'] is False
    assert methods(api_calls()) == [('GET', 200)]
    assert len(mod.warnings) == 1
    assert 'already SYNCED' in mod.warnings[0] and 'force=true' in mod.warnings[0] and OM_ORG in mod.warnings[0]
    assert token not in mod.warnings[0]


def test_force_links_again(sim, module, make_client, link_org, new_token, api_calls):
    old = link_org(OM_ORG)
    token = new_token()
    mod = module(link_token=token, force=True, diff=True)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['diff'] == dict(before=dict(status='SYNCED'), after=dict(status='SYNCED'))
    assert methods(api_calls()) == [('GET', 200), ('POST', 201)]
    assert not mod.warnings
    assert old not in json.dumps(result) and token not in json.dumps(result)


def test_force_without_diff_skips_the_read(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    result = run(module(link_token=new_token(), force=True), make_client)
    assert result['changed'] is True and result['status'] == 'SYNCED'
    assert methods(api_calls()) == [('POST', 201)]


@pytest.mark.parametrize('token', [True, False])
def test_force_in_check_mode_sends_nothing(sim, module, make_client, link_org, new_token, token):
    link_org(OM_ORG)
    sim.clear_log()
    result = run(module(link_token=new_token() if token else None, force=True, check_mode=True), make_client)
    assert result['changed'] is True and result['status'] == 'SYNCED'
    assert sim.log == []  # not even a digest challenge: nothing to read when force links whatever the status is


def test_force_without_token_fails(sim, module, make_client, link_org, writes):
    link_org(OM_ORG)
    with pytest.raises(InputError) as err:
        run(module(force=True), make_client)
    assert err.value.option == 'link_token'
    assert writes() == []


@pytest.mark.parametrize('answer, said', [('404', 'not linked'), ('not_synced', 'NOT_SYNCED')])
def test_present_without_token_on_unlinked_org_fails_after_one_read(sim, module, make_client, api_calls, writes, answer, said):
    sim.update_settings(no_link_answer=answer)
    with pytest.raises(InputError) as err:
        run(module(), make_client)
    assert err.value.option == 'link_token'
    assert str(err.value).startswith('link_token: is required')
    assert OM_ORG in str(err.value) and said in str(err.value)
    assert 'atlas_link_token' in str(err.value)
    assert [e['method'] for e in api_calls()] == ['GET']
    assert writes() == []


def test_present_relinks_a_not_synced_link(sim, module, make_client, link_org, new_token, api_calls):
    """Deleting the Atlas token turns the link NOT_SYNCED; a new token links again."""
    link_org(OM_ORG)
    sim.core.state.delete_tokens(ATLAS_ORG)
    token = new_token()
    result = run(module(link_token=token, diff=True), make_client)
    assert result['changed'] is True
    assert result['diff']['before'] == dict(status='NOT_SYNCED')
    assert sim.om_link(OM_ORG)['status'] == 'SYNCED'


def test_present_with_oauth(sim, module, make_client, new_token, api_calls):
    result = run(module(link_token=new_token()), make_client, auth='oauth')
    assert result['changed'] is True
    assert [e['auth'] for e in api_calls()] == ['bearer', 'bearer']


def test_rejected_token_fails_without_echoing_it(sim, module, make_client, new_token):
    token = new_token()
    sim.core.state.delete_tokens(ATLAS_ORG)  # its API key is gone: Cloud/Ops Manager refuses it
    client = make_client()
    with pytest.raises(ApiError) as err:
        run_module(module_under_test, module(link_token=token), client)
    assert err.value.status == 400
    assert token not in str(err.value)


def test_503_on_post_is_not_retried_429_is(sim, module, make_client, new_token, writes):
    token = new_token()
    sim.add_fault('status', method='POST', path='migrationLink', status=503, retry_after=1)
    mod = module(link_token=token)
    with pytest.raises(ApiError) as err:
        run(mod, make_client)
    assert err.value.status == 503
    assert len(writes()) == 1 and not mod.warnings
    assert sim.om_link(OM_ORG) is None

    sim.clear_log()
    sim.add_fault('status', method='POST', path='migrationLink', status=429, retry_after=1)
    mod = module(link_token=token)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert len(mod.warnings) == 1 and 'HTTP 429' in mod.warnings[0] and token not in mod.warnings[0]
    assert sim.om_link(OM_ORG)['status'] == 'SYNCED'


# -- check mode -------------------------------------------------------------------------------

def test_check_mode_present_reads_and_predicts(sim, module, make_client, new_token, api_calls, writes):
    token = new_token()
    result = run(module(link_token=token, check_mode=True, diff=True), make_client)
    assert result['changed'] is True
    assert result['status'] == 'SYNCED' and result['linked'] is True
    assert result['diff'] == dict(before=dict(status=None), after=dict(status='SYNCED'))
    assert 'check mode' in result['msg']
    assert [e['method'] for e in api_calls()] == ['GET']
    assert writes() == []
    assert sim.om_link(OM_ORG) is None


def test_check_mode_present_on_synced_org(sim, module, make_client, link_org, writes):
    link_org(OM_ORG)
    result = run(module(check_mode=True), make_client)
    assert result['changed'] is False
    assert writes() == []


def test_check_mode_absent_on_linked_org(sim, module, make_client, link_org, api_calls, writes):
    link_org(OM_ORG)
    result = run(module(state='absent', check_mode=True), make_client)
    assert result['changed'] is True
    assert result['status'] is None and result['linked'] is False
    assert [e['method'] for e in api_calls()] == ['GET']
    assert writes() == []
    assert sim.om_link(OM_ORG) is not None


def test_check_mode_absent_on_unlinked_org_with_404_answer(sim, module, make_client, writes):
    result = run(module(state='absent', check_mode=True, diff=True), make_client)
    assert result['changed'] is False
    assert result['diff'] == dict(before=dict(status=None), after=dict(status=None))
    assert writes() == []


def test_check_mode_absent_on_unlinked_org_with_not_synced_answer(sim, module, make_client, writes):
    """NOT_SYNCED may be a dead link (DELETE removes it) or no link at all: check mode predicts a change.

    The real run then reports changed=false (DELETE answers 404): check mode and the real run disagree
    when the service answers "no link" with NOT_SYNCED.
    """
    sim.update_settings(no_link_answer='not_synced')
    predicted = run(module(state='absent', check_mode=True), make_client)
    assert predicted['changed'] is True
    assert writes() == []
    real = run(module(state='absent'), make_client)
    assert real['changed'] is False


# -- state=absent -----------------------------------------------------------------------------

def test_absent_is_one_delete(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    mod = module(state='absent')
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['status'] is None and result['linked'] is False
    assert 'diff' not in result
    assert methods(api_calls()) == [('DELETE', 204)]
    assert sim.om_link(OM_ORG) is None


def test_absent_with_diff_is_one_get_and_one_delete(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    result = run(module(state='absent', diff=True), make_client)
    assert result['changed'] is True
    assert result['diff'] == dict(before=dict(status='SYNCED'), after=dict(status=None))
    assert methods(api_calls()) == [('GET', 200), ('DELETE', 204)]


@pytest.mark.parametrize('answer', ['404', 'not_synced'])
def test_absent_again_is_unchanged(sim, module, make_client, api_calls, answer):
    sim.update_settings(no_link_answer=answer)
    result = run(module(state='absent'), make_client)
    assert result['changed'] is False
    assert 'has no link' in result['msg']
    assert methods(api_calls()) == [('DELETE', 404)]


def test_absent_with_diff_on_unlinked_org_404_is_one_get(sim, module, make_client, api_calls):
    result = run(module(state='absent', diff=True), make_client)
    assert result['changed'] is False
    assert methods(api_calls()) == [('GET', 404)]


def test_absent_with_diff_on_unlinked_org_not_synced(sim, module, make_client, api_calls):
    sim.update_settings(no_link_answer='not_synced')
    result = run(module(state='absent', diff=True), make_client)
    assert result['changed'] is False
    assert result['diff'] == dict(before=dict(status=None), after=dict(status=None))
    assert methods(api_calls()) == [('GET', 200), ('DELETE', 404)]


def test_absent_of_a_not_synced_link_removes_it(sim, module, make_client, link_org):
    link_org(OM_ORG)
    sim.core.state.delete_tokens(ATLAS_ORG)
    result = run(module(state='absent', diff=True), make_client)
    assert result['changed'] is True
    assert result['diff']['before'] == dict(status='NOT_SYNCED')
    assert sim.om_link(OM_ORG) is None


def test_absent_while_a_migration_runs_fails_with_the_project(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    sim.set_running_migration(OM_ORG, [PROJECT])
    with pytest.raises(ApiError) as err:
        run(module(state='absent'), make_client)
    assert err.value.status == 409
    assert err.value.error_code == 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT'
    assert PROJECT in str(err.value)
    assert 'Cut it over' in str(err.value)
    assert err.value.to_result()['parameters'] == [PROJECT]
    assert sim.om_link(OM_ORG) is not None
    assert methods(api_calls()) == [('DELETE', 409)], '409 is not retried'

    sim.set_running_migration(OM_ORG, [])
    assert run(module(state='absent'), make_client)['changed'] is True


def test_absent_with_oauth(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    result = run(module(state='absent'), make_client, auth='oauth')
    assert result['changed'] is True
    assert [(e['method'], e['auth']) for e in api_calls()] == [('DELETE', 'bearer')]


def test_503_on_delete_is_retried_with_a_warning(sim, module, make_client, link_org):
    link_org(OM_ORG)
    sim.add_fault('status', method='DELETE', path='migrationLink', status=503, retry_after=1)
    mod = module(state='absent')
    result = run(mod, make_client)
    assert result['changed'] is True
    assert len(mod.warnings) == 1 and 'HTTP 503' in mod.warnings[0]


def test_check_mode_predicts_a_link_without_a_token(sim, module, make_client, writes):
    # atlas_link_token creates no token in check mode, so the documented two-task workflow passes None here.
    result = run(module(check_mode=True), make_client)
    assert result['changed'] is True and result['status'] == 'SYNCED'
    assert 'the real run needs link_token' in result['msg']
    assert writes() == []


# -- links: many organizations in one run -----------------------------------------------------

OM_ORG2 = '6a1b2c3d4e5f60718293a4b6'
OM_ORG3 = '6a1b2c3d4e5f60718293a4b7'
ORGS = [OM_ORG, OM_ORG2, OM_ORG3]


def many(module, links, **params):
    """The module with ``links`` (and org_id unset: the two are mutually exclusive)."""
    return module(org_id=None, links=links, **params)


def entries(tokens, orgs=None):
    return [dict(org_id=org, link_token=token) for org, token in zip(orgs or ORGS, tokens)]


def org_calls(calls):
    """(method, org, status) of each request, the org as its position in ORGS."""
    return [(e['method'], ORGS.index(e['path'].split('/orgs/')[1].split('/')[0]), e['status']) for e in calls]


def everything(exc):
    """All a failed task would print: the message and the extra result keys."""
    return str(exc) + json.dumps(exc.to_result(), default=str)


def test_validate_links_accepts_real_tokens_and_none(module, new_token):
    module_under_test.validate(many(module, [dict(org_id=OM_ORG, link_token=new_token()),
                                             dict(org_id=OM_ORG2, link_token=None)]))


def test_validate_rejects_empty_links(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(many(module, []))
    assert err.value.option == 'links'
    assert 'empty' in str(err.value)


@pytest.mark.parametrize('org_id', ['6a1b2c3d4e5f60718293a4b', '6A1B2C3D4E5F60718293A4B6'])
def test_validate_rejects_bad_org_id_in_links_naming_its_index(module, org_id):
    with pytest.raises(InputError) as err:
        module_under_test.validate(many(module, [dict(org_id=OM_ORG, link_token=None), dict(org_id=org_id, link_token=None)]))
    assert err.value.option == 'links[1].org_id'
    assert str(err.value).startswith('links[1].org_id: ')
    assert repr(org_id) in str(err.value)


def test_a_null_org_id_in_links_is_refused_before_any_request(sim, module):
    """ansible-core 2.16's spec refuses org_id: null; newer cores make it '' and validate() refuses that, by index."""
    with pytest.raises((InvalidParameters, InputError)) as err:
        module_under_test.validate(many(module, [dict(org_id=OM_ORG, link_token=None), dict(org_id=None, link_token=None)]))
    assert 'org_id' in str(err.value)
    if isinstance(err.value, InputError):
        assert str(err.value).startswith("links[1].org_id: '' ")
    assert sim.log == []


def test_validate_rejects_duplicate_org_ids(module):
    links = [dict(org_id=OM_ORG, link_token=None), dict(org_id=OM_ORG2, link_token=None), dict(org_id=OM_ORG, link_token=None)]
    with pytest.raises(InputError) as err:
        module_under_test.validate(many(module, links))
    assert err.value.option == 'links[2].org_id'
    assert OM_ORG in str(err.value) and 'twice' in str(err.value)


@pytest.mark.parametrize('token', ['not base64 at all!', b64('this is not JSON'),
                                   b64(json.dumps({'orgId': ATLAS_ORG, 'orgName': 'x', 'publicApiKey': 'abcdefgh'}))])
def test_validate_rejects_bad_token_in_links_without_echoing_it(module, new_token, token):
    links = [dict(org_id=OM_ORG, link_token=token), dict(org_id=OM_ORG2, link_token=new_token())]
    with pytest.raises(InputError) as err:
        module_under_test.validate(many(module, links))
    assert err.value.option == 'links[0].link_token'
    assert token not in str(err.value)
    assert links[1]['link_token'] not in str(err.value)
    assert 'not shown' in str(err.value)


def test_validate_checks_every_entry_before_any_request(sim, module, new_token):
    """A bad last entry stops the run before anything is sent for the good ones."""
    links = [dict(org_id=OM_ORG, link_token=new_token()), dict(org_id=OM_ORG2, link_token='bad')]
    with pytest.raises(InputError) as err:
        module_under_test.validate(many(module, links))
    assert err.value.option == 'links[1].link_token'
    assert sim.log == []


def test_links_present_links_the_unlinked_and_leaves_the_synced(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    tokens = [new_token() for org in ORGS]
    mod = many(module, entries(tokens))
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['msg'] == '2 of 3 organizations changed.'
    assert [one['org_id'] for one in result['links']] == ORGS
    assert [one['changed'] for one in result['links']] == [False, True, True]
    assert [one['failed'] for one in result['links']] == [False, False, False]
    assert [one['status'] for one in result['links']] == ['SYNCED'] * 3
    assert all(one['linked'] for one in result['links'])
    assert 'already linked' in result['links'][0]['msg']
    assert 'status' not in result and 'org_id' not in result and 'diff' not in result
    # one read per organization, one write per organization to link, on one connection
    assert org_calls(api_calls()) == [('GET', 0, 200), ('GET', 1, 404), ('POST', 1, 201), ('GET', 2, 404), ('POST', 2, 201)]
    assert len([e for e in sim.log if e['challenge']]) == 1
    assert len(set(e['conn'] for e in sim.log)) == 1
    assert [sim.om_link(org)['status'] for org in ORGS] == ['SYNCED'] * 3
    assert contract.validate_om_log(sim.log) == 6  # the five calls and the digest challenge
    # the unused token of the SYNCED organization: one warning naming it, without the token
    assert len(mod.warnings) == 1
    assert 'already SYNCED' in mod.warnings[0] and OM_ORG in mod.warnings[0]
    for token in tokens:
        assert token not in json.dumps(result) and token not in mod.warnings[0]


def test_links_present_again_is_one_read_per_org(sim, module, make_client, new_token, api_calls, writes):
    tokens = [new_token() for org in ORGS]
    assert run(many(module, entries(tokens)), make_client)['changed'] is True
    sim.clear_log()
    result = run(many(module, entries([None] * 3)), make_client)
    assert result['changed'] is False
    assert result['msg'] == '0 of 3 organizations changed.'
    assert [e['method'] for e in api_calls()] == ['GET'] * 3
    assert writes() == []


def test_links_force_skips_the_reads(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    tokens = [new_token() for org in ORGS]
    result = run(many(module, entries(tokens), force=True), make_client)
    assert [one['changed'] for one in result['links']] == [True, True, True]
    assert org_calls(api_calls()) == [('POST', 0, 201), ('POST', 1, 201), ('POST', 2, 201)]


def test_links_force_with_diff_reads(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    result = run(many(module, entries([new_token() for org in ORGS]), force=True, diff=True), make_client)
    assert [e['method'] for e in api_calls()] == ['GET', 'POST'] * 3
    assert [d['before']['status'] for d in result['diff']] == ['SYNCED', None, None]


def test_links_present_with_oauth(sim, module, make_client, new_token, api_calls):
    result = run(many(module, entries([new_token() for org in ORGS])), make_client, auth='oauth')
    assert result['changed'] is True
    assert [e['auth'] for e in api_calls()] == ['bearer'] * 6
    assert [e['path'] for e in sim.log].count('/api/oauth/token') == 1


def test_links_check_mode_only_reads(sim, module, make_client, link_org, new_token, api_calls, writes):
    link_org(OM_ORG)
    mod = many(module, entries([None, new_token(), None]), check_mode=True, diff=True)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert [one['changed'] for one in result['links']] == [False, True, True]
    assert [one['status'] for one in result['links']] == ['SYNCED'] * 3
    assert result['msg'] == '2 of 3 organizations would change (check mode).'
    assert 'the real run needs link_token' in result['links'][2]['msg']
    assert [e['method'] for e in api_calls()] == ['GET'] * 3
    assert writes() == []
    assert sim.om_link(OM_ORG2) is None and sim.om_link(OM_ORG3) is None


def test_links_diff_is_a_list_with_headers(sim, module, make_client, link_org, new_token):
    link_org(OM_ORG)
    tokens = [None, new_token(), new_token()]
    result = run(many(module, entries(tokens), diff=True), make_client)
    assert result['diff'] == [
        dict(before=dict(status=before), after=dict(status='SYNCED'),
             before_header='organization %s' % org, after_header='organization %s' % org)
        for org, before in zip(ORGS, ['SYNCED', None, None])]
    assert all('diff' not in one for one in result['links'])
    for token in tokens[1:]:
        assert token not in json.dumps(result)


def test_links_absent_is_one_delete_per_org(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    link_org(OM_ORG3)
    result = run(many(module, entries([None] * 3), state='absent'), make_client)
    assert result['changed'] is True
    assert [one['changed'] for one in result['links']] == [True, False, True]
    assert [one['status'] for one in result['links']] == [None] * 3
    assert 'has no link' in result['links'][1]['msg']
    assert result['msg'] == '2 of 3 organizations changed.'
    assert org_calls(api_calls()) == [('DELETE', 0, 204), ('DELETE', 1, 404), ('DELETE', 2, 204)]
    assert [sim.om_link(org) for org in ORGS] == [None] * 3
    assert contract.validate_om_log(sim.log) == 4

    sim.clear_log()
    again = run(many(module, entries([None] * 3), state='absent'), make_client)
    assert again['changed'] is False
    assert [e['method'] for e in api_calls()] == ['DELETE'] * 3


def test_links_absent_check_mode_and_diff(sim, module, make_client, link_org, api_calls, writes):
    link_org(OM_ORG2)
    result = run(many(module, entries([None] * 3), state='absent', check_mode=True, diff=True), make_client)
    assert [one['changed'] for one in result['links']] == [False, True, False]
    assert [d['before']['status'] for d in result['diff']] == [None, 'SYNCED', None]
    assert [e['method'] for e in api_calls()] == ['GET'] * 3
    assert writes() == []
    assert sim.om_link(OM_ORG2) is not None


def test_links_one_failed_post_does_not_stop_the_others(sim, module, make_client, new_token, api_calls):
    tokens = [new_token() for org in ORGS]
    sim.add_fault('status', method='POST', path=OM_ORG2 + '/liveExport/migrationLink$', status=500)
    client = make_client()
    mod = many(module, entries(tokens), diff=True)
    with pytest.raises(BatchError) as err:
        run_module(module_under_test, mod, client)
    message = str(err.value)
    assert message.startswith('1 of 3 organizations failed: Organization %s: ' % OM_ORG2)
    assert 'HTTP 500' in message
    assert OM_ORG not in message and OM_ORG3 not in message
    result = err.value.to_result()
    assert result['changed'] is True
    assert [one['failed'] for one in result['links']] == [False, True, False]
    assert [one['changed'] for one in result['links']] == [True, False, True]
    failed = result['links'][1]
    assert failed['org_id'] == OM_ORG2 and failed['http_status'] == 500 and failed['error_code'] == 'UNEXPECTED_ERROR'
    assert 'status' not in failed and 'linked' not in failed
    assert 'diff' not in result
    assert [d['before_header'] for d in err.value.diff] == ['organization %s' % OM_ORG, 'organization %s' % OM_ORG3]
    # the third organization was still handled: GET + POST each, the failed POST not resent
    assert org_calls(api_calls()) == [('GET', 0, 404), ('POST', 0, 201), ('GET', 1, 404), ('POST', 1, 500),
                                      ('GET', 2, 404), ('POST', 2, 201)]
    assert sim.om_link(OM_ORG)['status'] == 'SYNCED' and sim.om_link(OM_ORG2) is None
    assert sim.om_link(OM_ORG3)['status'] == 'SYNCED'
    for token in tokens:
        assert token not in everything(err.value)


def test_links_missing_token_fails_only_that_org(sim, module, make_client, link_org, new_token, api_calls, writes):
    link_org(OM_ORG)
    token = new_token()
    mod = many(module, entries([None, None, token]))
    with pytest.raises(BatchError) as err:
        run(mod, make_client)
    assert OM_ORG2 in str(err.value) and 'link_token' in str(err.value) and 'is required' in str(err.value)
    links = err.value.to_result()['links']
    assert [one['failed'] for one in links] == [False, True, False]
    assert [one['changed'] for one in links] == [False, False, True]
    assert 'http_status' not in links[1] and 'maybe_processed' not in links[1]
    assert org_calls(api_calls()) == [('GET', 0, 200), ('GET', 1, 404), ('GET', 2, 404), ('POST', 2, 201)]
    assert token not in everything(err.value)
    assert not mod.warnings


def test_links_rejected_token_fails_that_org_without_echoing_it(sim, module, make_client, new_token):
    dead = new_token()
    sim.core.state.delete_tokens(ATLAS_ORG)  # its API key is gone: Cloud/Ops Manager refuses it
    live = new_token()
    client = make_client()
    with pytest.raises(BatchError) as err:
        run_module(module_under_test, many(module, entries([dead, live], ORGS[:2])), client)
    links = err.value.to_result()['links']
    assert links[0]['failed'] is True and links[0]['http_status'] == 400
    assert links[0]['error_code'] == 'INVALID_LINK_TOKEN'
    assert links[1]['failed'] is False and links[1]['changed'] is True
    for token in (dead, live):
        assert token not in everything(err.value)


def test_links_dropped_post_says_it_may_have_been_processed(sim, module, make_client, new_token, api_calls):
    tokens = [new_token(), new_token()]
    sim.add_fault('drop_after', method='POST', path=OM_ORG + '/liveExport/migrationLink$')
    with pytest.raises(BatchError) as err:
        run(many(module, entries(tokens, ORGS[:2])), make_client)
    links = err.value.to_result()['links']
    assert links[0]['failed'] is True and links[0]['maybe_processed'] is True
    assert 'http_status' not in links[0]
    assert links[1]['failed'] is False and links[1]['changed'] is True
    assert [e['method'] for e in api_calls()] == ['GET', 'POST', 'GET', 'POST'], 'the dropped POST is not resent'
    for token in tokens:
        assert token not in everything(err.value)


def test_links_absent_409_fails_that_org_with_its_project(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    link_org(OM_ORG2)
    sim.set_running_migration(OM_ORG, [PROJECT])
    with pytest.raises(BatchError) as err:
        run(many(module, entries([None, None], ORGS[:2]), state='absent'), make_client)
    assert str(err.value).startswith('1 of 2 organizations failed: Organization %s: ' % OM_ORG)
    assert PROJECT in str(err.value)
    result = err.value.to_result()
    assert result['changed'] is True
    assert result['links'][0]['http_status'] == 409
    assert result['links'][0]['error_code'] == 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT'
    assert result['links'][1]['changed'] is True and result['links'][1]['failed'] is False
    assert org_calls(api_calls()) == [('DELETE', 0, 409), ('DELETE', 1, 204)]
    assert sim.om_link(OM_ORG) is not None and sim.om_link(OM_ORG2) is None


def test_links_every_org_failing_reports_each(sim, module, make_client, writes):
    with pytest.raises(BatchError) as err:
        run(many(module, entries([None, None], ORGS[:2])), make_client)
    assert str(err.value).startswith('2 of 2 organizations failed: ')
    assert OM_ORG in str(err.value) and OM_ORG2 in str(err.value)
    assert err.value.to_result()['changed'] is False
    assert writes() == []


# -- links[].current_status: the caller read the status already ------------------------------------

def known(tokens, statuses, orgs=None):
    return [dict(entry, current_status=status) for entry, status in zip(entries(tokens, orgs), statuses)]


def test_current_status_present_links_without_reading(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    tokens = [new_token(), new_token(), new_token()]
    mod = many(module, known(tokens, ['SYNCED', 'NONE', 'NOT_SYNCED']), diff=True)
    result = run(mod, make_client)
    assert [one['changed'] for one in result['links']] == [False, True, True]
    assert [one['status'] for one in result['links']] == ['SYNCED'] * 3
    assert org_calls(api_calls()) == [('POST', 1, 201), ('POST', 2, 201)], 'no status read, even in diff mode'
    assert [d['before']['status'] for d in result['diff']] == ['SYNCED', None, 'NOT_SYNCED']
    # the token of the SYNCED organization was not used: the usual warning, without the token
    assert len(mod.warnings) == 1 and 'already SYNCED' in mod.warnings[0] and OM_ORG in mod.warnings[0]
    assert tokens[0] not in mod.warnings[0]
    assert [sim.om_link(org)['status'] for org in ORGS] == ['SYNCED'] * 3


def test_current_status_synced_without_token_is_no_request_and_no_warning(sim, module, make_client, link_org):
    link_org(OM_ORG)
    mod = many(module, known([None], ['SYNCED'], ORGS[:1]))
    result = run(mod, make_client)
    assert result['changed'] is False and result['msg'] == '0 of 1 organization changed.'
    assert sim.log == [] and not mod.warnings


def test_current_status_with_force_links_a_synced_org(sim, module, make_client, link_org, new_token, api_calls):
    link_org(OM_ORG)
    result = run(many(module, known([new_token()], ['SYNCED'], ORGS[:1]), force=True, diff=True), make_client)
    assert result['links'][0]['changed'] is True
    assert methods(api_calls()) == [('POST', 201)]
    assert result['diff'][0]['before'] == dict(status='SYNCED')


def test_current_status_check_mode_predicts_and_sends_nothing(sim, module, make_client):
    mod = many(module, known([None, None], ['NONE', 'SYNCED'], ORGS[:2]), check_mode=True, diff=True)
    result = run(mod, make_client)
    assert [one['changed'] for one in result['links']] == [True, False]
    assert [one['status'] for one in result['links']] == ['SYNCED', 'SYNCED']
    assert 'the real run needs link_token' in result['links'][0]['msg']
    assert [d['before']['status'] for d in result['diff']] == [None, 'SYNCED']
    assert sim.log == []


def test_current_status_not_linked_without_token_fails_that_org_before_any_request(sim, module, make_client):
    with pytest.raises(BatchError) as err:
        run(many(module, known([None], ['NOT_SYNCED'], ORGS[:1])), make_client)
    assert 'link_token: is required' in str(err.value) and 'NOT_SYNCED' in str(err.value)
    assert sim.log == []


def test_current_status_absent(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    mod = many(module, known([None, None], ['SYNCED', 'NONE'], ORGS[:2]), state='absent', diff=True)
    result = run(mod, make_client)
    assert [one['changed'] for one in result['links']] == [True, False]
    assert 'has no link' in result['links'][1]['msg']
    assert org_calls(api_calls()) == [('DELETE', 0, 204)], 'NONE: nothing sent; no status read for the diff'
    assert [d['before']['status'] for d in result['diff']] == ['SYNCED', None]
    assert sim.om_link(OM_ORG) is None


def test_current_status_absent_in_check_mode_sends_nothing(sim, module, make_client, link_org):
    link_org(OM_ORG)
    result = run(many(module, known([None, None], ['NOT_SYNCED', 'NONE'], ORGS[:2]), state='absent', check_mode=True),
                 make_client)
    assert [one['changed'] for one in result['links']] == [True, False]
    assert result['msg'] == '1 of 2 organizations would change (check mode).'
    assert sim.log == []


def test_current_status_absent_when_the_link_went_meanwhile_is_unchanged(sim, module, make_client, api_calls):
    result = run(many(module, known([None], ['SYNCED'], ORGS[:1]), state='absent'), make_client)
    assert result['changed'] is False
    assert methods(api_calls()) == [('DELETE', 404)]


def test_current_status_only_where_given(sim, module, make_client, link_org, new_token, api_calls):
    """Entries without current_status are read as before; the others are not."""
    link_org(OM_ORG2)
    links = [dict(org_id=OM_ORG, link_token=new_token(), current_status='NONE'), dict(org_id=OM_ORG2, link_token=None)]
    result = run(many(module, links), make_client)
    assert [one['changed'] for one in result['links']] == [True, False]
    assert org_calls(api_calls()) == [('POST', 0, 201), ('GET', 1, 200)]
