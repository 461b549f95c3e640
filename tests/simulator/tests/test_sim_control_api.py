"""The /_sim/ control API, driven over HTTP as a playbook test in another process would."""

import requests

OM_ORG = '60a1b2c3d4e5f60718293a4b'  # the Api fixture's default orgs
ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'


def _control(sim, method, path, **kwargs):
    return requests.request(method, sim.url + '/_sim/' + path, timeout=5, **kwargs)


def test_health_and_control_calls_are_not_logged(sim):
    answer = _control(sim, 'GET', 'health')
    assert answer.status_code == 200 and answer.json() == {'status': 'ok', 'url': sim.url}
    assert sim.log == []
    assert _control(sim, 'GET', 'log').json() == []


def test_log_over_http(sim, api):
    api.status()
    entries = _control(sim, 'GET', 'log').json()
    assert [entry['status'] for entry in entries] == [401, 404]
    assert set(entries[0]) == {'seq', 'time', 'conn', 'method', 'path', 'query', 'status', 'auth', 'challenge', 'headers', 'body', 'fault'}
    assert _control(sim, 'DELETE', 'log').status_code == 204
    assert sim.log == []


def test_faults_over_http(sim, api):
    added = _control(sim, 'POST', 'faults', json=[{'kind': 'status', 'status': 503, 'retry_after': 1}, {'kind': 'html', 'method': 'GET'}])
    assert added.status_code == 201 and added.json() == {'added': 2}
    assert [fault['kind'] for fault in _control(sim, 'GET', 'faults').json()] == ['status', 'html']
    assert api.status().status_code == 503
    assert _control(sim, 'POST', 'faults', json={'kind': 'drop_before'}).status_code == 201
    assert _control(sim, 'DELETE', 'faults').status_code == 204
    assert api.status().status_code == 404
    assert _control(sim, 'POST', 'faults', json={'kind': 'nope'}).status_code == 400
    assert _control(sim, 'POST', 'faults', json={'kind': 'status', 'colour': 'red'}).status_code == 400
    assert _control(sim, 'POST', 'faults', data='{').status_code == 400
    assert sim.pending_faults() == []


def test_settings_over_http(sim, api):
    answer = _control(sim, 'PUT', 'settings', json={'no_link_answer': 'not_synced', 'om_create_answer': 'source_org_view'})
    assert answer.status_code == 200
    assert answer.json() == {'no_link_answer': 'not_synced', 'om_create_answer': 'source_org_view', 'oauth_token_ttl': 3600}
    assert api.status().json() == {'status': 'NOT_SYNCED'}
    assert _control(sim, 'PUT', 'settings', json={'no_link_answer': 'maybe'}).status_code == 400
    assert _control(sim, 'PUT', 'settings', json={'unknown': 1}).status_code == 400
    assert _control(sim, 'GET', 'settings').json()['no_link_answer'] == 'not_synced'


def test_state_running_and_reset_over_http(sim, api):
    token = api.create_token().json()['linkToken']
    api.link(token)
    running = _control(sim, 'PUT', 'om/orgs/%s/running' % OM_ORG, json={'project_ids': ['6500000000000000000000aa']})
    assert running.status_code == 200
    state = _control(sim, 'GET', 'state').json()
    assert set(state) == {'atlas', 'om', 'running'}
    assert state['atlas'][ATLAS_ORG][0]['linkToken'] == token
    assert state['om'][OM_ORG]['status'] == 'SYNCED'
    assert state['running'] == {OM_ORG: ['6500000000000000000000aa']}
    assert api.unlink().status_code == 409
    sim.update_settings(no_link_answer='not_synced')
    assert _control(sim, 'POST', 'reset').status_code == 204
    assert _control(sim, 'GET', 'state').json() == {'atlas': {}, 'om': {}, 'running': {}}
    assert sim.log == [] and sim.settings.no_link_answer == '404'
    assert api.status().status_code == 404  # the session's credentials and nonce survive a reset


def test_credentials_over_http(sim, api):
    credentials = {'digest': {'abcdefgh': 'c0ffee00-0000-4000-8000-000000000000'}, 'oauth': {'mdb_sa_id_1': 'mdb_sa_sk_1'}}
    answer = _control(sim, 'POST', 'credentials', json=credentials)
    assert answer.status_code == 204
    assert requests.post(sim.url + '/api/oauth/token', data={'grant_type': 'client_credentials'}, auth=('mdb_sa_id_1', 'mdb_sa_sk_1'),
                         timeout=5).status_code == 200
    api.session.auth.username, api.session.auth.password = 'abcdefgh', 'c0ffee00-0000-4000-8000-000000000000'
    assert api.status().status_code == 404
    assert _control(sim, 'POST', 'credentials', json={'digest': 'x'}).status_code == 400


def test_unknown_control_paths(sim):
    assert _control(sim, 'GET', 'nothing').status_code == 404
    assert _control(sim, 'POST', 'log').status_code == 405
