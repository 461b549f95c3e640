"""The simulated push live migration: versions per operation, validation, job life cycle, control API."""

import time

import requests

from tests.simulator.migration_state import source_project

ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'  # the Api fixture's default organizations (conftest.py)
OM_ORG = '60a1b2c3d4e5f60718293a4b'

V1 = 'application/vnd.atlas.2023-01-01+json'
V2 = 'application/vnd.atlas.2024-05-30+json'
GROUP = '64b7c2e9d1a3b6c8e0f1a2b3'
SOURCE = source_project(OM_ORG)


def _link(api):
    token = api.create_token().json()['linkToken']
    assert api.link(token).status_code in (200, 201)


def _body(cluster='rs0', host=None, **extra):
    body = {'source': {'groupId': SOURCE['projectId'], 'clusterName': cluster, 'managedAuthentication': True, 'ssl': False},
            'destination': {'groupId': GROUP, 'clusterName': 'Cluster0', 'hostnameSchemaType': 'PUBLIC'},
            'migrationHosts': [host or SOURCE['migrationHosts'][0]], 'dropDestinationData': False}
    body.update(extra)
    return body


def _url(sim, *rest):
    return '/'.join((sim.url + '/api/atlas/v2/groups/%s/liveMigrations' % GROUP,) + rest)


def _post(sim, session, body, version=V2, path=()):
    return session.post(_url(sim, *path), json=body, headers={'Accept': version, 'Content-Type': version})


def _get(sim, session, *path, version=V1):
    return session.get(_url(sim, *path), headers={'Accept': version})


def test_available_projects_follow_the_links(sim, api, session):
    url = '%s/api/atlas/v2/orgs/%s/liveMigrations/availableProjects' % (sim.url, ATLAS_ORG)
    assert session.get(url, headers={'Accept': V1}).json() == []
    _link(api)
    answer = session.get(url, headers={'Accept': V1})
    assert answer.status_code == 200 and answer.headers['Content-Type'].startswith(V1)
    assert answer.json() == [SOURCE]
    assert session.get(url, headers={'Accept': V2}).status_code == 406
    api.delete_tokens()  # the link turns NOT_SYNCED: nothing is available any more
    assert session.get(url, headers={'Accept': V1}).json() == []


def test_each_operation_serves_the_versions_of_the_spec(sim, api, session):
    _link(api)
    assert _post(sim, session, _body(), version=V1).status_code == 400  # 2023-01-01 needs dropEnabled instead
    legacy = _body()
    legacy['dropEnabled'] = legacy.pop('dropDestinationData')
    assert _post(sim, session, legacy, version=V1).status_code == 201
    created = _post(sim, session, _body())
    assert created.status_code == 201 and created.headers['Content-Type'].startswith(V2)
    job_id = created.json()['_id']
    assert _get(sim, session, job_id, version=V2).status_code == 406
    assert _get(sim, session, job_id).status_code == 200
    assert session.put(_url(sim, job_id, 'cutover'), headers={'Accept': V2}).status_code == 406
    validation = _post(sim, session, _body(), path=('validate',))
    assert validation.status_code == 200 and validation.json()['status'] == 'PENDING'
    assert _get(sim, session, 'validate', validation.json()['_id'], version=V2).status_code == 406


def test_bad_requests(sim, api, session):
    _link(api)
    assert _post(sim, session, _body(migrationHosts=['a', 'b'])).status_code == 400
    assert _post(sim, session, _body(unknown=1)).json()['errorCode'] == 'INVALID_ATTRIBUTE'
    wrong_group = _body()
    wrong_group['destination']['groupId'] = 'a' * 24
    assert _post(sim, session, wrong_group).status_code == 400
    assert _post(sim, session, _body(cluster='nope')).json()['errorCode'] == 'INVALID_LIVE_MIGRATION_SOURCE'
    assert _post(sim, session, _body(host='other.example.com')).status_code == 400
    assert _get(sim, session, 'f' * 24).status_code == 404
    assert _get(sim, session, 'XYZ').status_code == 400
    assert sim.migrations()['jobs'] == []


def test_validation_outcomes(sim, api, session):
    sim.update_migration_settings(validation_seconds=0)
    unlinked = _post(sim, session, _body(), path=('validate',)).json()
    assert unlinked['status'] == 'FAILED' and 'link' in unlinked['errorMessage']
    _link(api)
    ok = _post(sim, session, _body(), path=('validate',)).json()
    assert ok['status'] == 'SUCCESS' and ok['errorMessage'] is None and ok['sourceGroupId'] == SOURCE['projectId']
    assert _get(sim, session, 'validate', ok['_id']).json() == ok
    sim.update_migration_settings(validation_outcome='failed')
    assert _post(sim, session, _body(), path=('validate',)).json()['status'] == 'FAILED'


def test_job_life_cycle_and_cutover(sim, api, session):
    _link(api)
    sim.update_migration_settings(migration_step_seconds=0.2)
    job = _post(sim, session, _body()).json()
    assert job['status'] == 'NEW' and job['readyForCutover'] is False
    assert session.put(_url(sim, job['_id'], 'cutover'), headers={'Accept': V1}).status_code == 400  # not ready
    time.sleep(0.25)
    assert _get(sim, session, job['_id']).json()['status'] == 'WORKING'
    time.sleep(0.2)
    ready = _get(sim, session, job['_id']).json()
    assert ready['readyForCutover'] is True and ready['lagTimeSeconds'] == 2
    cut = session.put(_url(sim, job['_id'], 'cutover'), headers={'Accept': V1})
    assert cut.status_code == 202 and cut.content == b''
    assert session.put(_url(sim, job['_id'], 'cutover'), headers={'Accept': V1}).status_code == 400  # already requested
    assert _get(sim, session, job['_id']).json()['readyForCutover'] is False
    time.sleep(0.25)
    assert _get(sim, session, job['_id']).json()['status'] == 'COMPLETE'
    assert sim.migrations()['jobs'][0]['cutoverRequested'] is True


def test_failed_and_expired_jobs(sim, api, session):
    _link(api)
    sim.update_migration_settings(migration_step_seconds=0.05, cutover_window_seconds=0.1, migration_outcome='failed')
    failed = _post(sim, session, _body()).json()['_id']
    sim.update_migration_settings(migration_outcome='complete')
    expiring = _post(sim, session, _body()).json()['_id']
    time.sleep(0.25)
    assert _get(sim, session, failed).json()['status'] == 'FAILED'
    assert _get(sim, session, expiring).json()['status'] == 'EXPIRED'


def test_migration_control_api(sim, api, session):
    base = sim.url + '/_sim/migrations'
    assert requests.get(base + '/settings', timeout=5).json()['cutover_window_seconds'] == 120 * 3600
    answer = requests.put(base + '/settings', json={'migration_step_seconds': 0.5, 'validation_outcome': 'failed'}, timeout=5)
    assert answer.status_code == 200 and answer.json()['migration_step_seconds'] == 0.5
    assert requests.put(base + '/settings', json={'migration_outcome': 'maybe'}, timeout=5).status_code == 400
    assert requests.put(base + '/settings', json={'validation_seconds': -1}, timeout=5).status_code == 400
    assert requests.put(base + '/settings', json={'colour': 1}, timeout=5).status_code == 400
    _link(api)
    _post(sim, session, _body())
    state = requests.get(base, timeout=5).json()
    assert len(state['jobs']) == 1 and state['jobs'][0]['status'] == 'NEW' and state['validations'] == []
    requests.post(sim.url + '/_sim/reset', timeout=5)
    assert requests.get(base, timeout=5).json() == {'validations': [], 'jobs': []}
    assert sim.migration_settings.validation_outcome == 'success'


def test_a_running_migration_blocks_the_unlink(sim, api, session):
    sim.update_migration_settings(migration_step_seconds=60)
    _link(api)
    assert _post(sim, session, _body()).status_code == 201
    answer = api.unlink()
    assert answer.status_code == 409
    assert answer.json()['errorCode'] == 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT'
    assert SOURCE['projectId'] in answer.json()['detail']
