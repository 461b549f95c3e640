"""OAuth 2.0 client credentials: token endpoint, bearer calls, expiry and revocation."""

import requests

from tests.simulator import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

FORM = {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'}


def _token(sim, client=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET), data='grant_type=client_credentials'):
    return requests.post(sim.url + '/api/oauth/token', data=data, headers=FORM, auth=client, timeout=5)


def _bearer_status(api, token):
    return requests.get(api.om_url(status=True), headers={'Authorization': 'Bearer %s' % token, 'Accept': 'application/json'}, timeout=5)


def test_token_then_bearer_calls(sim, api):
    answer = _token(sim)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {'access_token', 'token_type', 'expires_in'}
    assert body['token_type'] == 'Bearer' and body['expires_in'] == 3600
    assert _bearer_status(api, body['access_token']).status_code == 404  # authenticated: no link yet
    assert [entry['auth'] for entry in sim.log] == ['basic', 'bearer']
    assert sim.log[0]['body'] == 'grant_type=client_credentials'


def test_bad_client_and_bad_grant(sim):
    answer = _token(sim, client=(DEFAULT_CLIENT_ID, 'wrong'))
    assert answer.status_code == 401 and answer.json()['error'] == 'invalid_client'
    assert _token(sim, data='grant_type=password').json()['error'] == 'unsupported_grant_type'
    assert requests.post(sim.url + '/api/oauth/token', json={'grant_type': 'client_credentials'},
                         auth=(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET), timeout=5).status_code == 400


def test_unknown_bearer_is_invalid_token(api):
    answer = _bearer_status(api, 'not-a-token')
    assert answer.status_code == 401
    assert answer.headers['WWW-Authenticate'].startswith('Bearer error="invalid_token"')
    assert answer.json()['error'] == 401 and answer.json()['reason'] == 'Unauthorized'


def test_expired_token(sim, api):
    sim.update_settings(oauth_token_ttl=0)
    answer = _token(sim)
    assert answer.json()['expires_in'] == 0
    assert _bearer_status(api, answer.json()['access_token']).status_code == 401


def test_added_client_and_revoke(sim, api):
    sim.add_oauth_client('mdb_sa_id_000000000000000000000001', 'mdb_sa_sk_other')
    client = ('mdb_sa_id_000000000000000000000001', 'mdb_sa_sk_other')
    token = _token(sim, client=client).json()['access_token']
    assert _bearer_status(api, token).status_code == 404
    revoke = requests.post(sim.url + '/api/oauth/revoke', data={'token': token, 'token_type_hint': 'access_token'}, auth=client, timeout=5)
    assert revoke.status_code == 200
    assert _bearer_status(api, token).status_code == 401
