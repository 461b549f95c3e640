# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_live_migration and atlas_live_migration_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.request import request_body
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration as migration_module
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration_info as info_module
from tests.simulator.migration_state import source_project
from tests.support import contract

OM_ORG = '6a1b2c3d4e5f60718293a4b1'
PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
SOURCE = source_project(OM_ORG)
SOURCE_OPTIONS = dict(project_id=SOURCE['projectId'], cluster_name='rs0', managed_authentication=False,
                      username='migrator', password='s3cr3t-Passw0rd', ssl=False, ca_certificate_path=None)
DESTINATION = dict(cluster_name='Cluster0', hostname_schema_type='PUBLIC', private_link_id=None)
ARGUMENTS = arguments.atlas_live_migration()
BASE = dict(project_id=PROJECT, source=SOURCE_OPTIONS, destination=DESTINATION, migration_host=SOURCE['migrationHosts'][0],
            wait_timeout=30, poll_interval=0.05)
STEP = 0.3


@pytest.fixture
def linked(sim, link_org):
    """The source organization is linked; jobs advance every STEP seconds."""
    link_org(OM_ORG)
    sim.update_migration_settings(migration_step_seconds=STEP, validation_seconds=0.1)
    return sim


def run(mod, make_client, target=migration_module):
    return with_diff(mod, *target.run(mod, make_client(warn=mod.warn)))


def atlas_calls(sim):
    return [(entry['method'], entry['path'].rsplit('/liveMigrations', 1)[-1], entry['status']) for entry in contract.atlas_entries(sim.log)]


# -- validate ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('params, option', [
    (dict(project_id='64B7C2E9D1A3B6C8E0F1A2B3'), 'project_id'),
    (dict(live_migration_id='nope'), 'live_migration_id'),
    (dict(state='cutover'), 'live_migration_id'),
    (dict(source=None), 'source'),
    (dict(destination=None), 'destination'),
    (dict(migration_host=None), 'migration_host'),
    (dict(source=dict(SOURCE_OPTIONS, project_id='abc')), 'source.project_id'),
    (dict(source=dict(SOURCE_OPTIONS, managed_authentication=True)), 'source.username'),
    (dict(source=dict(SOURCE_OPTIONS, password=None)), 'source.password'),
    (dict(destination=dict(DESTINATION, hostname_schema_type='PRIVATE_LINK')), 'destination.private_link_id'),
    (dict(poll_interval=0), 'poll_interval'),
    (dict(wait_timeout=-1), 'wait_timeout'),
    (dict(cutover_max_lag=10), 'cutover_max_lag'),
    (dict(cutover_gate_timeout=60), 'cutover_gate_timeout'),
    (dict(state='cutover', live_migration_id='6f0a1b2c3d4e5f6071829304', cutover_max_lag=-1), 'cutover_max_lag'),
    (dict(state='cutover', live_migration_id='6f0a1b2c3d4e5f6071829304', cutover_max_lag=10, cutover_gate_timeout=-1),
     'cutover_gate_timeout'),
    (dict(state='cutover', live_migration_id='6f0a1b2c3d4e5f6071829304', cutover_gate_timeout=60), 'cutover_gate_timeout'),
])
def test_validate_refuses_bad_input(module, params, option):
    with pytest.raises(InputError) as err:
        migration_module.validate(module(**params))
    assert err.value.option == option
    assert 's3cr3t-Passw0rd' not in str(err.value)


def test_validate_needs_no_request_with_a_known_id(module):
    migration_module.validate(module(live_migration_id='6f0a1b2c3d4e5f6071829304', source=None, destination=None, migration_host=None))


def test_request_body_follows_the_2024_05_30_schema(module):
    body = request_body(module(drop_destination_data=True, sharding=dict(
        create_supporting_indexes=True, sharding_entries=[dict(database='shop', collection='orders', shard_key=[{'customer': 1}])])).params)
    assert body == {
        'source': {'groupId': SOURCE['projectId'], 'clusterName': 'rs0', 'managedAuthentication': False, 'ssl': False,
                   'username': 'migrator', 'password': 's3cr3t-Passw0rd'},
        'destination': {'groupId': PROJECT, 'clusterName': 'Cluster0', 'hostnameSchemaType': 'PUBLIC'},
        'migrationHosts': [SOURCE['migrationHosts'][0]],
        'dropDestinationData': True,
        'sharding': {'createSupportingIndexes': True,
                     'shardingEntries': [{'database': 'shop', 'collection': 'orders', 'shardCollection': {'key': [{'customer': 1}]}}]},
    }


# -- state=present ----------------------------------------------------------------------------------

def test_check_mode_sends_nothing(linked, module, make_client):
    result = run(module(check_mode=True, wait_for='ready_for_cutover'), make_client)
    assert result['changed'] is True and result['id'] is None and result['status'] is None
    assert 'check mode' in result['msg']
    assert linked.log == [] and linked.migrations()['jobs'] == []


def test_start_sends_one_post_with_version_2024_05_30(linked, module, make_client):
    result = run(module(), make_client)
    assert result['changed'] is True
    assert result['status'] == 'NEW' and result['ready_for_cutover'] is False
    assert result['migration_hosts'] == SOURCE['migrationHosts']
    assert [job['_id'] for job in linked.migrations()['jobs']] == [result['id']]
    assert atlas_calls(linked) == [('POST', '', 201)]
    post = contract.atlas_entries(linked.log)[0]
    assert post['headers']['Accept'] == post['headers']['Content-Type'] == 'application/vnd.atlas.2024-05-30+json'
    assert contract.body_json(post)['dropDestinationData'] is False
    assert contract.validate_log(linked.log) == 1
    assert 's3cr3t-Passw0rd' not in json.dumps(result)


def test_known_id_is_read_not_started_again(linked, module, make_client):
    first = run(module(), make_client)
    linked.clear_log()
    again = run(module(live_migration_id=first['id']), make_client)
    assert again['changed'] is False and again['id'] == first['id']
    assert 'not started again' in again['msg']
    assert atlas_calls(linked) == [('GET', '/' + first['id'], 200)]
    assert len(linked.migrations()['jobs']) == 1
    check = run(module(live_migration_id=first['id'], check_mode=True), make_client)
    assert check['changed'] is False
    assert contract.validate_log(linked.log) == 2


def test_unknown_id_fails_clearly(linked, module, make_client):
    with pytest.raises(InputError) as err:
        run(module(live_migration_id='6f0a1b2c3d4e5f6071829304'), make_client)
    assert err.value.option == 'live_migration_id' and 'HTTP 404' in str(err.value)
    assert [call[0] for call in atlas_calls(linked)] == ['GET']


def test_unlinked_source_is_refused_by_atlas(sim, module, make_client):
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    assert err.value.status == 400 and 'link' in err.value.detail
    assert sim.migrations()['jobs'] == []


def test_wait_for_ready_then_cutover_then_complete(linked, module, make_client):
    started = run(module(wait_for='ready_for_cutover'), make_client)
    assert started['changed'] is True
    assert started['status'] == 'WORKING' and started['ready_for_cutover'] is True and started['lag_time_seconds'] == 2
    job_id = started['id']

    check = run(module(state='cutover', live_migration_id=job_id, check_mode=True), make_client)
    assert check['changed'] is True and 'check mode' in check['msg']
    assert linked.migrations()['jobs'][0]['cutoverRequested'] is False
    assert 'PUT' not in [call[0] for call in atlas_calls(linked)]

    linked.clear_log()
    cut = run(module(state='cutover', live_migration_id=job_id, wait_for='complete'), make_client)
    assert cut['changed'] is True and cut['status'] == 'COMPLETE' and cut['lag_time_seconds'] is None
    calls = atlas_calls(linked)
    assert calls[:2] == [('GET', '/' + job_id, 200), ('PUT', '/%s/cutover' % job_id, 202)]
    assert [call[0] for call in calls[2:]] == ['GET'] * (len(calls) - 2)
    put = [entry for entry in contract.atlas_entries(linked.log) if entry['method'] == 'PUT'][0]
    assert put['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'

    linked.clear_log()
    again = run(module(state='cutover', live_migration_id=job_id, wait_for='complete'), make_client)
    assert again['changed'] is False and 'complete already' in again['msg']
    assert atlas_calls(linked) == [('GET', '/' + job_id, 200)]
    assert contract.validate_log(linked.log) == 1


def test_cutover_before_ready_fails_without_put(linked, module, make_client):
    job_id = run(module(), make_client)['id']
    with pytest.raises(LiveMigrateError) as err:
        run(module(state='cutover', live_migration_id=job_id), make_client)
    assert 'not ready for cutover' in str(err.value)
    assert err.value.to_result()['status'] == 'NEW'
    assert 'PUT' not in [call[0] for call in atlas_calls(linked)]


# -- the cutover gate (cutover_max_lag); the simulator reports a lag of 2 s once ready ----------------

def put_calls(sim):
    return [call for call in atlas_calls(sim) if call[0] == 'PUT']


def test_gate_met_cuts_over(linked, module, make_client):
    job_id = run(module(wait_for='ready_for_cutover'), make_client)['id']
    linked.clear_log()
    check = run(module(state='cutover', live_migration_id=job_id, cutover_max_lag=10, check_mode=True), make_client)
    assert check['changed'] is True and check['cut_over'] is True and put_calls(linked) == []
    cut = run(module(state='cutover', live_migration_id=job_id, cutover_max_lag=10, cutover_gate_timeout=5), make_client)
    assert cut['changed'] is True and cut['cut_over'] is True
    assert atlas_calls(linked)[1:3] == [('GET', '/' + job_id, 200), ('PUT', '/%s/cutover' % job_id, 202)]
    assert contract.validate_log(linked.log) >= 3


def test_gate_not_met_fails_without_put_and_returns_the_job(linked, module, make_client):
    job_id = run(module(wait_for='ready_for_cutover'), make_client)['id']
    linked.clear_log()
    for check_mode in (True, False):
        with pytest.raises(LiveMigrateError) as err:
            run(module(state='cutover', live_migration_id=job_id, cutover_max_lag=0, check_mode=check_mode), make_client)
        message = str(err.value)
        assert 'lag 2 s' in message and 'cutover_max_lag 0 s' in message and 'after waiting 0 seconds' in message
        assert 'nothing was cut over; run again later or raise cutover_max_lag' in message.lower()
        assert err.value.to_result() == dict(id=job_id, status='WORKING', lag_time_seconds=2, ready_for_cutover=True,
                                             migration_hosts=SOURCE['migrationHosts'], project_id=PROJECT, cut_over=False)
    assert atlas_calls(linked) == [('GET', '/' + job_id, 200)] * 2
    assert linked.migrations()['jobs'][0]['cutoverRequested'] is False


def test_gate_waits_the_timeout_then_fails(linked, module, make_client):
    job_id = run(module(wait_for='ready_for_cutover'), make_client)['id']
    linked.clear_log()
    with pytest.raises(LiveMigrateError) as err:
        run(module(state='cutover', live_migration_id=job_id, cutover_max_lag=1, cutover_gate_timeout=1, poll_interval=0.2), make_client)
    assert 'after waiting 1 seconds' in str(err.value)
    assert len(atlas_calls(linked)) >= 4 and put_calls(linked) == []


def test_gate_waits_for_ready_then_cuts_over(linked, module, make_client):
    job_id = run(module(), make_client)['id']
    cut = run(module(state='cutover', live_migration_id=job_id, cutover_max_lag=10, cutover_gate_timeout=20), make_client)
    assert cut['cut_over'] is True and len(put_calls(linked)) == 1


def test_without_gate_cut_over_is_returned_too(linked, module, make_client):
    started = run(module(), make_client)
    assert started['cut_over'] is False
    again = run(module(live_migration_id=started['id']), make_client)
    assert again['cut_over'] is False


def test_failed_job_stops_the_wait(linked, module, make_client):
    linked.update_migration_settings(migration_outcome='failed')
    with pytest.raises(LiveMigrateError) as err:
        run(module(wait_for='ready_for_cutover'), make_client)
    assert 'is FAILED' in str(err.value)
    assert err.value.to_result()['status'] == 'FAILED' and err.value.to_result()['id']
    job_id = err.value.to_result()['id']
    result = run(module(live_migration_id=job_id), make_client)
    assert result['status'] == 'FAILED' and result['changed'] is False
    with pytest.raises(LiveMigrateError) as cut:
        run(module(state='cutover', live_migration_id=job_id), make_client)
    assert 'cannot be cut over' in str(cut.value)


def test_expired_job_after_the_cutover_window(linked, module, make_client):
    linked.update_migration_settings(cutover_window_seconds=0.2)
    job_id = run(module(wait_for='ready_for_cutover'), make_client)['id']
    with pytest.raises(LiveMigrateError) as err:
        run(module(live_migration_id=job_id, wait_for='complete'), make_client)
    assert 'EXPIRED' in str(err.value) and 'cutover window' in str(err.value)


def test_wait_timeout_names_the_id_to_wait_again(linked, module, make_client):
    linked.update_migration_settings(migration_step_seconds=30)
    with pytest.raises(LiveMigrateError) as err:
        run(module(wait_for='ready_for_cutover', wait_timeout=0), make_client)
    job_id = linked.migrations()['jobs'][0]['_id']
    assert 'was not ready for cutover after' in str(err.value) and 'live_migration_id=%s' % job_id in str(err.value)


def test_a_post_answered_503_is_not_sent_again(linked, module, make_client):
    linked.add_fault('status', method='POST', path='/liveMigrations$', status=503, retry_after=0)
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    assert err.value.status == 503
    assert linked.migrations()['jobs'] == []
    assert [call for call in atlas_calls(linked) if call[0] == 'POST'] == [('POST', '', 503)]


def test_service_account_works_too(linked, module, make_client):
    mod = module()
    result = with_diff(mod, *migration_module.run(mod, make_client(auth='oauth')))
    assert result['changed'] is True
    assert contract.validate_log(linked.log) == 1


# -- atlas_live_migration_info ---------------------------------------------------------------------

INFO_ARGUMENTS = arguments.atlas_live_migration_info()
INFO_BASE = dict(project_id=PROJECT, live_migration_id='6f0a1b2c3d4e5f6071829304')


def test_info_reads_one_job(linked, module, fake_module, make_client):
    job_id = run(module(), make_client)['id']
    linked.clear_log()
    result = run(fake_module(INFO_ARGUMENTS, INFO_BASE, live_migration_id=job_id), make_client, info_module)
    assert result == dict(changed=False, project_id=PROJECT, exists=True, id=job_id, status='NEW', lag_time_seconds=None,
                          ready_for_cutover=False, migration_hosts=SOURCE['migrationHosts'])
    assert contract.validate_log(linked.log) == 1


def test_info_of_an_unknown_job(linked, fake_module, make_client):
    result = run(fake_module(INFO_ARGUMENTS, INFO_BASE), make_client, info_module)
    assert result['exists'] is False and result['status'] is None and result['id'] == INFO_BASE['live_migration_id']


@pytest.mark.parametrize('params', [dict(project_id='x'), dict(live_migration_id='6F0A1B2C3D4E5F6071829304')])
def test_info_validates_ids(fake_module, params):
    with pytest.raises(InputError):
        info_module.validate(fake_module(INFO_ARGUMENTS, INFO_BASE, **params))
