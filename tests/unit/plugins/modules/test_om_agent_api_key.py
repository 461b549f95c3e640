# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""om_agent_api_key and om_agent_api_key_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.agent_api_keys import AgentApiKeys, key_view
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import om_agent_api_key as module_under_test
from ansible_collections.livemigrate.mongodb.plugins.modules import om_agent_api_key_info as info_module
from tests.support.module_params import InvalidParameters

PROJECT = '6a1b2c3d4e5f60718293a4c1'
DESC = 'migration host mh1.example.com'
ARGUMENTS = arguments.om_agent_api_key()
BASE = dict(project_id=PROJECT, description=DESC)


def run(module, make_client):
    client = make_client(warn=module.warn)
    return with_diff(module, *module_under_test.run(module, client))


def test_validate_names_the_bad_option(module):
    for params, option in ((dict(project_id='6A1B2C3D4E5F60718293A4C1'), 'project_id'), (dict(description='  '), 'description'),
                           (dict(description='x' * 1001), 'description'),
                           (dict(state='absent', description=None, key_id='nope'), 'key_id')):
        with pytest.raises(InputError) as err:
            module_under_test.validate(module(**params))
        assert err.value.option == option


def test_spec_requires_description_with_present_and_something_with_absent(module):
    with pytest.raises(InvalidParameters, match='description'):
        module(description=None)
    with pytest.raises(InvalidParameters, match='description, key_id'):
        module(description=None, state='absent')
    with pytest.raises(InvalidParameters, match='mutually exclusive'):
        module(state='absent', key_id=PROJECT)


def test_check_mode_create_keep_and_absent(module, make_client, api_calls, sim):
    checked = run(module(check_mode=True, diff=True), make_client)
    assert checked['changed'] and checked['key'] is None
    assert checked['diff'] == {'before': {'agent_keys': []}, 'after': {'agent_keys': [{'id': None, 'desc': DESC}]}}
    assert [e['method'] for e in api_calls()] == ['GET']

    made = run(module(diff=True), make_client)
    key = made['key']
    assert made['changed'] and len(key) == 64 and made['masked_key'] == '****' + key[-4:]
    assert key not in json.dumps(made['diff']) and key not in made['msg']
    assert sim.secrets()[key] == 'agent API key'

    kept = run(module(), make_client)
    assert not kept['changed'] and kept['key'] is None and kept['id'] == made['id']
    assert kept['masked_key'] == made['masked_key'] and key not in json.dumps(kept)

    info = info_module.run(module(), make_client())[0]
    assert info['agent_keys'] == [dict(id=made['id'], desc=DESC, created=made['created'], masked_key=made['masked_key'])]

    sim.clear_log()
    would = run(module(check_mode=True, state='absent'), make_client)
    assert would['changed'] and would['removed'] == [{'id': made['id'], 'desc': DESC}]
    assert [e['method'] for e in api_calls()] == ['GET']
    gone = run(module(state='absent', diff=True), make_client)
    assert gone['changed'] and gone['diff']['after'] == {'agent_keys': []}
    again = run(module(state='absent'), make_client)
    assert not again['changed'] and again['removed'] == []


def test_absent_by_key_id_leaves_the_others(module, make_client):
    first = run(module(), make_client)
    second = run(module(description='other'), make_client)
    removed = run(module(state='absent', description=None, key_id=first['id']), make_client)
    assert removed['removed'] == [{'id': first['id'], 'desc': DESC}]
    remaining = info_module.run(module(), make_client())[0]['agent_keys']
    assert [item['id'] for item in remaining] == [second['id']]


def test_two_keys_with_the_description_warn_and_both_go(module, make_client):
    keys = AgentApiKeys(make_client())
    for dummy in range(2):
        keys.create(PROJECT, DESC)
    mod = module()
    kept = run(mod, make_client)
    assert not kept['changed'] and 'keeps them' in mod.warnings[0]
    assert len(run(module(state='absent'), make_client)['removed']) == 2


def test_a_missing_project_fails_with_a_hint(make_client):
    with pytest.raises(ApiError) as err:
        AgentApiKeys(make_client(retries=0)).list('not-a-project')
    assert err.value.status == 404 and 'project_id' in str(err.value)


def test_key_view_accepts_both_documented_shapes():
    assert key_view({'_id': 'a', 'desc': 'd', 'createdTime': 0, 'key': 'abcdefgh'}) == dict(
        id='a', desc='d', created='1970-01-01T00:00:00Z', masked_key='****efgh')
    assert key_view({'id': 'b', 'desc': 'd', 'createdTime': '2026-12-01T22:01:21Z'})['masked_key'] is None
