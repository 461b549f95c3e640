# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_live_migration_validation and atlas_live_migration_projects_info: validate() and run() against the simulator."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import state_store
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration_projects_info as projects_module
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_live_migration_validation as validation_module
from tests.simulator.migration_state import source_project
from tests.support import contract

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'  # the org the link_org fixture links to
OM_ORG = '6a1b2c3d4e5f60718293a4b1'
PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
SOURCE = source_project(OM_ORG)
ARGUMENTS = arguments.atlas_live_migration_validation()
BASE = dict(project_id=PROJECT, source=dict(project_id=SOURCE['projectId'], cluster_name='rs0', managed_authentication=True),
            destination=dict(cluster_name='Cluster0'), migration_host=SOURCE['migrationHosts'][0], wait_timeout=10,
            poll_interval=0.05)
PROJECTS_ARGUMENTS = arguments.atlas_live_migration_projects_info()


@pytest.fixture
def linked(sim, link_org):
    link_org(OM_ORG)
    sim.update_migration_settings(validation_seconds=0.2)
    return sim


def run(mod, make_client, target=validation_module):
    return with_diff(mod, *target.run(mod, make_client(warn=mod.warn)))


def test_validate_refuses_bad_ids(module):
    with pytest.raises(InputError) as err:
        validation_module.validate(module(validation_id='123'))
    assert err.value.option == 'validation_id'
    with pytest.raises(InputError) as err:
        validation_module.validate(module(project_id='nope'))
    assert err.value.option == 'project_id'


def test_check_mode_sends_nothing(linked, module, make_client):
    result = run(module(check_mode=True), make_client)
    assert result['changed'] is False and result['status'] is None and 'check mode' in result['msg']
    assert linked.log == []


def test_validation_waits_until_success(linked, module, make_client):
    result = run(module(), make_client)
    assert result['changed'] is False
    assert result['status'] == 'SUCCESS' and result['error_message'] is None
    assert result['source_project_id'] == SOURCE['projectId']
    entries = contract.atlas_entries(linked.log)
    assert entries[0]['method'] == 'POST' and entries[0]['path'].endswith('/liveMigrations/validate')
    assert entries[0]['headers']['Content-Type'] == 'application/vnd.atlas.2024-05-30+json'
    gets = entries[1:]
    assert gets and all(entry['method'] == 'GET' and entry['path'].endswith('/validate/' + result['validation_id']) for entry in gets)
    assert all(entry['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json' for entry in gets)
    assert contract.validate_log(linked.log) == len(entries)


def test_no_wait_returns_pending_and_validation_id_reads_it_later(linked, module, make_client):
    started = run(module(wait=False), make_client)
    assert started['status'] == 'PENDING'
    linked.clear_log()
    later = run(module(validation_id=started['validation_id']), make_client)
    assert later['status'] == 'SUCCESS' and later['validation_id'] == started['validation_id']
    assert 'POST' not in [entry['method'] for entry in contract.atlas_entries(linked.log)]


def test_failed_validation_fails_with_the_reason(linked, module, make_client):
    linked.update_migration_settings(validation_outcome='failed')
    with pytest.raises(LiveMigrateError) as err:
        run(module(), make_client)
    assert 'FAILED' in str(err.value) and 'disk space' in str(err.value)
    extra = err.value.to_result()
    assert extra['status'] == 'FAILED' and 'disk space' in extra['error_message'] and 'msg' not in extra


def test_unknown_cluster_fails_validation(linked, module, make_client):
    with pytest.raises(LiveMigrateError) as err:
        run(module(source=dict(BASE['source'], cluster_name='nope')), make_client)
    assert 'no deployment named nope' in err.value.to_result()['error_message']


def test_wait_timeout(linked, module, make_client):
    linked.update_migration_settings(validation_seconds=30)
    with pytest.raises(LiveMigrateError) as err:
        run(module(wait_timeout=0), make_client)
    assert 'still PENDING' in str(err.value) and 'validation_id=' in str(err.value)


def test_password_is_sent_but_never_returned(linked, module, make_client):
    mod = module(source=dict(BASE['source'], managed_authentication=False, username='migrator', password='s3cr3t-Passw0rd'))
    result = run(mod, make_client)
    assert 's3cr3t-Passw0rd' not in repr(result)
    assert contract.body_json(contract.atlas_entries(linked.log)[0])['source']['password'] == 's3cr3t-Passw0rd'
    assert contract.validate_log(linked.log) >= 2


# -- atlas_live_migration_projects_info ----------------------------------------------------------

def test_projects_of_linked_organizations(sim, link_org, fake_module, make_client):
    mod = fake_module(PROJECTS_ARGUMENTS, dict(org_id=ATLAS_ORG))
    assert run(mod, make_client, projects_module) == dict(changed=False, org_id=ATLAS_ORG, projects=[])
    link_org(OM_ORG)
    result = run(mod, make_client, projects_module)
    assert [project['project_id'] for project in result['projects']] == [SOURCE['projectId']]
    project = result['projects'][0]
    assert project['migration_hosts'] == SOURCE['migrationHosts']
    assert project['deployments'][0]['name'] == 'rs0' and project['deployments'][0]['mongodb_version'] == '7.0.12'
    assert project['deployments'][1]['sharded'] is True and project['deployments'][1]['oplog_size_mb'] == 2048
    entry = contract.atlas_entries(sim.log)[0]
    assert entry['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
    assert contract.validate_log(sim.log) == 1


def test_projects_info_validates_org_id(fake_module):
    with pytest.raises(InputError):
        projects_module.validate(fake_module(PROJECTS_ARGUMENTS, dict(org_id='nope')))


def test_projects_info_error(sim, fake_module, make_client):
    sim.add_fault('status', method='GET', path='availableProjects', status=403)
    with pytest.raises(ApiError) as err:
        run(fake_module(PROJECTS_ARGUMENTS, dict(org_id=ATLAS_ORG)), make_client, projects_module)
    assert err.value.status == 403 and 'Organization Owner' in str(err.value)


# -- state_file: the validation recorded in the record of the destination cluster ------------------

KEY = '%s/Cluster0' % PROJECT


def records(path):
    with open(path) as handle:
        return json.load(handle)['migrations']


def test_validation_is_recorded_right_after_each_answer(linked, module, make_client, tmp_path, monkeypatch):
    path = str(tmp_path / 'state.json')
    written = []
    real_write = state_store.write
    monkeypatch.setattr(state_store, 'write', lambda where, migrations: written.append(migrations[KEY]) or real_write(where, migrations))
    result = run(module(state_file=path), make_client)
    assert [(one['validation_status'], one['validation_id']) for one in written] == [
        ('PENDING', result['validation_id']), ('SUCCESS', result['validation_id'])]
    record = records(path)[KEY]
    assert record == result['record']
    assert record['validation_status'] == 'SUCCESS' and 'id' not in record and 'status' not in record
    assert record['source'] == dict(project_id=SOURCE['projectId'], cluster_name='rs0')
    assert record['destination'] == dict(project_id=PROJECT, cluster_name='Cluster0')


def test_validation_keeps_the_recorded_migration(linked, module, make_client, tmp_path):
    path = str(tmp_path / 'state.json')
    job = dict(key=KEY, id='6f0a1b2c3d4e5f6071829304', status='FAILED', started_at='2026-12-01T00:00:00Z',
               updated_at='2026-12-01T00:00:00Z')
    state_store.write(path, {KEY: job})
    linked.update_migration_settings(validation_outcome='failed')
    with pytest.raises(LiveMigrateError) as err:
        run(module(state_file=path), make_client)
    record = records(path)[KEY]
    assert record['validation_status'] == 'FAILED' and err.value.to_result()['record'] == record
    assert dict((k, record[k]) for k in job if k != 'updated_at') == dict((k, v) for k, v in job.items() if k != 'updated_at')


def test_validation_check_mode_reads_the_state_file_only(linked, module, make_client, tmp_path):
    path = str(tmp_path / 'state.json')
    state_store.write(path, {KEY: dict(key=KEY, validation_status='SUCCESS', updated_at='2026-12-01T00:00:00Z')})
    before = open(path).read()
    result = run(module(state_file=path, check_mode=True), make_client)
    assert result['record']['validation_status'] == 'SUCCESS' and open(path).read() == before and linked.log == []


def test_validation_with_a_lock_timeout_below_zero_is_refused(module):
    with pytest.raises(InputError) as err:
        validation_module.validate(module(state_file='/tmp/x.json', state_lock_timeout=-1))
    assert err.value.option == 'state_lock_timeout'
