# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""om_migration_link_info: validate() and run() decisions against the simulator."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import om_migration_link_info as module_under_test

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
OM_ORG = '6a1b2c3d4e5f60718293a4b5'
OM_ORG_2 = '6a1b2c3d4e5f60718293a4b6'
OM_ORG_3 = '6a1b2c3d4e5f60718293a4b7'
OM_ORG_4 = '6a1b2c3d4e5f60718293a4b8'
ARGUMENTS = arguments.om_migration_link_info()
BASE = dict()


def run(module, make_client, auth='digest'):
    client = make_client(auth=auth, warn=module.warn)
    return with_diff(module, *module_under_test.run(module, client))


# -- validate ---------------------------------------------------------------------------------

def test_validate_rejects_bad_org_id(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(org_id='6A1B2C3D4E5F60718293A4B5'))
    assert err.value.option == 'org_id'
    assert "'6A1B2C3D4E5F60718293A4B5'" in str(err.value)


def test_validate_rejects_one_bad_entry_of_org_ids(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(org_ids=[OM_ORG, 'abc']))
    assert err.value.option == 'org_ids'
    assert "'abc'" in str(err.value)


def test_validate_rejects_empty_org_ids(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(org_ids=[]))
    assert err.value.option == 'org_ids'


def test_validate_accepts_good_ids(module):
    module_under_test.validate(module(org_id=OM_ORG))
    module_under_test.validate(module(org_ids=[OM_ORG, OM_ORG_2]))


# -- one organization -------------------------------------------------------------------------

@pytest.mark.parametrize('answer, status', [('404', None), ('not_synced', 'NOT_SYNCED')])
def test_unlinked_org_both_answers(sim, module, make_client, api_calls, answer, status):
    sim.update_settings(no_link_answer=answer)
    result = run(module(org_id=OM_ORG), make_client)
    assert result == dict(changed=False, status=status, linked=False)
    assert [e['method'] for e in api_calls()] == ['GET']


@pytest.mark.parametrize('check_mode', [False, True])
def test_linked_org(sim, module, make_client, link_org, writes, check_mode):
    link_org(OM_ORG)
    result = run(module(org_id=OM_ORG, check_mode=check_mode), make_client)
    assert result == dict(changed=False, status='SYNCED', linked=True)
    assert writes() == []


def test_not_synced_link(sim, module, make_client, link_org):
    link_org(OM_ORG)
    sim.core.state.delete_tokens(ATLAS_ORG)
    assert run(module(org_id=OM_ORG), make_client) == dict(changed=False, status='NOT_SYNCED', linked=False)


def test_oauth(sim, module, make_client, link_org, api_calls):
    link_org(OM_ORG)
    assert run(module(org_id=OM_ORG), make_client, auth='oauth')['linked'] is True
    assert [e['auth'] for e in api_calls()] == ['bearer']


def test_answer_without_status_is_an_error(sim, module, make_client):
    sim.add_fault('status', method='GET', status=200, body={'unexpected': True})
    with pytest.raises(ApiError) as err:
        run(module(org_id=OM_ORG), make_client)
    assert 'no status' in str(err.value) and 'base_url' in str(err.value)


# -- several organizations --------------------------------------------------------------------

@pytest.mark.parametrize('answer', ['404', 'not_synced'])
def test_org_ids_mixed_in_order_over_one_connection_and_one_challenge(sim, module, make_client, link_org, api_calls, answer):
    sim.update_settings(no_link_answer=answer)
    link_org(OM_ORG_3)
    link_org(OM_ORG)
    orgs = [OM_ORG_4, OM_ORG, OM_ORG_2, OM_ORG_3]
    result = run(module(org_ids=orgs), make_client)
    unlinked = None if answer == '404' else 'NOT_SYNCED'
    assert result == dict(changed=False, links=[
        dict(org_id=OM_ORG_4, status=unlinked, linked=False),
        dict(org_id=OM_ORG, status='SYNCED', linked=True),
        dict(org_id=OM_ORG_2, status=unlinked, linked=False),
        dict(org_id=OM_ORG_3, status='SYNCED', linked=True),
    ])
    assert [e['path'].split('/')[5] for e in api_calls()] == orgs
    assert len({e['conn'] for e in sim.log}) == 1
    assert len([e for e in sim.log if e['challenge']]) == 1


def test_org_ids_with_oauth_fetch_one_token(sim, module, make_client):
    result = run(module(org_ids=[OM_ORG, OM_ORG_2, OM_ORG_3]), make_client, auth='oauth')
    assert [link['linked'] for link in result['links']] == [False, False, False]
    assert len([e for e in sim.log if e['path'] == '/api/oauth/token']) == 1


def test_429_and_503_on_reads_are_retried_with_warnings(sim, module, make_client, recorder):
    sim.add_fault('status', method='GET', path=OM_ORG_2, status=429, retry_after=1)
    sim.add_fault('status', method='GET', path=OM_ORG_3, status=503, retry_after=1)
    mod = module(org_ids=[OM_ORG, OM_ORG_2, OM_ORG_3])
    result = run(mod, make_client)
    assert [link['status'] for link in result['links']] == [None, None, None]
    assert len(mod.warnings) == 2
    assert 'HTTP 429' in mod.warnings[0] and OM_ORG_2 in mod.warnings[0]
    assert 'HTTP 503' in mod.warnings[1] and OM_ORG_3 in mod.warnings[1]
    assert recorder.sleeps == [1.0, 1.0]
