# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_live_migration_projects_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration_projects_info as module_under_test
from tests.support import contract
from tests.support.module_params import InvalidParameters

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'  # the organization conftest's link_org links to
OM_ORG = '6a1b2c3d4e5f60718293a4c2'
OM_ORG_2 = '6a1b2c3d4e5f60718293a4c3'
PATH = '/api/atlas/v2/orgs/%s/liveMigrations/availableProjects' % ATLAS_ORG
ARGUMENTS = arguments.atlas_live_migration_projects_info()
BASE = dict(org_id=ATLAS_ORG)
ESTATE = [{'name': 'Estate A', 'migrationHosts': ['mh-a.example.com', 'mh-b.example.com'],
           'deployments': [{'name': 'rs1', 'mongoDBVersion': '7.0.14', 'featureCompatibilityVersion': '7.0'},
                           {'name': 'sh1', 'mongoDBVersion': '6.0.17', 'sharded': True, 'tlsEnabled': True}]}]


def run(module, make_client, auth='digest'):
    return with_diff(module, *module_under_test.run(module, make_client(auth=auth, warn=module.warn)))


def run_module(module, make_client):
    """What run_module() does with the module: validate() first, then the client and run()."""
    module_under_test.validate(module)
    return run(module, make_client)


def assert_no_secret(sim, *texts):
    known = sim.secrets()
    assert known and not [kind for value, kind in known.items() for text in texts if value in text]


# -- bad input: refused before any request --------------------------------------------------------

@pytest.mark.parametrize('org_id', ['5F4B7C2E9D1A3B6C8E0F1A2B', '5f4b7c2e9d1a3b6c8e0f1a2', 'nope', ATLAS_ORG + '/x'])
def test_bad_org_id_fails_before_any_request(sim, module, make_client, org_id):
    with pytest.raises(InputError) as err:
        run_module(module(org_id=org_id), make_client)
    assert err.value.option == 'org_id' and repr(org_id) in str(err.value)
    assert sim.log == []


def test_the_spec_requires_org_id(module):
    with pytest.raises(InvalidParameters, match='org_id'):
        module(org_id=None)


# -- normal read and check mode -------------------------------------------------------------------

def test_no_linked_organization_lists_nothing(sim, module, make_client, api_calls):
    assert run_module(module(), make_client) == dict(changed=False, org_id=ATLAS_ORG, projects=[])
    assert [(e['method'], e['path'], e['status']) for e in api_calls()] == [('GET', PATH, 200)]


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_the_projects_of_linked_organizations_and_only_reads(sim, module, make_client, link_org, api_calls, writes,
                                                                   check_mode):
    configured = sim.set_source_projects(OM_ORG, ESTATE)
    link_org(OM_ORG)
    mod = module(check_mode=check_mode, diff=True)
    result = run_module(mod, make_client)
    project = configured[0]
    first, second = project['deployments']
    assert result == dict(changed=False, org_id=ATLAS_ORG, projects=[dict(
        project_id=project['projectId'], name='Estate A', migration_hosts=['mh-a.example.com', 'mh-b.example.com'],
        deployments=[
            dict(name='rs1', cluster_id=first['clusterId'], mongodb_version='7.0.14', feature_compatibility_version='7.0',
                 sharded=False, shards_size=0, managed=True, tls_enabled=False, agent_version=first['agentVersion'],
                 db_size_bytes=first['dbSizeBytes'], oplog_size_mb=first['oplogSizeMB']),
            dict(name='sh1', cluster_id=second['clusterId'], mongodb_version='6.0.17', feature_compatibility_version='6.0',
                 sharded=True, shards_size=2, managed=True, tls_enabled=True, agent_version=second['agentVersion'],
                 db_size_bytes=second['dbSizeBytes'], oplog_size_mb=second['oplogSizeMB']),
        ])])
    assert [(e['method'], e['path']) for e in api_calls()] == [('GET', PATH)]
    assert writes() == [] and mod.warnings == [] and 'diff' not in result
    assert api_calls()[0]['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
    assert contract.validate_log(sim.log) == 1


def test_two_linked_organizations_and_one_unlinked(sim, module, make_client, link_org):
    link_org(OM_ORG)
    link_org(OM_ORG_2)
    sim.set_source_projects('6a1b2c3d4e5f60718293a4c4', ESTATE)  # never linked: Atlas does not list it
    result = run(module(), make_client)
    assert sorted(project['project_id'] for project in result['projects']) == sorted(
        sim.source_projects(org)[0]['projectId'] for org in (OM_ORG, OM_ORG_2))
    assert all(project['deployments'] and project['migration_hosts'] for project in result['projects'])


def test_service_account(sim, module, make_client, link_org):
    link_org(OM_ORG)
    result = run(module(), make_client, auth='oauth')
    assert len(result['projects']) == 1
    assert [e['auth'] for e in sim.log if e['path'] == PATH] == ['bearer']


def test_fields_atlas_leaves_out_are_null_and_odd_entries_are_skipped(sim, module, make_client):
    sim.add_fault('status', method='GET', path='availableProjects', status=200,
                  body=[{'projectId': '6a1b2c3d4e5f60718293a4c5', 'deployments': [{'name': 'rs9'}, 'junk']}, 'junk', None])
    result = run(module(), make_client)
    assert result['projects'] == [dict(project_id='6a1b2c3d4e5f60718293a4c5', name=None, migration_hosts=[], deployments=[dict(
        name='rs9', cluster_id=None, mongodb_version=None, feature_compatibility_version=None, sharded=None, shards_size=None,
        managed=None, tls_enabled=None, agent_version=None, db_size_bytes=None, oplog_size_mb=None)])]


def test_an_answer_that_is_not_a_list_lists_nothing(sim, module, make_client):
    sim.add_fault('status', method='GET', path='availableProjects', status=200, body={'results': []})
    assert run(module(), make_client)['projects'] == []


# -- API errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize('status, error_code, detail, hint', [
    (404, 'ORG_NOT_FOUND', 'No organization with ID %s exists.' % ATLAS_ORG, 'Check the organization id and base_url'),
    (403, 'USER_UNAUTHORIZED', 'Current user is not authorized to perform this action.', 'Organization Owner'),
    (400, 'INVALID_ORG_ID', 'An invalid organization ID %s was specified.' % ATLAS_ORG, 'Check the values sent'),
])
def test_api_error_shape(sim, module, make_client, status, error_code, detail, hint):
    sim.add_fault('status', method='GET', path='availableProjects', status=status,
                  body={'error': status, 'errorCode': error_code, 'detail': detail, 'parameters': [ATLAS_ORG], 'reason': 'x'})
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    message = str(err.value)
    assert message.startswith('GET %s failed: HTTP %d x (errorCode %s): %s' % (PATH, status, error_code, detail))
    assert hint in message
    assert err.value.to_result() == dict(http_status=status, error_code=error_code, detail=detail, parameters=[ATLAS_ORG])
    assert_no_secret(sim, message, json.dumps(err.value.to_result()))


def test_a_proxy_page_is_an_error_with_an_excerpt(sim, module, make_client):
    sim.add_fault('html', method='GET', path='availableProjects', status=502, times=None)
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    assert err.value.status == 502 and err.value.error_code is None
    assert err.value.detail.startswith('non-JSON answer: ')
