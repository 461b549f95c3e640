"""Migration campaigns in the simulator: configured source projects, many jobs at once, per-job control, the per-org limit."""

import json
import threading
import time

import requests
from requests.auth import HTTPDigestAuth

from tests.simulator import DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY

from tests.simulator.migration_state import source_project
from tests.support.sim_control import SimControl, main as sim_control_main

ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'
OM_ORGS = ('60a1b2c3d4e5f60718293a4b', '60a1b2c3d4e5f60718293a4c', '60a1b2c3d4e5f60718293a4d')
GROUP = '64b7c2e9d1a3b6c8e0f1a2b3'
V1 = 'application/vnd.atlas.2023-01-01+json'
V2 = 'application/vnd.atlas.2024-05-30+json'


def _project_id(org_index):
    return '6%023x' % (org_index + 1)


def _projects(org_index):
    """One project of three replica sets and one migration host for organization ``org_index``."""
    return [{'projectId': _project_id(org_index), 'name': 'Estate %d' % org_index, 'migrationHosts': ['mh-%d.example.com' % org_index],
             'deployments': [{'name': 'rs%d' % number, 'mongoDBVersion': '7.0.14', 'featureCompatibilityVersion': '7.0',
                              'sharded': False} for number in range(1, 4)]}]


def _campaign(sim, api, orgs=OM_ORGS):
    """Configure 3 deployments in each organization (before the link exists), then link each to the Atlas org."""
    control = SimControl(sim.url)
    for index, org in enumerate(orgs):
        control.set_source_projects(org, _projects(index))
        assert api.link(api.create_token().json()['linkToken'], org=org).status_code in (200, 201)
    return control


def _body(org_index, cluster, destination=None, host=None):
    return {'source': {'groupId': _project_id(org_index), 'clusterName': cluster, 'managedAuthentication': True, 'ssl': False},
            'destination': {'groupId': GROUP, 'clusterName': destination or 'dst-%d-%s' % (org_index, cluster),
                            'hostnameSchemaType': 'PUBLIC'},
            'migrationHosts': [host or 'mh-%d.example.com' % org_index], 'dropDestinationData': False}


def _url(sim, *rest):
    return '/'.join((sim.url + '/api/atlas/v2/groups/%s/liveMigrations' % GROUP,) + rest)


def _start(sim, session, org_index, cluster, **kwargs):
    return session.post(_url(sim), json=_body(org_index, cluster, **kwargs), headers={'Accept': V2, 'Content-Type': V2})


def _get(sim, session, job_id):
    return session.get(_url(sim, job_id), headers={'Accept': V1})


def _cutover(sim, session, job_id):
    return session.put(_url(sim, job_id, 'cutover'), headers={'Accept': V1})


def _wait(sim, session, job_ids, predicate, timeout=10):
    """Poll Atlas until ``predicate`` holds for every job's GET answer; the answers."""
    deadline = time.time() + timeout
    while True:
        answers = [_get(sim, session, job_id).json() for job_id in job_ids]
        if all(predicate(answer) for answer in answers) or time.time() > deadline:
            return answers
        time.sleep(0.05)


def test_configured_projects_are_listed_validated_and_used(sim, api, session):
    control = SimControl(sim.url)
    assert control.source_projects(OM_ORGS[0]) == [source_project(OM_ORGS[0])]  # the default until configured
    stored = control.set_source_projects(OM_ORGS[0], _projects(0) + [{'deployments': [{'name': 'sh', 'sharded': True}]}])
    assert stored[0]['deployments'][0]['clusterId'] and stored[0]['deployments'][0]['managed'] is True
    assert stored[1]['projectId'] != source_project(OM_ORGS[0])['projectId'] and stored[1]['deployments'][0]['shardsSize'] == 2
    assert control.source_projects(OM_ORGS[0]) == stored
    url = '%s/api/atlas/v2/orgs/%s/liveMigrations/availableProjects' % (sim.url, ATLAS_ORG)
    assert session.get(url, headers={'Accept': V1}).json() == []  # configured, but not linked yet
    _campaign(sim, api)
    assert control.set_source_projects(OM_ORGS[0], _projects(0) + [{'deployments': [{'name': 'sh', 'sharded': True}]}]) == stored
    listed = session.get(url, headers={'Accept': V1}).json()
    assert [project['projectId'] for project in listed] == [_project_id(0), stored[1]['projectId'], _project_id(1), _project_id(2)]
    assert listed[0] == stored[0]
    # create: the cluster must exist in that project, the migration host must be one of that project's
    assert _start(sim, session, 0, 'rs9').json()['errorCode'] == 'INVALID_LIVE_MIGRATION_SOURCE'
    assert _start(sim, session, 0, 'rs1', host='mh-1.example.com').json()['errorCode'] == 'INVALID_LIVE_MIGRATION_SOURCE'
    assert _start(sim, session, 0, 'rs1').status_code == 201
    sim.update_migration_settings(validation_seconds=0)
    validation = session.post(_url(sim, 'validate'), json=_body(1, 'rs4'), headers={'Accept': V2, 'Content-Type': V2}).json()
    assert validation['status'] == 'FAILED' and 'no deployment named rs4' in validation['errorMessage']
    # bad lists change nothing and name the problem
    base = sim.url + '/_sim/om/orgs/%s/projects' % OM_ORGS[1]
    for bad in ({'a': 1}, [{'projectId': 'XYZ'}], [{'deployments': [{'name': 'a', 'sharded': 'yes'}]}],
                [{'deployments': [{'name': 'a'}, {'name': 'a'}]}], [{'colour': 1}], [{'projectId': _project_id(0)}]):
        answer = requests.put(base, json=bad, timeout=5)
        assert answer.status_code == 400 and answer.json()['error'], bad
    assert control.source_projects(OM_ORGS[1]) == [dict(_projects(1)[0], deployments=listed[2]['deployments'])]
    assert requests.put(sim.url + '/_sim/om/orgs/nope/projects', json=[], timeout=5).status_code == 400
    assert requests.delete(base, timeout=5).status_code == 405
    control.reset()
    assert control.source_projects(OM_ORGS[0]) == [source_project(OM_ORGS[0])]


def test_nine_jobs_run_at_once_with_their_own_timings(sim, api, session):
    control = _campaign(sim, api)
    sim.update_migration_settings(migration_step_seconds=0.3)
    jobs = []
    for index in range(3):
        for cluster in ('rs1', 'rs2', 'rs3'):
            answer = _start(sim, session, index, cluster)
            assert answer.status_code == 201 and answer.json()['status'] == 'NEW'
            jobs.append(answer.json()['_id'])
    views = control.migrations()['jobs']
    assert len(views) == 9 and {view['sourceOrgId'] for view in views} == set(OM_ORGS)
    assert all(view['readyAt'] is None and view['cutoverAt'] is None and view['completedAt'] is None for view in views)
    ready = _wait(sim, session, jobs, lambda job: job['readyForCutover'])
    assert all(job['status'] == 'WORKING' and job['lagTimeSeconds'] == 2 for job in ready)
    for job_id in jobs:
        assert _cutover(sim, session, job_id).status_code == 202
    done = _wait(sim, session, jobs, lambda job: job['status'] == 'COMPLETE')
    assert [job['status'] for job in done] == ['COMPLETE'] * 9
    views = [control.job(job_id) for job_id in jobs]
    assert all(view['created'] < view['readyAt'] <= view['cutoverAt'] < view['completedAt'] == view['endedAt'] for view in views)
    assert max(view['created'] for view in views) < min(view['readyAt'] for view in views)  # all nine ran at once
    assert views[0]['sourceClusterName'] == 'rs1' and views[0]['destinationClusterName'] == 'dst-0-rs1'
    assert control.migrations()['jobs'] == views


def test_jobs_fail_expire_lag_and_change_pace_on_demand(sim, api, session):
    control = _campaign(sim, api)
    sim.update_migration_settings(migration_step_seconds=60, ready_lag_seconds=7)
    failing, expiring, slow = [_start(sim, session, 0, 'rs%d' % number).json()['_id'] for number in (1, 2, 3)]
    sim.update_migration_settings(migration_step_seconds=0.1)  # each job keeps the step it was created with
    lagging = _start(sim, session, 1, 'rs1').json()['_id']
    assert control.job_update(failing, status='FAILED')['status'] == 'FAILED'
    assert control.job(slow)['status'] == 'NEW' and control.job(slow)['stepSeconds'] == 60
    ready = _wait(sim, session, [lagging], lambda job: job['readyForCutover'])[0]
    assert ready['lagTimeSeconds'] == 7  # ready_lag_seconds, captured when the job was created
    assert control.job_update(lagging, lag_time_seconds=45)['lagTimeSeconds'] == 45
    assert _get(sim, session, lagging).json()['lagTimeSeconds'] == 45
    time.sleep(0.3)
    assert _get(sim, session, expiring).json()['status'] == 'NEW'  # its phase now lasts 60 s
    forced = control.job_update(expiring, status='EXPIRED')
    assert forced['status'] == 'EXPIRED' and forced['endedAt'] is not None and forced['readyAt'] is None
    assert _get(sim, session, expiring).json() == {'_id': expiring, 'status': 'EXPIRED', 'readyForCutover': False,
                                                   'lagTimeSeconds': None, 'migrationHosts': ['mh-0.example.com']}
    assert _get(sim, session, failing).json()['status'] == 'FAILED'  # for ever
    assert _cutover(sim, session, failing).status_code == 400
    control.job_update(slow, step_seconds=0.05)  # its NEW phase ends now, WORKING lasts 0.05 s
    assert _wait(sim, session, [slow], lambda job: job['readyForCutover'])[0]['lagTimeSeconds'] == 7
    base = sim.url + '/_sim/migrations/jobs/'
    for bad in ({'status': 'COMPLETE'}, {'lag_time_seconds': -1}, {'lag_time_seconds': 1.5}, {'step_seconds': 'x'}, {'colour': 1}, {}):
        assert requests.put(base + lagging, json=bad, timeout=5).status_code == 400, bad
    assert requests.put(base + failing, json={'status': 'EXPIRED'}, timeout=5).status_code == 400  # it already ended
    assert requests.put(base + 'f' * 24, json={'status': 'FAILED'}, timeout=5).status_code == 404
    assert control.job(lagging)['lagTimeSeconds'] == 45  # the refused changes changed nothing


def test_a_forgotten_job_is_not_found(sim, api, session):
    control = _campaign(sim, api)
    job_id = _start(sim, session, 2, 'rs3').json()['_id']
    control.forget_job(job_id)
    answer = _get(sim, session, job_id)
    assert answer.status_code == 404 and answer.json()['errorCode'] == 'LIVE_MIGRATION_NOT_FOUND'
    assert requests.get(sim.url + '/_sim/migrations/jobs/' + job_id, timeout=5).status_code == 404
    assert requests.delete(sim.url + '/_sim/migrations/jobs/' + job_id, timeout=5).status_code == 404
    assert control.migrations()['jobs'] == []
    assert api.unlink(org=OM_ORGS[2]).status_code == 204  # nothing runs there any more


def test_the_per_organization_limit(sim, api, session):
    _campaign(sim, api)
    sim.update_migration_settings(migration_step_seconds=0.1, max_running_per_source_org=1)
    first = _start(sim, session, 0, 'rs1')
    assert first.status_code == 201
    refused = _start(sim, session, 0, 'rs2')
    assert refused.status_code == 400 and refused.json()['errorCode'] == 'TOO_MANY_LIVE_MIGRATIONS'
    assert OM_ORGS[0] in refused.json()['detail'] and '(limit 1)' in refused.json()['detail']
    assert _start(sim, session, 1, 'rs1').status_code == 201  # another organization is fine
    _wait(sim, session, [first.json()['_id']], lambda job: job['readyForCutover'])
    assert _start(sim, session, 0, 'rs2').status_code == 400  # ready for cutover still runs
    assert _cutover(sim, session, first.json()['_id']).status_code == 202
    _wait(sim, session, [first.json()['_id']], lambda job: job['status'] == 'COMPLETE')
    assert _start(sim, session, 0, 'rs2').status_code == 201
    assert len(sim.migrations()['jobs']) == 3


def test_concurrent_starts_cannot_slip_under_the_limit(sim, api):
    _campaign(sim, api)
    sim.update_migration_settings(migration_step_seconds=60, max_running_per_source_org=1)
    answers, barrier = [], threading.Barrier(3)

    def start(cluster):
        with requests.Session() as own:  # one session per thread: a Session is not thread-safe
            own.auth = HTTPDigestAuth(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY)
            barrier.wait()
            answers.append(_start(sim, own, 0, cluster).status_code)

    threads = [threading.Thread(target=start, args=('rs%d' % number,)) for number in (1, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == [201, 400, 400]
    assert len(sim.migrations()['jobs']) == 1


def test_new_settings_defaults_checks_and_reset(sim):
    base = sim.url + '/_sim/migrations/settings'
    settings = requests.get(base, timeout=5).json()
    assert settings['ready_lag_seconds'] == 2 and settings['max_running_per_source_org'] == 0
    for bad in ({'ready_lag_seconds': -1}, {'ready_lag_seconds': 0.5}, {'max_running_per_source_org': True},
                {'max_running_per_source_org': 2, 'migration_outcome': 'maybe'}):
        assert requests.put(base, json=bad, timeout=5).status_code == 400, bad
    assert requests.get(base, timeout=5).json() == settings  # a refused change changes nothing
    answer = requests.put(base, json={'ready_lag_seconds': 30, 'max_running_per_source_org': 2}, timeout=5)
    assert answer.status_code == 200 and answer.json()['max_running_per_source_org'] == 2
    requests.post(sim.url + '/_sim/reset', timeout=5)
    assert requests.get(base, timeout=5).json() == settings


def test_the_command_line(sim, api, session, capsys):
    url = ['--url', sim.url]
    assert sim_control_main(url + ['source-projects', OM_ORGS[0], json.dumps(_projects(0))]) == 0
    assert json.loads(capsys.readouterr().out)[0]['projectId'] == _project_id(0)
    assert sim_control_main(url + ['source-projects', OM_ORGS[0]]) == 0
    assert json.loads(capsys.readouterr().out)[0]['deployments'][2]['name'] == 'rs3'
    assert api.link(api.create_token().json()['linkToken'], org=OM_ORGS[0]).status_code in (200, 201)
    job_id = _start(sim, session, 0, 'rs1').json()['_id']
    assert sim_control_main(url + ['job-update', job_id, '{"status": "FAILED"}']) == 0
    assert json.loads(capsys.readouterr().out)['status'] == 'FAILED'
    assert sim_control_main(url + ['job', job_id]) == 0
    assert json.loads(capsys.readouterr().out)['sourceOrgId'] == OM_ORGS[0]
    assert sim_control_main(url + ['forget-job', job_id]) == 0
    assert _get(sim, session, job_id).status_code == 404
