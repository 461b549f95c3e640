"""The shared client against the simulator over real HTTP: auth, retries, errors, media types."""

import base64
import json
import time

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, TransportError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.migration_link import MigrationLink
from tests.simulator import DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY
from tests.support import request_log
ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
OM_ORG = '6a1b2c3d4e5f60718293a4b5'

TOKENS = '/orgs/%s/liveMigrations/linkTokens' % ATLAS_ORG
STATUS = '/orgs/%s/liveExport/migrationLink' % OM_ORG


def api_calls(sim, method=None):
    return request_log.api_calls(sim.log, method)


# -- authentication ---------------------------------------------------------------------------

def test_digest_one_handshake_per_session(sim, make_client):
    client = make_client()
    atlas = AtlasLinkTokens(client)
    token = atlas.create(ATLAS_ORG, ['203.0.113.10'])
    assert MigrationLink(client).create(OM_ORG, token) == 'SYNCED'
    assert MigrationLink(client).status(OM_ORG) == 'SYNCED'
    challenges = request_log.challenges(sim.log)
    assert len(challenges) == 1
    assert len({e['conn'] for e in sim.log}) == 1, 'keep-alive: one connection for the whole run'
    assert all(e['auth'] == 'digest' for e in api_calls(sim))


def test_oauth_token_fetched_once_and_sent_as_bearer(sim, make_client):
    client = make_client(auth='oauth')
    token = AtlasLinkTokens(client).create(ATLAS_ORG)
    MigrationLink(client).create(OM_ORG, token)
    MigrationLink(client).status(OM_ORG)
    fetches = [e for e in sim.log if e['path'] == '/api/oauth/token']
    assert len(fetches) == 1
    assert fetches[0]['auth'] == 'basic'
    assert fetches[0]['body'] == 'grant_type=client_credentials'
    assert all(e['auth'] == 'bearer' for e in api_calls(sim))


def test_oauth_token_expired_mid_run_is_fetched_again(sim, make_client):
    client = make_client(auth='oauth')
    ops = MigrationLink(client)
    assert ops.status(OM_ORG) is None
    sim.add_fault('expire_token')
    assert ops.status(OM_ORG) is None
    assert len([e for e in sim.log if e['path'] == '/api/oauth/token']) == 2


def test_wrong_private_key_is_401_with_hint_and_no_secret(sim, make_client):
    client = make_client(private_key='00000000-0000-0000-0000-000000000000')
    with pytest.raises(ApiError) as err:
        MigrationLink(client).status(OM_ORG)
    assert err.value.status == 401
    assert 'access list' in str(err.value)
    assert '00000000-0000-0000-0000-000000000000' not in str(err.value)


def test_wrong_client_secret_fails_at_token_endpoint(sim, make_client):
    client = make_client(auth='oauth', client_secret='mdb_sa_sk_wrong-secret-value')
    with pytest.raises(ApiError) as err:
        AtlasLinkTokens(client).delete(ATLAS_ORG)
    assert err.value.status == 401
    assert err.value.path == '/api/oauth/token'
    assert 'client_secret' in str(err.value)
    assert 'wrong-secret-value' not in str(err.value)
    assert DEFAULT_CLIENT_SECRET not in str(err.value)
    assert not [e for e in sim.log if e['path'].startswith('/api/atlas')], 'no API call without a token'


# -- media types and paths -------------------------------------------------------------------

def test_atlas_requests_use_the_versioned_media_type(sim, make_client):
    client = make_client()
    AtlasLinkTokens(client).create(ATLAS_ORG, ['10.0.0.0/8'])
    AtlasLinkTokens(client).delete(ATLAS_ORG)
    post, delete = api_calls(sim)
    assert post['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
    assert post['headers']['Content-Type'] == 'application/vnd.atlas.2023-01-01+json'
    assert json.loads(post['body']) == {'accessListIps': ['10.0.0.0/8']}
    assert delete['headers']['Accept'] == 'application/vnd.atlas.2023-01-01+json'
    assert post['path'] == '/api/atlas/v2' + TOKENS


def test_om_requests_use_json_and_never_envelope(sim, make_client):
    client = make_client()
    ops = MigrationLink(client)
    ops.status(OM_ORG)
    ops.delete(OM_ORG)
    for entry in api_calls(sim):
        assert entry['headers']['Accept'] == 'application/json'
        assert 'envelope' not in entry['query']
        assert entry['path'].startswith('/api/public/v1.0' + STATUS)


# -- answers absorbed by the endpoint layers -------------------------------------------------------

def test_token_decodes_and_delete_is_org_wide(sim, make_client):
    client = make_client()
    atlas = AtlasLinkTokens(client)
    token = atlas.create(ATLAS_ORG)
    assert set(json.loads(base64.b64decode(token))) == {'orgId', 'orgName', 'publicApiKey', 'privateApiKey'}
    assert atlas.delete(ATLAS_ORG) is True
    assert atlas.delete(ATLAS_ORG) is False, '404 means nothing to delete'


@pytest.mark.parametrize('answer', ['404', 'not_synced'])
def test_both_no_link_answers(sim, make_client, answer):
    sim.update_settings(no_link_answer=answer)
    status = MigrationLink(make_client()).status(OM_ORG)
    assert status == (None if answer == '404' else 'NOT_SYNCED')


@pytest.mark.parametrize('answer', ['status', 'source_org_view'])
def test_both_link_answers(sim, make_client, answer):
    sim.update_settings(om_create_answer=answer)
    client = make_client()
    token = AtlasLinkTokens(client).create(ATLAS_ORG)
    assert MigrationLink(client).create(OM_ORG, token) == 'SYNCED'


def test_deleting_the_atlas_token_unsyncs_the_link(sim, make_client):
    client = make_client()
    ops = MigrationLink(client)
    ops.create(OM_ORG, AtlasLinkTokens(client).create(ATLAS_ORG))
    AtlasLinkTokens(client).delete(ATLAS_ORG)
    assert ops.status(OM_ORG) == 'NOT_SYNCED'
    assert ops.delete(OM_ORG) is True
    assert ops.delete(OM_ORG) is False


def test_unlink_during_migration_names_the_projects(sim, make_client):
    client = make_client()
    ops = MigrationLink(client)
    ops.create(OM_ORG, AtlasLinkTokens(client).create(ATLAS_ORG))
    sim.set_running_migration(OM_ORG, ['65aa00000000000000000001'])
    with pytest.raises(ApiError) as err:
        ops.delete(OM_ORG)
    assert err.value.status == 409
    assert err.value.error_code == 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT'
    assert '65aa00000000000000000001' in str(err.value)


def test_invalid_org_id_reaches_service_as_400(sim, make_client):
    with pytest.raises(ApiError) as err:
        MigrationLink(make_client()).status('NOT-AN-ORG')
    assert err.value.status == 400
    assert err.value.error_code


# -- retries -----------------------------------------------------------------------------------

def test_429_on_post_is_retried_after_retry_after(sim, make_client, recorder):
    sim.add_fault('status', method='POST', path='linkTokens', status=429, retry_after=7)
    AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert recorder.sleeps == [7]
    assert len(recorder.warnings) == 1 and '429' in recorder.warnings[0]
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1


def test_429_without_retry_after_backs_off_exponentially(sim, make_client, recorder):
    sim.add_fault('status', method='GET', status=429, times=3)
    MigrationLink(make_client()).status(OM_ORG)
    assert recorder.sleeps == [1.0, 2.0, 4.0]


def test_backoff_has_jitter():
    from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.retry import RetryPolicy
    low, high = RetryPolicy(rand=lambda: 0.0), RetryPolicy(rand=lambda: 1.0)
    assert low.delay(3) == 4.0 and high.delay(3) == 8.0
    assert high.delay(10) == 30.0, 'capped'


def test_retry_after_beyond_budget_fails_without_sleeping(sim, make_client, recorder):
    sim.add_fault('status', status=429, retry_after=3600)
    with pytest.raises(ApiError) as err:
        AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert recorder.sleeps == []
    assert err.value.status == 429 and '3600' in str(err.value)


@pytest.mark.parametrize('status', [502, 503, 504])
def test_5xx_on_read_is_retried(sim, make_client, recorder, status):
    sim.add_fault('status', method='GET', status=status, times=2)
    assert MigrationLink(make_client()).status(OM_ORG) is None
    assert len(recorder.sleeps) == 2


def test_5xx_on_post_is_not_retried(sim, make_client, recorder):
    sim.add_fault('status', method='POST', status=503)
    with pytest.raises(ApiError) as err:
        AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert err.value.status == 503
    assert recorder.sleeps == []
    assert len(api_calls(sim, 'POST')) == 1


def test_500_is_not_retried(sim, make_client, recorder):
    sim.add_fault('status', method='DELETE', status=500)
    with pytest.raises(ApiError):
        AtlasLinkTokens(make_client()).delete(ATLAS_ORG)
    assert recorder.sleeps == []


def test_retries_exhausted_return_the_last_error(sim, make_client, recorder):
    sim.add_fault('status', method='GET', status=503, times=10)
    with pytest.raises(ApiError) as err:
        MigrationLink(make_client(retries=2)).status(OM_ORG)
    assert err.value.status == 503
    assert len(recorder.sleeps) == 2


def test_dropped_connection_on_read_is_retried(sim, make_client):
    sim.add_fault('drop_before', method='GET')
    assert MigrationLink(make_client()).status(OM_ORG) is None


@pytest.mark.parametrize('kind', ['drop_before', 'drop_after'])
def test_dropped_post_is_never_sent_again(sim, make_client, kind):
    sim.add_fault(kind, method='POST', path='linkTokens')
    with pytest.raises(TransportError) as err:
        AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert err.value.maybe_processed
    assert 'not sent again' in str(err.value)
    assert len(request_log.api_calls(sim.log, 'POST')) == 1
    assert len(sim.atlas_tokens(ATLAS_ORG)) == (1 if kind == 'drop_after' else 0)


def test_slow_read_times_out_and_is_retried(sim, make_client):
    sim.add_fault('slow', method='GET', delay=1.0)
    assert MigrationLink(make_client(timeout=0.3)).status(OM_ORG) is None
    time.sleep(1.0)  # the slow answer is logged once the simulator finished it
    assert len(api_calls(sim, 'GET')) == 2


def test_slow_post_times_out_and_is_not_resent(sim, make_client):
    sim.add_fault('slow', method='POST', delay=1.0)
    with pytest.raises(TransportError) as err:
        AtlasLinkTokens(make_client(timeout=0.3)).create(ATLAS_ORG)
    assert err.value.maybe_processed and 'timeout' in str(err.value)


def test_connection_refused_is_a_clear_error(recorder):
    from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.client import Client
    client = Client('http://127.0.0.1:9', public_key='pub', private_key='d7c9a1f3-0000-4f6a', sleep=recorder.sleep, retries=1,
                    warn=recorder.warn)
    with pytest.raises(TransportError) as err:
        AtlasLinkTokens(client).create(ATLAS_ORG)
    assert 'could not connect' in str(err.value)
    assert not err.value.maybe_processed
    assert len(recorder.sleeps) == 1, 'a refused connection never reached the server: safe to retry a POST'
    path = '/api/atlas/v2/orgs/%s/liveMigrations/linkTokens' % ATLAS_ORG
    assert len(recorder.warnings) == 1 and 'retry 1 of 1' in recorder.warnings[0]
    assert recorder.warnings[0].startswith('POST %s: could not connect' % path), 'the request is named once, first'


def test_stale_nonce_is_renegotiated(sim, make_client):
    client = make_client()
    ops = MigrationLink(client)
    ops.status(OM_ORG)
    sim.add_fault('stale_nonce')
    assert ops.status(OM_ORG) is None


# -- non-JSON and empty answers -----------------------------------------------------------------

def test_html_error_page_is_reported_briefly(sim, make_client):
    sim.add_fault('html', method='POST', status=502)
    with pytest.raises(ApiError) as err:
        AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert err.value.status == 502
    assert 'non-JSON answer' in str(err.value)
    assert '<' not in err.value.detail


def test_empty_create_answer_is_an_error_that_mentions_the_possible_token(sim, make_client):
    sim.add_fault('empty', method='POST', status=201)
    with pytest.raises(ApiError) as err:
        AtlasLinkTokens(make_client()).create(ATLAS_ORG)
    assert 'no linkToken' in str(err.value) and 'may have been created' in str(err.value)


def test_error_with_null_fields(sim, make_client):
    null_body = {'error': 500, 'errorCode': None, 'detail': None, 'reason': None, 'parameters': None}
    sim.add_fault('status', method='GET', status=500, body=null_body)
    with pytest.raises(ApiError) as err:
        MigrationLink(make_client()).status(OM_ORG)
    assert str(err.value).startswith('GET /api/public/v1.0%s/status failed: HTTP 500' % STATUS)


def test_messages_never_hold_the_secrets(sim, make_client):
    client = make_client()
    token = AtlasLinkTokens(client).create(ATLAS_ORG)
    sim.add_fault('drop_after', method='POST')
    with pytest.raises(TransportError) as err:
        MigrationLink(client).create(OM_ORG, token)
    assert token not in str(err.value) and DEFAULT_PRIVATE_KEY not in str(err.value)
    assert client.redact('x %s y' % token) == 'x ******** y'


def test_redaction_covers_token_variants_and_nested_values(sim, make_client):
    client = make_client()
    token = AtlasLinkTokens(client).create(ATLAS_ORG)
    inner = json.loads(base64.b64decode(token))['privateApiKey']
    echoed = {'detail': 'bad %s' % token.strip(), 'parameters': ['key %s' % inner, {'token': token + '\n'}], 'status': 400}
    text = json.dumps(client.redact(echoed))
    assert token not in text and inner not in text and text.count('********') == 3
    assert client.redact(echoed)['status'] == 400


def test_stale_nonce_on_the_first_signed_request(sim, make_client):
    # requests answers one challenge per request: the handshake's signed request meets stale=true.
    sim.add_fault('stale_nonce', path='status')
    assert MigrationLink(make_client()).status(OM_ORG) is None
    assert sim.pending_faults() == []  # the stale answer was served, and survived
