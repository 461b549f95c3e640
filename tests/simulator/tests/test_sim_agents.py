"""Agent API keys, stand-in agent registration and the agent download of the simulator (AGENTS.md)."""

import requests

from tests.support.secret_scan import AGENT_KEY_KIND
from tests.support.sim_control import SimControl, main

OM_ORG = '60a1b2c3d4e5f60718293a4b'
PROJECT = '6a1b2c3d4e5f60718293a4c1'
JSON_HEADERS = {'Accept': 'application/json'}


def keys_url(sim, project=PROJECT, key_id=None):
    return '%s/api/public/v1.0/groups/%s/agentapikeys%s' % (sim.url, project, '/' + key_id if key_id else '')


def create(sim, session, desc='migration host mh1', project=PROJECT):
    answer = session.post(keys_url(sim, project), json={'desc': desc}, headers=JSON_HEADERS)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_create_answers_the_full_key_once_and_reads_mask_it(sim, session):
    made = create(sim, session)
    assert set(made) == {'id', 'key', 'desc', 'createdTime', 'createdUserId', 'createdIpAddr', 'createdBy'}
    assert made['desc'] == 'migration host mh1' and made['createdBy'] == 'PUBLIC_API' and len(made['id']) == 24
    listed = session.get(keys_url(sim), headers=JSON_HEADERS).json()
    assert [item['id'] for item in listed] == [made['id']]
    assert listed[0]['key'].endswith(made['key'][-4:]) and made['key'] not in listed[0]['key']
    assert sim.secrets()[made['key']] == AGENT_KEY_KIND


def test_keys_belong_to_their_project_and_delete_removes_one(sim, session):
    first, second = create(sim, session, 'a'), create(sim, session, 'b')
    create(sim, session, 'other', project='6a1b2c3d4e5f60718293a4c2')
    assert session.delete(keys_url(sim, key_id=first['id']), headers=JSON_HEADERS).status_code == 204
    assert [item['id'] for item in session.get(keys_url(sim), headers=JSON_HEADERS).json()] == [second['id']]
    gone = session.delete(keys_url(sim, key_id=first['id']), headers=JSON_HEADERS)
    assert gone.status_code == 404 and gone.json()['errorCode'] == 'RESOURCE_NOT_FOUND'


def test_bad_requests(sim, session):
    assert requests.get(keys_url(sim), timeout=5).status_code == 401  # Digest like every Cloud/Ops Manager call
    unknown = session.get(keys_url(sim, project='not-a-project'), headers=JSON_HEADERS)
    assert unknown.status_code == 404 and unknown.json()['errorCode'] == 'GROUP_NOT_FOUND'
    for body, code in (({}, 'MISSING_ATTRIBUTE'), ({'desc': 'x' * 1001}, 'INVALID_ATTRIBUTE'),
                       ({'desc': 'x', 'key': 'mine'}, 'INVALID_ATTRIBUTE')):
        answer = session.post(keys_url(sim), json=body, headers=JSON_HEADERS)
        assert (answer.status_code, answer.json()['errorCode']) == (400, code)
    assert session.put(keys_url(sim), json={'desc': 'x'}, headers=JSON_HEADERS).status_code == 405
    assert session.get(keys_url(sim), params={'envelope': 'true'}, headers=JSON_HEADERS).status_code == 400


def test_a_registered_agent_becomes_a_migration_host_of_its_source_project(sim, session):
    control = SimControl(sim.url)
    project = sim.source_projects(OM_ORG)[0]['projectId']
    key = create(sim, session, project=project)['key']
    default_hosts = sim.source_projects(OM_ORG)[0]['migrationHosts']
    assert control.register_agent(project, key, 'mh1.example.com')['hostname'] == 'mh1.example.com'
    assert sim.source_projects(OM_ORG)[0]['migrationHosts'] == default_hosts + ['mh1.example.com']
    assert control.agents()['registrations'][0]['groupId'] == project
    control.unregister_agent(project, 'mh1.example.com')
    assert sim.source_projects(OM_ORG)[0]['migrationHosts'] == default_hosts


def test_registration_of_a_configured_project_and_without_cloud_migration(sim, session):
    control = SimControl(sim.url)
    configured = sim.set_source_projects(OM_ORG, [{'projectId': PROJECT, 'migrationHosts': []}])
    assert configured[0]['migrationHosts'] == []
    key = create(sim, session)['key']
    control.register_agent(PROJECT, key, 'plain-agent', cloud_migration_enabled=False)
    assert sim.source_projects(OM_ORG)[0]['migrationHosts'] == []
    control.register_agent(PROJECT, key, 'mh2')
    assert sim.source_projects(OM_ORG)[0]['migrationHosts'] == ['mh2']


def test_registration_needs_a_live_key_of_that_project(sim, session):
    url = sim.url + '/_sim/agents/register'
    made = create(sim, session)
    other = create(sim, session, project='6a1b2c3d4e5f60718293a4c2')
    for key in ('wrong', other['key']):
        answer = requests.post(url, json={'groupId': PROJECT, 'apiKey': key, 'hostname': 'mh1', 'cloudMigrationEnabled': True},
                               timeout=5)
        assert answer.status_code == 401 and key not in answer.text
    session.delete(keys_url(sim, key_id=made['id']), headers=JSON_HEADERS)
    revoked = requests.post(url, json={'groupId': PROJECT, 'apiKey': made['key'], 'hostname': 'mh1'}, timeout=5)
    assert revoked.status_code == 401
    assert requests.post(url, json={'groupId': 'x', 'apiKey': 'k', 'hostname': 'mh1'}, timeout=5).status_code == 400
    assert requests.delete(url + '/%s/nobody' % PROJECT, timeout=5).status_code == 404


def test_agent_download_serves_what_the_tests_put(sim, tmp_path):
    control = SimControl(sim.url)
    url = sim.url + '/download/agent/automation/mongodb-mms-automation-agent-manager_107.0.0-1_amd64.deb'
    assert requests.get(url, timeout=5).status_code == 404
    package = tmp_path / 'agent.deb'
    package.write_bytes(b'\x00stand-in agent\xff')
    main(['--url', sim.url, 'agent-package', str(package), '--name', url.rsplit('/', 1)[1]])
    answer = requests.get(url, timeout=5)
    assert answer.status_code == 200 and answer.content == package.read_bytes()
    assert answer.headers['Content-Type'] == 'application/octet-stream'
    sim.reset()  # packages stay, like credentials
    assert requests.get(url, timeout=5).status_code == 200
    control.delete_agent_package(url.rsplit('/', 1)[1])
    assert requests.get(url, timeout=5).status_code == 404
    assert requests.put(sim.url + '/_sim/agents/packages/.hidden', data=b'x', timeout=5).status_code == 400


def test_reset_forgets_keys_and_registrations(sim, session, tmp_path, capsys):
    key = create(sim, session)['key']
    key_file = tmp_path / 'key'
    key_file.write_text(key)
    main(['--url', sim.url, 'agent-register', PROJECT, 'mh1', '--api-key-file', str(key_file)])
    assert key not in capsys.readouterr().out
    sim.reset()
    assert SimControl(sim.url).agents() == {'registrations': [], 'apiKeys': {}, 'packages': {}}
