# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_live_migration_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration_info as module_under_test
from tests.simulator.migration_state import source_project
from tests.support import contract, request_log
from tests.support.module_params import InvalidParameters

OM_ORG = '6a1b2c3d4e5f60718293a4b1'
PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
UNKNOWN_ID = '6f0a1b2c3d4e5f6071829304'
SOURCE = source_project(OM_ORG)
PASSWORD = 's3cr3t-Passw0rd'
ARGUMENTS = arguments.atlas_live_migration_info()
BASE = dict(project_id=PROJECT, live_migration_id=UNKNOWN_ID)


def run(module, make_client, auth='digest'):
    return with_diff(module, *module_under_test.run(module, make_client(auth=auth, warn=module.warn)))


def run_module(module, make_client):
    """What run_module() does with the module: validate() first, then the client and run()."""
    module_under_test.validate(module)
    return run(module, make_client)


def assert_no_secret(sim, *texts):
    known = sim.secrets()
    assert known and not [kind for value, kind in known.items() for text in texts if value in text]
    assert not [text for text in texts if PASSWORD in text]


@pytest.fixture
def job_id(sim, link_org, make_client):
    """One migration of the linked source organization, started straight through the API (log cleared afterwards)."""
    link_org(OM_ORG)
    sim.update_migration_settings(migration_step_seconds=600)
    body = {'source': {'groupId': SOURCE['projectId'], 'clusterName': 'rs0', 'managedAuthentication': False, 'ssl': False,
                       'username': 'migrator', 'password': PASSWORD},
            'destination': {'groupId': PROJECT, 'clusterName': 'Cluster0', 'hostnameSchemaType': 'PUBLIC'},
            'migrationHosts': [SOURCE['migrationHosts'][0]], 'dropDestinationData': False}
    job = AtlasLiveMigrations(make_client()).create(PROJECT, body)
    sim.clear_log()
    return job['_id']


# -- bad input: refused before any request --------------------------------------------------------

@pytest.mark.parametrize('params, option', [
    (dict(project_id='64B7C2E9D1A3B6C8E0F1A2B3'), 'project_id'),
    (dict(project_id='64b7c2e9d1a3b6c8e0f1a2b'), 'project_id'),
    (dict(project_id='../orgs/5f4b7c2e9d1a3b6c8e0f1a2b'), 'project_id'),
    (dict(live_migration_id='6F0A1B2C3D4E5F6071829304'), 'live_migration_id'),
    (dict(live_migration_id='nope'), 'live_migration_id'),
    (dict(live_migration_id=UNKNOWN_ID + '/cutover'), 'live_migration_id'),
])
def test_bad_input_fails_before_any_request(sim, module, make_client, params, option):
    with pytest.raises(InputError) as err:
        run_module(module(**params), make_client)
    assert err.value.option == option
    assert repr(params[option]) in str(err.value)
    assert sim.log == []


@pytest.mark.parametrize('missing', ['project_id', 'live_migration_id'])
def test_the_spec_requires_both_ids(module, missing):
    with pytest.raises(InvalidParameters, match=missing):
        module(**{missing: None})


def test_the_spec_wants_one_id_pair_or_live_migrations(module):
    with pytest.raises(InvalidParameters, match='one of the following is required: project_id, live_migrations'):
        module(project_id=None, live_migration_id=None)
    for option in ('project_id', 'live_migration_id'):
        with pytest.raises(InvalidParameters, match='mutually exclusive: %s|live_migrations' % option):
            module(**{option: BASE[option], 'live_migrations': [], ('live_migration_id' if option == 'project_id' else 'project_id'): None})


# -- normal read and check mode -------------------------------------------------------------------

@pytest.mark.parametrize('check_mode', [False, True])
def test_reads_one_job_and_only_reads(sim, module, make_client, api_calls, writes, job_id, check_mode):
    mod = module(live_migration_id=job_id, check_mode=check_mode, diff=True)
    result = run_module(mod, make_client)
    assert result == dict(changed=False, project_id=PROJECT, exists=True, id=job_id, status='NEW', lag_time_seconds=None,
                          ready_for_cutover=False, migration_hosts=SOURCE['migrationHosts'])
    assert [(e['method'], e['path']) for e in api_calls()] == [('GET', '/api/atlas/v2/groups/%s/liveMigrations/%s' % (PROJECT, job_id))]
    assert writes() == [] and mod.warnings == []
    assert api_calls()[0]['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
    assert contract.validate_log(sim.log) == 1
    assert_no_secret(sim, json.dumps(result))


def test_reports_readiness_lag_and_end_states(sim, module, make_client, job_id):
    sim.update_migration_job(job_id, step_seconds=0, lag_time_seconds=7)
    ready = run(module(live_migration_id=job_id), make_client)
    assert (ready['status'], ready['ready_for_cutover'], ready['lag_time_seconds']) == ('WORKING', True, 7)
    sim.update_migration_job(job_id, status='FAILED')
    failed = run(module(live_migration_id=job_id), make_client)
    assert failed['exists'] is True and failed['status'] == 'FAILED'


def test_service_account(sim, module, make_client, job_id):
    result = run(module(live_migration_id=job_id), make_client, auth='oauth')
    assert result['exists'] is True and result['id'] == job_id
    assert [e['auth'] for e in sim.log if e['path'].startswith('/api/atlas/')] == ['bearer']


# -- a job Atlas does not know: 404 is an answer, not an error --------------------------------------

def test_unknown_job_is_not_an_error(sim, module, make_client, api_calls):
    result = run_module(module(check_mode=True), make_client)
    assert result == dict(changed=False, project_id=PROJECT, exists=False, id=UNKNOWN_ID, status=None, lag_time_seconds=None,
                          ready_for_cutover=None, migration_hosts=[])
    assert [(e['method'], e['status']) for e in api_calls()] == [('GET', 404)]


def test_forgotten_job_and_job_of_another_project(sim, module, make_client, job_id):
    other = run(module(live_migration_id=job_id, project_id='64b7c2e9d1a3b6c8e0f1a2b4'), make_client)
    assert other['exists'] is False and other['project_id'] == '64b7c2e9d1a3b6c8e0f1a2b4'
    sim.forget_migration_job(job_id)
    gone = run(module(live_migration_id=job_id), make_client)
    assert gone['exists'] is False and gone['id'] == job_id and gone['status'] is None


# -- API errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize('status, error_code, hint', [
    (401, 'SIMULATED_FAULT', 'API access list'),
    (403, 'SIMULATED_FAULT', 'Organization Owner'),
    (500, 'UNEXPECTED_ERROR', 'retry later'),
])
def test_api_error_shape(sim, module, make_client, job_id, status, error_code, hint):
    sim.add_fault('status', method='GET', path='liveMigrations/', status=status, times=None)
    with pytest.raises(ApiError) as err:
        run(module(live_migration_id=job_id), make_client)
    message = str(err.value)
    path = '/api/atlas/v2/groups/%s/liveMigrations/%s' % (PROJECT, job_id)
    assert message.startswith('GET %s failed: HTTP %d' % (path, status))
    assert '(errorCode %s): Simulated %d answer.' % (error_code, status) in message and hint in message
    assert err.value.to_result() == dict(http_status=status, error_code=error_code, detail='Simulated %d answer.' % status,
                                         parameters=None)
    assert_no_secret(sim, message, json.dumps(err.value.to_result()))


def test_answer_that_is_not_a_job_is_an_error(sim, module, make_client, job_id):
    sim.add_fault('status', method='GET', path='liveMigrations/', status=200, body=['not', 'a', 'job'])
    with pytest.raises(ApiError) as err:
        run(module(live_migration_id=job_id), make_client)
    assert err.value.status == 200 and err.value.detail == 'the answer was not a JSON object'


# -- live_migrations: many migrations in one module run ---------------------------------------------

def bulk(module, **params):
    return module(project_id=None, live_migration_id=None, **params)


def start_jobs(sim, make_client, count):
    """``count`` more migrations of the linked source organization, each into its own cluster (log cleared)."""
    migrations = AtlasLiveMigrations(make_client())
    ids = [migrations.create(PROJECT, dict(body(), destination=dict(body()['destination'], clusterName='Bulk%d' % index)))['_id']
           for index in range(count)]
    sim.clear_log()
    return ids


def body():
    return {'source': {'groupId': SOURCE['projectId'], 'clusterName': 'rs0', 'managedAuthentication': True, 'ssl': False},
            'destination': {'groupId': PROJECT, 'clusterName': 'Cluster0', 'hostnameSchemaType': 'PUBLIC'},
            'migrationHosts': [SOURCE['migrationHosts'][0]], 'dropDestinationData': False}


@pytest.mark.parametrize('check_mode', [False, True])
def test_bulk_read_in_order_one_get_each_over_one_session(sim, module, make_client, api_calls, writes, job_id, check_mode):
    others = start_jobs(sim, make_client, 2)
    sim.update_migration_job(others[1], status='FAILED')
    sim.clear_log()
    wanted = [(PROJECT, others[1]), (PROJECT, UNKNOWN_ID), (PROJECT, job_id), ('64b7c2e9d1a3b6c8e0f1a2b4', others[0]), (PROJECT, others[0])]
    mod = bulk(module, check_mode=check_mode, live_migrations=[dict(project_id=p, live_migration_id=j) for p, j in wanted])
    result = run_module(mod, make_client)
    assert set(result) == {'changed', 'live_migrations'} and result['changed'] is False
    assert [(one['project_id'], one['id']) for one in result['live_migrations']] == wanted
    assert [(one['exists'], one['status']) for one in result['live_migrations']] == [
        (True, 'FAILED'), (False, None), (True, 'NEW'), (False, None), (True, 'NEW')]
    assert result['live_migrations'][1] == dict(project_id=PROJECT, id=UNKNOWN_ID, exists=False, status=None, lag_time_seconds=None,
                                                ready_for_cutover=None, migration_hosts=[])
    assert result['live_migrations'][2] == dict(project_id=PROJECT, id=job_id, exists=True, status='NEW', lag_time_seconds=None,
                                                ready_for_cutover=False, migration_hosts=SOURCE['migrationHosts'])
    assert [(e['method'], e['path'], e['status']) for e in api_calls()] == [
        ('GET', '/api/atlas/v2/groups/%s/liveMigrations/%s' % (p, j), status) for (p, j), status in zip(wanted, [200, 404, 200, 404, 200])]
    assert request_log.connections(sim.log) == 1 and len(request_log.challenges(sim.log)) == 1
    assert writes() == [] and mod.warnings == []
    assert contract.validate_log(sim.log) == 5


def test_bulk_read_of_nothing_sends_nothing(sim, module, make_client):
    assert run_module(bulk(module, live_migrations=[]), make_client) == dict(changed=False, live_migrations=[])
    assert sim.log == []


@pytest.mark.parametrize('entries, option, text', [
    ([dict(project_id=PROJECT, live_migration_id=UNKNOWN_ID), dict(project_id='64B7C2E9D1A3B6C8E0F1A2B3', live_migration_id=UNKNOWN_ID)],
     'live_migrations[1].project_id', "'64B7C2E9D1A3B6C8E0F1A2B3' is not an id"),
    ([dict(project_id=PROJECT, live_migration_id='nope')], 'live_migrations[0].live_migration_id', "'nope'"),
    ([dict(project_id=PROJECT)], 'live_migrations[0].live_migration_id', 'is required'),
    ([dict(live_migration_id=UNKNOWN_ID)], 'live_migrations[0].project_id', 'is required'),
    ([dict(project_id=PROJECT, live_migration_id=UNKNOWN_ID)] * 2, 'live_migrations[1]', 'again (as live_migrations[0])'),
])
def test_bulk_bad_input_fails_before_any_request(sim, module, make_client, entries, option, text):
    with pytest.raises(InputError) as err:
        run_module(bulk(module, live_migrations=entries), make_client)
    assert err.value.option == option and text in str(err.value)
    assert sim.log == []


def test_bulk_unknown_entry_option_is_refused_by_the_spec(module):
    with pytest.raises(InvalidParameters, match='live_migrations'):
        bulk(module, live_migrations=[dict(project_id=PROJECT, live_migration_id=UNKNOWN_ID, id=UNKNOWN_ID)])


def test_bulk_read_takes_unquoted_all_digit_ids(sim, module, make_client):
    digits = '650000000000000000000002'
    result = run_module(bulk(module, live_migrations=[dict(project_id=int(digits), live_migration_id=UNKNOWN_ID)]), make_client)
    assert result['live_migrations'][0]['project_id'] == digits
