# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_link_token state=absent with public_api_keys: only those link-tokens' API keys go, found by public key."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.link_token_format import public_parts
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_link_token as module_under_test
from tests.support import contract

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
ARGUMENTS = arguments.atlas_link_token()
BASE = dict(org_id=ATLAS_ORG, state='absent')


def run(module, make_client):
    return with_diff(module, *module_under_test.run(module, make_client(warn=module.warn)))


def _public_key(token):
    return public_parts(token)['public_api_key']


def test_only_the_named_link_tokens_go_and_nothing_else(sim, module, make_client, new_token, api_calls):
    spare, used, other_spare = new_token(), new_token(), new_token()
    other = sim.add_api_key(ATLAS_ORG, 'CI pipeline')
    mod = module(public_api_keys=[_public_key(spare), _public_key(other_spare)], diff=True)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['removed'] == [_public_key(spare), _public_key(other_spare)] and result['not_listed'] == []
    assert [record['linkToken'] for record in sim.atlas_tokens(ATLAS_ORG)] == [used]
    assert [key['id'] for key in sim.org_api_keys(ATLAS_ORG)] == [other['id'], sim.atlas_tokens(ATLAS_ORG)[0]['apiKeyId']]
    assert result['msg'] == 'Removed 2 link-token API key(s) of Atlas organization %s (public keys %s, %s).' % (
        ATLAS_ORG, _public_key(spare), _public_key(other_spare))
    assert result['diff'] == {'before': {'org_id': ATLAS_ORG, 'api_keys': result['removed']},
                              'after': {'org_id': ATLAS_ORG, 'api_keys': []}}
    assert [e['method'] for e in api_calls()] == ['GET', 'DELETE', 'DELETE']  # never the linkTokens DELETE
    assert not [e for e in api_calls() if e['path'].endswith('/linkTokens')]
    assert contract.validate_log(sim.log) == 3
    assert mod.warnings == []


def test_a_key_that_is_not_listed_is_reported_once_and_nothing_is_removed(sim, module, make_client, new_token, api_calls):
    first, second = new_token(), new_token()
    sim.update_settings(link_token_api_keys='unlisted')
    mod = module(public_api_keys=[_public_key(first), _public_key(second)])
    result = run(mod, make_client)
    assert result['changed'] is False and result['removed'] == []
    assert result['not_listed'] == [_public_key(first), _public_key(second)]
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 2
    assert [e['method'] for e in api_calls()] == ['GET']
    assert len(mod.warnings) == 1
    assert 'does not list the API key of 2 unused link-token(s) (public keys %s, %s)' % (
        _public_key(first), _public_key(second)) in mod.warnings[0]
    assert 'not documented' in mod.warnings[0]
    assert result['msg'].endswith('Not listed, so not removed: %s, %s.' % (_public_key(first), _public_key(second)))


def test_a_key_removed_meanwhile_is_no_change(sim, module, make_client, new_token):
    token = new_token()
    sim.add_fault('status', method='DELETE', path='/apiKeys/', status=404)
    result = run(module(public_api_keys=[_public_key(token)]), make_client)
    assert result['changed'] is False and result['removed'] == [] and result['not_listed'] == []


def test_check_mode_reads_and_predicts(sim, module, make_client, new_token, api_calls):
    token = new_token()
    result = run(module(public_api_keys=[_public_key(token)], check_mode=True), make_client)
    assert result['changed'] is True and result['removed'] == [_public_key(token)]
    assert result['msg'].startswith('Would remove 1 link-token API key(s)')
    assert [e['method'] for e in api_calls()] == ['GET']
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1


def test_an_empty_list_removes_nothing_and_sends_nothing(sim, module, make_client, new_token, api_calls):
    new_token()
    result = run(module(public_api_keys=[]), make_client)
    assert result['changed'] is False and result['removed'] == []
    assert api_calls() == [] and len(sim.atlas_tokens(ATLAS_ORG)) == 1


def test_a_failed_delete_fails_the_module(sim, module, make_client, new_token):
    token = new_token()
    sim.add_fault('status', method='DELETE', path='/apiKeys/', status=403)
    with pytest.raises(ApiError) as err:
        run(module(public_api_keys=[_public_key(token)]), make_client)
    assert err.value.status == 403


@pytest.mark.parametrize('value', ['ABCDEFGH', 'abcdefg', 'abcdefghi', 'abc-efgh', ''])
def test_validate_refuses_what_is_not_a_public_key(module, value):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(public_api_keys=['abcdefgh', value]))
    assert err.value.option == 'public_api_keys' and repr(value) in str(err.value)


def test_validate_refuses_public_api_keys_with_state_present(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(state='present', public_api_keys=['abcdefgh']))
    assert err.value.option == 'public_api_keys' and 'only for state=absent' in str(err.value)
