"""HTTP Digest as MongoDB does it, and keep-alive: one handshake per requests.Session."""

import hashlib
import re

import requests
from requests.auth import HTTPDigestAuth

from tests.simulator import DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY

CHALLENGE_RE = re.compile(r'^Digest realm="MMS Public API", domain="", nonce="[^"]+", algorithm=MD5, qop="auth", stale=false$')


def test_one_challenge_per_session_on_one_connection(sim, api):
    assert api.create_token().status_code == 201
    assert api.create_token().status_code == 201
    assert api.status().status_code == 404
    assert api.delete_tokens().status_code == 204
    log = sim.log
    assert [entry['status'] for entry in log] == [401, 201, 201, 404, 204]
    assert [entry['challenge'] for entry in log] == [True, False, False, False, False]
    assert [entry['auth'] for entry in log] == [None, 'digest', 'digest', 'digest', 'digest']
    assert len({entry['conn'] for entry in log}) == 1
    assert [entry['seq'] for entry in log] == [1, 2, 3, 4, 5]


def test_separate_sessions_use_separate_connections(sim, api):
    api.status()
    with requests.Session() as other:
        other.auth = HTTPDigestAuth(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY)
        other.get(api.om_url(status=True))
    assert len({entry['conn'] for entry in sim.log}) == 2


def test_no_credentials_get_challenge_and_api_error(sim):
    answer = requests.get(sim.url + '/api/atlas/v2/orgs/%s/liveMigrations/linkTokens' % ('a' * 24), timeout=5)
    assert answer.status_code == 401
    assert CHALLENGE_RE.match(answer.headers['WWW-Authenticate'])
    assert answer.headers['Content-Type'] == 'application/json'
    assert answer.json() == {'detail': 'You are not authorized for this resource.', 'error': 401, 'errorCode': 'UNAUTHORIZED',
                             'parameters': None, 'reason': 'Unauthorized'}


def test_wrong_password_gets_fresh_challenge(sim, api):
    api.session.auth = HTTPDigestAuth(DEFAULT_PUBLIC_KEY, 'not-the-key')
    answer = api.status()
    assert answer.status_code == 401
    assert CHALLENGE_RE.match(answer.headers['WWW-Authenticate'])
    sent_nonce = re.search(r'nonce="([^"]+)"', answer.request.headers['Authorization']).group(1)
    assert sent_nonce not in answer.headers['WWW-Authenticate']
    assert [(entry['auth'], entry['challenge']) for entry in sim.log] == [(None, True), ('digest', True)]


def test_unknown_user_and_basic_auth_are_challenged(sim, api):
    api.session.auth = HTTPDigestAuth('nobodyxx', DEFAULT_PRIVATE_KEY)
    assert api.status().status_code == 401
    assert requests.get(api.om_url(status=True), auth=(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY), timeout=5).status_code == 401
    assert sim.log[-1]['auth'] == 'basic' and sim.log[-1]['challenge']


def _digest_header(method, uri, nonce, password=DEFAULT_PRIVATE_KEY):
    """A correct Digest answer for ``nonce``, built by hand (RFC 7616, MD5, qop=auth)."""
    def md5(text):
        return hashlib.md5(text.encode()).hexdigest()
    ha1 = md5('%s:MMS Public API:%s' % (DEFAULT_PUBLIC_KEY, password))
    response = md5('%s:%s:00000001:abcdef:auth:%s' % (ha1, nonce, md5('%s:%s' % (method, uri))))
    return ('Digest username="%s", realm="MMS Public API", nonce="%s", uri="%s", response="%s", algorithm=MD5, qop=auth, nc=00000001, '
            'cnonce="abcdef"' % (DEFAULT_PUBLIC_KEY, nonce, uri, response))


def test_hand_made_digest_works_only_with_issued_nonce(sim):
    uri = '/api/public/v1.0/orgs/%s/liveExport/migrationLink/status' % ('b' * 24)
    challenge = requests.get(sim.url + uri, timeout=5).headers['WWW-Authenticate']
    nonce = re.search(r'nonce="([^"]+)"', challenge).group(1)
    assert requests.get(sim.url + uri, headers={'Authorization': _digest_header('GET', uri, nonce)}, timeout=5).status_code == 404
    forged = requests.get(sim.url + uri, headers={'Authorization': _digest_header('GET', uri, 'made-up-nonce')}, timeout=5)
    assert forged.status_code == 401 and CHALLENGE_RE.match(forged.headers['WWW-Authenticate'])
    other_uri = requests.get(sim.url + uri, headers={'Authorization': _digest_header('GET', '/elsewhere', nonce)}, timeout=5)
    assert other_uri.status_code == 400


def test_added_user_and_log_hides_authorization(sim, api):
    sim.add_digest_user('otheruse', 'f1b0b1f6-0000-4000-8000-000000000000')
    api.session.auth = HTTPDigestAuth('otheruse', 'f1b0b1f6-0000-4000-8000-000000000000')
    assert api.create_token().status_code == 201
    for entry in sim.log:
        assert 'authorization' not in {name.lower() for name in entry['headers']}
    assert sim.log[1]['body'] == '{"accessListIps": ["10.0.0.1"]}'
    assert sim.log[1]['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
