# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_live_migration and atlas_live_migration_info: validate() and run() against the simulator."""

import errno
import json
import os
import threading
import time

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import state_store
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
        failure = err.value.to_result()
        assert failure.pop('record')['id'] == job_id  # the record of the migration, returned on failure too
        assert failure == dict(id=job_id, status='WORKING', lag_time_seconds=2, ready_for_cutover=True,
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


# -- state_file: recorded at the source ------------------------------------------------------------

SOURCE_ORG = OM_ORG
KEY = '%s/Cluster0' % PROJECT


@pytest.fixture
def store(tmp_path):
    """The state file of a test (not there yet) and a reader of its records."""
    path = tmp_path / 'state' / 'campaign-store.json'

    class State:
        def __init__(self):
            self.path = str(path)

        def exists(self):
            return path.exists()

        def migrations(self):
            return json.loads(path.read_text())['migrations']

        def record(self, key=KEY):
            return self.migrations().get(key)

        def text(self):
            return path.read_text()

    return State()


def recorded(module, store, **params):
    """A module of these tests: the usual request plus the state file and the source organization."""
    return module(**dict(dict(state_file=store.path, source_org_id=SOURCE_ORG), **params))


def posts(sim):
    return [call for call in atlas_calls(sim) if call[0] == 'POST']


@pytest.mark.parametrize('params, option', [
    (dict(source_org_id='6A1B2C3D4E5F60718293A4B1'), 'source_org_id'),
    (dict(state_lock_timeout=-1), 'state_lock_timeout'),
    (dict(destination=None), 'destination'),
    (dict(destination=None, source=None, state='cutover'), 'live_migration_id'),
])
def test_validate_refuses_bad_recording_input(module, store, params, option):
    with pytest.raises(InputError) as err:
        migration_module.validate(recorded(module, store, **params))
    assert err.value.option == option


def test_validate_with_a_state_file_needs_only_the_destination(module, store):
    migration_module.validate(recorded(module, store, source=None, migration_host=None))
    migration_module.validate(recorded(module, store, state='cutover', source=None, migration_host=None))


def test_start_is_recorded_before_any_wait(linked, module, make_client, store):
    """wait_for with a job that is never ready: the wait times out, the state file holds the record all the same."""
    linked.update_migration_settings(migration_step_seconds=600)
    with pytest.raises(LiveMigrateError) as err:
        run(recorded(module, store, wait_for='ready_for_cutover', wait_timeout=1, poll_interval=0.2), make_client)
    job_id = linked.migrations()['jobs'][0]['_id']
    assert 'was not ready for cutover after' in str(err.value)
    record = store.record()
    assert record['id'] == job_id and record['status'] == 'NEW' and record['started_at'] == record['updated_at']
    assert record['org_id'] == SOURCE_ORG and record['migration_host'] == SOURCE['migrationHosts'][0]
    assert record['source'] == dict(project_id=SOURCE['projectId'], cluster_name='rs0')
    assert record['destination'] == dict(project_id=PROJECT, cluster_name='Cluster0')
    assert err.value.to_result()['record'] == record and err.value.to_result()['id'] == job_id
    assert 's3cr3t-Passw0rd' not in store.text() and 'migrator' not in store.text()
    assert os.stat(store.path).st_mode & 0o777 == 0o600
    assert len(posts(linked)) == 1


def test_start_is_recorded_before_the_first_read(linked, module, make_client, store):
    """Every read after the start fails (no answer): the record was written before the first one was sent."""
    linked.add_fault('drop_before', method='GET', path='/liveMigrations/', times=None)
    with pytest.raises(LiveMigrateError):
        run(recorded(module, store, wait_for='ready_for_cutover'), lambda **kw: make_client(retries=0, **kw))
    assert store.record()['id'] == linked.migrations()['jobs'][0]['_id']
    assert atlas_calls(linked)[0] == ('POST', '', 201)


def test_same_options_twice_start_one_migration(linked, module, make_client, store):
    linked.update_migration_settings(migration_step_seconds=600)
    first = run(recorded(module, store), make_client)
    assert first['changed'] is True and first['state_written'] is True and first['record'] == store.record()
    linked.clear_log()
    again = run(recorded(module, store), make_client)
    assert again['changed'] is False and again['id'] == first['id'] and again['state_written'] is False
    assert 'recorded for cluster %s' % KEY in again['msg'] and 'not started again' in again['msg']
    assert atlas_calls(linked) == [('GET', '/' + first['id'], 200)]
    assert len(linked.migrations()['jobs']) == 1
    assert again['record'] == first['record'] == store.record()


def test_resume_needs_no_source_and_updates_the_record(linked, module, make_client, store):
    first = run(recorded(module, store), make_client)
    linked.update_migration_job(first['id'], step_seconds=0)
    again = run(recorded(module, store, source=None, migration_host=None, wait_for='ready_for_cutover'), make_client)
    assert again['changed'] is False and again['ready_for_cutover'] is True and again['state_written'] is True
    record = store.record()
    assert record['status'] == 'WORKING' and record['ready_for_cutover'] is True and record['lag_time_seconds'] == 2
    assert record['started_at'] == first['record']['started_at'] and record['source'] == first['record']['source']
    assert len(posts(linked)) == 1


@pytest.mark.parametrize('end', ['FAILED', 'EXPIRED', 'NOT_FOUND'])
def test_a_recorded_migration_that_ended_is_refused_then_restarted(linked, module, make_client, store, end):
    first = run(recorded(module, store), make_client)
    if end == 'NOT_FOUND':
        linked.forget_migration_job(first['id'])
    else:
        linked.update_migration_job(first['id'], status=end)
    linked.clear_log()
    with pytest.raises(LiveMigrateError) as err:
        run(recorded(module, store), make_client)
    assert str(err.value) == ('The migration recorded for cluster %s, %s, is %s: nothing was started. Look at it in Atlas, then '
                              'set restart=true to start a new one.' % (KEY, first['id'], end))
    assert err.value.to_result()['id'] == first['id'] and err.value.to_result()['record']['status'] == end
    assert store.record()['status'] == end and store.record()['id'] == first['id']
    if end == 'NOT_FOUND':
        assert store.record()['note'].startswith('Atlas answered 404 for this migration on ')
    assert posts(linked) == []
    again = run(recorded(module, store, restart=True), make_client)
    assert again['changed'] is True and again['id'] != first['id']
    assert 'restart=true: starting a new one' in again['msg']
    record = store.record()
    assert record['id'] == again['id'] and record['status'] == 'NEW' and 'note' not in record
    assert record['started_at'] >= first['record']['started_at']
    assert len(posts(linked)) == 1


def test_restart_without_the_request_fails_before_the_start(linked, module, make_client, store):
    first = run(recorded(module, store), make_client)
    linked.forget_migration_job(first['id'])
    with pytest.raises(InputError) as err:
        run(recorded(module, store, restart=True, migration_host=None), make_client)
    assert err.value.option == 'migration_host' and 'is NOT_FOUND and restart=true' in str(err.value)
    assert len(posts(linked)) == 1


def test_check_mode_reads_the_state_file_and_writes_nothing(linked, module, make_client, store):
    predicted = run(recorded(module, store, check_mode=True, wait_for='ready_for_cutover'), make_client)
    assert predicted['changed'] is True and predicted['record'] is None and predicted['state_written'] is False
    assert not store.exists() and not os.path.exists(os.path.dirname(store.path))
    assert linked.log == []
    first = run(recorded(module, store), make_client)
    linked.update_migration_job(first['id'], step_seconds=0)
    before, mtime = store.text(), os.stat(store.path).st_mtime_ns
    linked.clear_log()
    check = run(recorded(module, store, check_mode=True), make_client)
    assert check['changed'] is False and check['id'] == first['id'] and check['state_written'] is False
    assert check['record']['status'] == 'WORKING' and check['record']['ready_for_cutover'] is True  # as it would be
    assert store.text() == before and os.stat(store.path).st_mtime_ns == mtime
    assert [call[0] for call in atlas_calls(linked)] == ['GET']
    cut = run(recorded(module, store, check_mode=True, state='cutover', source=None), make_client)
    assert cut['changed'] is True and cut['record']['cut_over'] is True and store.text() == before


def test_a_record_that_cannot_be_written_fails_naming_the_migration(linked, module, make_client, store, monkeypatch):
    def full(path, migrations):
        raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(state_store, 'write', full)
    with pytest.raises(LiveMigrateError) as err:
        run(recorded(module, store, wait_for='ready_for_cutover'), make_client)
    job_id = linked.migrations()['jobs'][0]['_id']
    message = str(err.value)
    assert message.startswith('Live migration %s was started in project %s, but its record could not be written' % (job_id, PROJECT))
    assert 'No space left on device' in message and 'Pass live_migration_id=%s on the next run' % job_id in message
    assert err.value.to_result()['id'] == job_id and err.value.to_result()['changed'] is True
    assert atlas_calls(linked) == [('POST', '', 201)]  # no wait after a record that could not be written


def test_cutover_of_the_recorded_migration(linked, module, make_client, store):
    first = run(recorded(module, store, wait_for='ready_for_cutover'), make_client)
    cut = run(recorded(module, store, state='cutover', source=None, migration_host=None, wait_for='complete'), make_client)
    assert cut['changed'] is True and cut['cut_over'] is True and cut['id'] == first['id']
    record = store.record()
    assert record['status'] == 'COMPLETE' and record['cut_over'] is True and 'lag_time_seconds' not in record
    assert record['started_at'] == first['record']['started_at']
    assert len(put_calls(linked)) == 1


def test_cutover_without_a_record_names_live_migration_id(linked, module, make_client, store):
    with pytest.raises(InputError) as err:
        run(recorded(module, store, state='cutover'), make_client)
    assert err.value.option == 'live_migration_id' and 'no migration is recorded for cluster %s' % KEY in str(err.value)
    assert linked.log == []


def test_cutover_of_a_recorded_migration_atlas_forgot(linked, module, make_client, store):
    first = run(recorded(module, store), make_client)
    linked.forget_migration_job(first['id'])
    with pytest.raises(LiveMigrateError) as err:
        run(recorded(module, store, state='cutover'), make_client)
    assert 'HTTP 404' in str(err.value) and 'recorded as NOT_FOUND' in str(err.value)
    assert store.record()['status'] == 'NOT_FOUND' and put_calls(linked) == []


def test_a_given_id_updates_the_record_found_by_its_id(linked, module, make_client, store):
    first = run(recorded(module, store), make_client)
    linked.update_migration_job(first['id'], step_seconds=0)
    read = run(module(live_migration_id=first['id'], state_file=store.path, source=None, destination=None, migration_host=None,
                      wait_for='ready_for_cutover'), make_client)
    assert read['record']['key'] == KEY and store.record()['ready_for_cutover'] is True
    assert store.record()['org_id'] == SOURCE_ORG


def test_a_failed_wait_is_recorded(linked, module, make_client, store):
    linked.update_migration_settings(migration_outcome='failed')
    with pytest.raises(LiveMigrateError) as err:
        run(recorded(module, store, wait_for='ready_for_cutover'), make_client)
    assert 'is FAILED' in str(err.value) and store.record()['status'] == 'FAILED'
    assert err.value.to_result()['record']['status'] == 'FAILED'


def test_without_a_state_file_the_record_is_returned(linked, module, make_client):
    result = run(module(source_org_id=SOURCE_ORG), make_client)
    record = result['record']
    assert record['key'] == KEY and record['id'] == result['id'] and record['org_id'] == SOURCE_ORG
    assert record['started_at'] == record['updated_at'] and result['state_written'] is False
    assert 's3cr3t-Passw0rd' not in json.dumps(result) and 'migrator' not in json.dumps(record)
    read = run(module(live_migration_id=result['id'], source=None, migration_host=None), make_client)
    assert read['record']['migration_host'] == SOURCE['migrationHosts'][0]  # not given: the one Atlas answers
    assert 'started_at' not in read['record']


def test_a_state_file_that_is_not_one_fails_before_any_request(linked, module, make_client, store):
    os.makedirs(os.path.dirname(store.path))
    with open(store.path, 'w') as handle:
        handle.write('{"not": "a state file"}')
    with pytest.raises(InputError) as err:
        run(recorded(module, store), make_client)
    assert err.value.option == 'state_file' and 'is not a state file' in str(err.value)
    assert linked.log == [] and store.text() == '{"not": "a state file"}'


def test_a_held_lock_stops_before_any_request(linked, module, make_client, store):
    os.makedirs(os.path.dirname(store.path))
    with state_store.locked(store.path, 1):
        with pytest.raises(LiveMigrateError) as err:
            run(recorded(module, store, state_lock_timeout=0), make_client)
    assert 'raise state_lock_timeout' in str(err.value) and linked.log == []


def test_two_runs_at_once_start_one_migration(linked, module, make_client, store):
    """Both wait for the lock; the first starts and records, the second finds the record and resumes."""
    linked.update_migration_settings(migration_step_seconds=600)
    os.makedirs(os.path.dirname(store.path))
    results = []
    with state_store.locked(store.path, 1):
        threads = [threading.Thread(target=lambda: results.append(run(recorded(module, store), make_client))) for dummy in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)
        assert linked.log == []
    for thread in threads:
        thread.join(30)
    assert sorted(result['changed'] for result in results) == [False, True]
    assert len(linked.migrations()['jobs']) == 1 and len(posts(linked)) == 1
    assert results[0]['id'] == results[1]['id'] == store.record()['id']


def test_an_update_that_cannot_be_written_is_a_warning(linked, module, make_client, store, monkeypatch):
    """Only the record of a start must not be lost; a later update that fails leaves the earlier record, and says so."""
    first = run(recorded(module, store), make_client)

    def read_only(path, migrations):
        raise OSError(errno.EROFS, 'Read-only file system')
    monkeypatch.setattr(state_store, 'write', read_only)
    mod = recorded(module, store, wait_for='ready_for_cutover')
    again = run(mod, make_client)
    assert again['ready_for_cutover'] is True and again['state_written'] is False
    assert [w for w in mod.warnings if 'Could not update the record of cluster %s' % KEY in w and 'Read-only file system' in w]
    assert store.record()['status'] == 'NEW' and store.record()['id'] == first['id']
