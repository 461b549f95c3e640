"""Every fault kind: what the client sees, and whether the request was processed."""

import time

import pytest
import requests

from tests.simulator import Simulator

ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'  # the Api fixture's default orgs
OM_ORG = '60a1b2c3d4e5f60718293a4b'


def test_429_with_retry_after_is_not_processed(sim, api):
    sim.add_fault('status', method='POST', path='linkTokens', status=429, retry_after=7)
    answer = api.create_token()
    assert answer.status_code == 429 and answer.headers['Retry-After'] == '7'
    assert answer.json()['errorCode'] == 'RATE_LIMITED_TOKEN_BUCKET' and answer.json()['reason'] == 'Too Many Requests'
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert sim.log[0]['fault'] == 'status' and sim.log[0]['auth'] is None  # before auth, like a rate limiter
    assert api.create_token().status_code == 201  # spent after one hit


def test_status_times_and_matching(sim, api):
    sim.add_fault('status', method='GET', status=503, times=2)
    assert api.create_token().status_code == 201  # POST does not match
    assert [api.status().status_code for dummy in range(3)] == [503, 503, 404]
    assert api.status().json()['error'] == 404
    sim.add_fault('status', path='nothing-matches', status=500)
    assert api.status().status_code == 404
    assert len(sim.pending_faults()) == 1
    sim.clear_faults()
    assert sim.pending_faults() == []


def test_faults_hit_api_paths_only(sim, api):
    sim.add_fault('status', status=500)
    assert requests.get(sim.url + '/elsewhere', timeout=5).status_code == 404
    assert requests.get(sim.url + '/_sim/health', timeout=5).status_code == 200
    assert api.status().status_code == 500


def test_first_added_matching_fault_wins(sim, api):
    sim.add_fault('status', status=502)
    sim.add_fault('status', status=504)
    assert [api.status().status_code for dummy in range(2)] == [502, 504]


def test_html(sim, api):
    sim.add_fault('html')
    answer = api.create_token()
    assert answer.status_code == 502 and answer.headers['Content-Type'] == 'text/html'
    assert answer.text.startswith('<html>') and sim.atlas_tokens(ATLAS_ORG) == []


def test_empty_2xx_is_processed(sim, api):
    sim.add_fault('empty', method='POST')
    answer = api.create_token()
    assert answer.status_code == 200 and answer.content == b''
    assert answer.headers['Content-Type'] == 'application/json' and answer.headers['Content-Length'] == '0'
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1


def test_empty_5xx_is_not_processed(sim, api):
    sim.add_fault('empty', status=502)
    assert api.create_token().status_code == 502
    assert sim.atlas_tokens(ATLAS_ORG) == []


def test_slow_still_changes_state_after_client_timeout(sim, api):
    api.status()  # handshake first, so the timed-out request is the authenticated POST
    sim.add_fault('slow', method='POST', delay=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.create_token(timeout=0.15)
    deadline = time.monotonic() + 3
    while not (sim.log and sim.log[-1]['fault'] == 'slow') and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1
    assert sim.log[-1]['fault'] == 'slow' and sim.log[-1]['status'] == 201


def test_drop_before_is_not_processed(sim, api):
    sim.add_fault('drop_before', method='POST')
    with pytest.raises(requests.exceptions.ConnectionError):
        api.create_token()
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert sim.log[-1]['fault'] == 'drop_before' and sim.log[-1]['status'] is None


def test_drop_after_is_processed(sim, api):
    api.status()
    sim.add_fault('drop_after', method='POST')
    with pytest.raises(requests.exceptions.ConnectionError):
        api.create_token()
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1
    assert sim.log[-1]['fault'] == 'drop_after' and sim.log[-1]['status'] is None
    assert api.status().status_code == 404  # the session reconnects


def test_stale_nonce_is_transparent_to_requests(sim, api):
    api.status()
    sim.add_fault('stale_nonce')
    assert api.create_token().status_code == 201
    stale, retried = sim.log[-2:]
    assert stale['fault'] == 'stale_nonce' and stale['status'] == 401 and stale['challenge']
    assert retried['status'] == 201 and retried['auth'] == 'digest'
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1


def test_expire_token(sim, api):
    token = requests.post(sim.url + '/api/oauth/token', data={'grant_type': 'client_credentials'},
                          auth=('mdb_sa_id_65f0c0ffee5eed0ddba11a57', 'mdb_sa_sk_Qm7vX2pLc9RtY4nWb8HsKe3JfZ6aDg5uTy1oVi0r'),
                          timeout=5).json()['access_token']
    headers = {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'}
    sim.add_fault('expire_token')
    for dummy in range(2):
        answer = requests.get(api.om_url(status=True), headers=headers, timeout=5)
        assert answer.status_code == 401 and 'invalid_token' in answer.headers['WWW-Authenticate']
    assert sim.log[-2]['fault'] == 'expire_token' and sim.log[-1]['fault'] is None


def test_bad_fault_arguments():
    sim = Simulator()
    for kwargs in ({'kind': 'nope'}, {'kind': 'status', 'times': 0}, {'kind': 'status', 'status': 42}, {'kind': 'slow', 'delay': -1}):
        with pytest.raises(ValueError):
            sim.add_fault(**kwargs)
