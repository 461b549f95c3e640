# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""om_agent_api_key_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.agent_api_keys import AgentApiKeys
from ansible_collections.livemigrate.mongodb.plugins.modules import om_agent_api_key_info as module_under_test
from tests.support.module_params import InvalidParameters

PROJECT = '6a1b2c3d4e5f60718293a4c1'
OTHER_PROJECT = '6a1b2c3d4e5f60718293a4c9'
PATH = '/api/public/v1.0/groups/%s/agentapikeys' % PROJECT
ARGUMENTS = arguments.om_agent_api_key_info()
BASE = dict(project_id=PROJECT)


def run(module, make_client, auth='digest'):
    return with_diff(module, *module_under_test.run(module, make_client(auth=auth, warn=module.warn)))


def run_module(module, make_client):
    """What run_module() does with the module: validate() first, then the client and run()."""
    module_under_test.validate(module)
    return run(module, make_client)


def assert_no_secret(sim, *texts):
    known = sim.secrets()
    assert known and not [kind for value, kind in known.items() for text in texts if value in text]


@pytest.fixture
def keys(sim, make_client):
    """Two agent API keys of PROJECT and one of OTHER_PROJECT, made through the API (log cleared afterwards)."""
    resource = AgentApiKeys(make_client())
    made = [resource.create(PROJECT, 'migration host mh1.example.com'), resource.create(PROJECT, 'migration host mh2.example.com'),
            resource.create(OTHER_PROJECT, 'elsewhere')]
    sim.clear_log()
    return made


# -- bad input: refused before any request --------------------------------------------------------

@pytest.mark.parametrize('project_id', ['6A1B2C3D4E5F60718293A4C1', '6a1b2c3d4e5f60718293a4c', 'my-project', PROJECT + '/agentapikeys'])
def test_bad_project_id_fails_before_any_request(sim, module, make_client, project_id):
    with pytest.raises(InputError) as err:
        run_module(module(project_id=project_id), make_client)
    assert err.value.option == 'project_id' and repr(project_id) in str(err.value)
    assert 'a project id' in str(err.value)
    assert sim.log == []


def test_the_spec_requires_project_id(module):
    with pytest.raises(InvalidParameters, match='project_id'):
        module(project_id=None)


# -- normal read, check mode and the masked keys -------------------------------------------------------

def test_a_project_without_keys(sim, module, make_client, api_calls):
    assert run_module(module(), make_client) == dict(changed=False, project_id=PROJECT, agent_keys=[])
    assert [(e['method'], e['path'], e['status']) for e in api_calls()] == [('GET', PATH, 200)]


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_the_project_keys_masked_and_only_reads(sim, module, make_client, api_calls, writes, keys, check_mode):
    mod = module(check_mode=check_mode)
    result = run_module(mod, make_client)
    assert result == dict(changed=False, project_id=PROJECT, agent_keys=[
        dict(id=key['id'], desc=key['desc'], created=key['created'], masked_key='****' + key['key'][-4:]) for key in keys[:2]])
    assert [(e['method'], e['path']) for e in api_calls()] == [('GET', PATH)]
    assert writes() == [] and mod.warnings == []
    text = json.dumps(result)
    assert not [key for key in keys if key['key'] in text or key['key'][:-4] in text]
    assert_no_secret(sim, text)


def test_a_full_key_in_the_answer_is_masked_anyway(sim, module, make_client):
    full = 'f' * 60 + 'e8f9'
    sim.add_fault('status', method='GET', path='agentapikeys', status=200, body={'results': [
        {'_id': '6a1b2c3d4e5f60718293a4ff', 'desc': 'leaky', 'createdTime': 1764626481000, 'key': full}], 'totalCount': 1})
    result = run(module(), make_client)
    assert result['agent_keys'] == [dict(id='6a1b2c3d4e5f60718293a4ff', desc='leaky', created='2025-12-01T22:01:21Z',
                                         masked_key='****e8f9')]
    assert full not in json.dumps(result)


def test_service_account(sim, module, make_client, keys):
    result = run(module(), make_client, auth='oauth')
    assert [key['id'] for key in result['agent_keys']] == [key['id'] for key in keys[:2]]
    assert [e['auth'] for e in sim.log if e['path'] == PATH] == ['bearer']


# -- API errors ------------------------------------------------------------------------------------

def test_a_missing_project_fails_with_the_404_and_a_hint(sim, module, make_client):
    sim.add_fault('status', method='GET', path='agentapikeys', status=404,
                  body={'error': 404, 'errorCode': 'GROUP_NOT_FOUND', 'detail': 'No group with ID %s exists.' % PROJECT,
                        'parameters': [PROJECT], 'reason': 'Not Found'})
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    message = str(err.value)
    assert message.startswith('GET %s failed: HTTP 404 Not Found (errorCode GROUP_NOT_FOUND): No group with ID %s exists.' % (PATH, PROJECT))
    assert 'Check project_id' in message and 'Project Read Only' in message
    assert err.value.to_result() == dict(http_status=404, error_code='GROUP_NOT_FOUND', detail='No group with ID %s exists.' % PROJECT,
                                         parameters=[PROJECT])
    assert_no_secret(sim, message, json.dumps(err.value.to_result()))


@pytest.mark.parametrize('status, error_code, hint', [(401, 'SIMULATED_FAULT', 'API access list'), (500, 'UNEXPECTED_ERROR', 'retry later')])
def test_api_error_shape(sim, module, make_client, keys, status, error_code, hint):
    sim.add_fault('status', method='GET', path='agentapikeys', status=status, times=None)
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    message = str(err.value)
    assert message.startswith('GET %s failed: HTTP %d' % (PATH, status))
    assert '(errorCode %s): Simulated %d answer.' % (error_code, status) in message and hint in message
    assert err.value.to_result() == dict(http_status=status, error_code=error_code, detail='Simulated %d answer.' % status,
                                         parameters=None)
    assert_no_secret(sim, message, json.dumps(err.value.to_result()))
    assert not [key for key in keys if key['key'] in message]


def test_an_answer_without_a_list_is_an_error(sim, module, make_client):
    sim.add_fault('status', method='GET', path='agentapikeys', status=200, body={'unexpected': True})
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    assert err.value.detail == 'the answer carried no list of keys' and 'base_url' in str(err.value)
