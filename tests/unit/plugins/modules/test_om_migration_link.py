# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""om_migration_link: validate() and run() decisions against the simulator."""

import base64
import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.modules import om_migration_link as module_under_test

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
OM_ORG = '6a1b2c3d4e5f60718293a4b5'
PROJECT = '65a1b2c3d4e5f60718293a4c'
DEFAULTS = dict(org_id=OM_ORG, state='present', link_token=None, force=False)


@pytest.fixture
def module(fake_module):
    def factory(check_mode=False, diff=False, **params):
        return fake_module(DEFAULTS, check_mode=check_mode, diff=diff, **params)
    return factory


def run(module, make_client, auth='digest'):
    client = make_client(auth=auth, warn=module.warn)
    return module_under_test.run(module, client)


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
        module_under_test.run(module(link_token=token), client)
    assert err.value.status == 400
    assert token not in client.redact(str(err.value))
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
