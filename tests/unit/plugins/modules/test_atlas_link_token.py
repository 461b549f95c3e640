# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""atlas_link_token: validate() and run() decisions against the simulator."""

import base64
import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, BatchError, InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.link_token_format import public_parts
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import atlas_link_token as module_under_test
from tests.support import contract

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
ARGUMENTS = arguments.atlas_link_token()
BASE = dict(org_id=ATLAS_ORG)


def run(module, make_client, auth='digest'):
    client = make_client(auth=auth, warn=module.warn)
    return with_diff(module, *module_under_test.run(module, client))


# -- validate ---------------------------------------------------------------------------------

@pytest.mark.parametrize('org_id', [
    '5f4b7c2e9d1a3b6c8e0f1a2',        # 23 characters
    '5f4b7c2e9d1a3b6c8e0f1a2bc',      # 25 characters
    '5F4B7C2E9D1A3B6C8E0F1A2B',       # uppercase
    '5f4b7c2e9d1a3b6c8e0f1a2g',       # not hex
    '',
])
def test_validate_rejects_bad_org_id_naming_option_and_value(module, org_id):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(org_id=org_id))
    assert err.value.option == 'org_id'
    assert str(err.value).startswith('org_id: ')
    assert repr(org_id) in str(err.value)


@pytest.mark.parametrize('value', ['10.0.0.256', 'example.com', '10.0.0.0/33', '10.0.0.1/24', '2001:db8::/129', '', 'any'])
def test_validate_rejects_bad_access_list_entry(module, value):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(access_list_ips=['203.0.113.10', value]))
    assert err.value.option == 'access_list_ips'
    assert repr(value) in str(err.value)


def test_validate_rejects_empty_access_list(module):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(access_list_ips=[]))
    assert err.value.option == 'access_list_ips'
    assert 'empty' in str(err.value)


@pytest.mark.parametrize('ips', [None, ['203.0.113.10'], ['198.51.100.0/24', '2001:db8::1', '2001:db8::/32', '0.0.0.0/0']])
def test_validate_accepts_addresses_and_cidr_blocks(module, ips):
    module_under_test.validate(module(access_list_ips=ips))


# -- state=present ----------------------------------------------------------------------------

def test_present_creates_one_token_and_returns_its_public_parts(sim, module, make_client, api_calls):
    mod = module(access_list_ips=['203.0.113.10', '198.51.100.0/24'])
    result = run(mod, make_client)
    assert result['changed'] is True
    assert result['org_id'] == ATLAS_ORG
    records = sim.atlas_tokens(ATLAS_ORG)
    assert len(records) == 1
    assert result['link_token'] == records[0]['linkToken']
    assert records[0]['accessListIps'] == ['203.0.113.10', '198.51.100.0/24']
    assert result['token_info'] == dict(org_id=ATLAS_ORG, org_name=result['token_info']['org_name'],
                                        public_api_key=records[0]['publicApiKey'])
    assert records[0]['privateApiKey'] not in json.dumps(result['token_info'])
    assert 'diff' not in result
    assert [e['method'] for e in api_calls()] == ['POST']
    assert not mod.warnings


def test_present_without_access_list_sends_an_empty_body(sim, module, make_client, api_calls):
    run(module(), make_client)
    posts = api_calls('POST')
    assert len(posts) == 1
    assert json.loads(posts[0]['body']) == {}
    assert sim.atlas_tokens(ATLAS_ORG)[0]['accessListIps'] == []


def test_present_twice_creates_two_tokens(sim, module, make_client):
    """Atlas cannot list tokens, so every present run creates one (documented, not idempotent)."""
    first = run(module(), make_client)
    second = run(module(), make_client)
    assert first['changed'] and second['changed']
    assert first['link_token'] != second['link_token']
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 2


def test_present_with_oauth(sim, module, make_client, api_calls):
    result = run(module(), make_client, auth='oauth')
    assert result['changed'] and result['link_token']
    assert [e['auth'] for e in api_calls()] == ['bearer']


def test_token_info_is_left_out_for_an_undecodable_token():
    assert public_parts('not-a-token') is None
    other = base64.b64encode(json.dumps({'orgId': ATLAS_ORG}).encode()).decode()
    assert public_parts(other) is None


# -- check mode and diff ----------------------------------------------------------------------

@pytest.mark.parametrize('state', ['present', 'absent'])
def test_check_mode_sends_nothing(sim, module, make_client, state):
    result = run(module(check_mode=True, state=state), make_client)
    assert result['changed'] is True
    assert 'check mode' in result['msg']
    assert result.get('link_token') is None
    assert sim.log == []


def test_diff_present_never_holds_the_token(sim, module, make_client):
    result = run(module(diff=True), make_client)
    assert result['diff'] == dict(before=dict(org_id=ATLAS_ORG, link_tokens='unknown (Atlas cannot list them)'),
                                  after=dict(org_id=ATLAS_ORG, link_tokens='one new link-token'))
    assert result['link_token'] not in json.dumps(result['diff'])


def test_diff_in_check_mode(sim, module, make_client):
    result = run(module(diff=True, check_mode=True, state='absent'), make_client)
    assert result['changed'] is True
    assert result['diff']['after'] == dict(org_id=ATLAS_ORG, link_tokens='no link-token')
    assert sim.log == []


# -- state=absent -----------------------------------------------------------------------------

def test_absent_removes_every_token_with_one_delete(sim, module, make_client, new_token, api_calls):
    new_token()
    new_token()
    mod = module(state='absent', diff=True)
    result = run(mod, make_client)
    assert result['changed'] is True
    assert 'Removed' in result['msg']
    assert 'diff' in result
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert [e['method'] for e in api_calls()] == ['DELETE']


def test_absent_without_token_is_unchanged_and_has_no_diff(sim, module, make_client, api_calls):
    result = run(module(state='absent', diff=True), make_client)
    assert result['changed'] is False
    assert 'has no link-token' in result['msg']
    assert 'diff' not in result
    assert [(e['method'], e['status']) for e in api_calls()] == [('DELETE', 404)]


def test_absent_with_oauth(sim, module, make_client, new_token):
    new_token()
    result = run(module(state='absent'), make_client, auth='oauth')
    assert result['changed'] is True
    assert sim.atlas_tokens(ATLAS_ORG) == []


# -- retries and failures ---------------------------------------------------------------------

def test_429_on_post_is_retried_with_a_warning(sim, module, make_client, recorder):
    sim.add_fault('status', method='POST', path='linkTokens', status=429, retry_after=1)
    mod = module()
    result = run(mod, make_client)
    assert result['changed'] is True
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1
    assert recorder.sleeps == [1.0]
    assert len(mod.warnings) == 1 and 'HTTP 429' in mod.warnings[0] and 'retry 1 of 3' in mod.warnings[0]


def test_503_on_post_is_not_retried(sim, module, make_client, recorder, writes):
    sim.add_fault('status', method='POST', path='linkTokens', status=503, retry_after=1)
    mod = module()
    with pytest.raises(ApiError) as err:
        run(mod, make_client)
    assert err.value.status == 503
    assert len(writes()) == 1
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert recorder.sleeps == [] and mod.warnings == []


def test_503_on_delete_is_retried_with_a_warning(sim, module, make_client, new_token):
    new_token()
    sim.add_fault('status', method='DELETE', path='linkTokens', status=503, retry_after=1)
    mod = module(state='absent')
    result = run(mod, make_client)
    assert result['changed'] is True
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert len(mod.warnings) == 1 and 'HTTP 503' in mod.warnings[0]


def test_error_after_token_creation_never_shows_the_token(sim, module, make_client):
    """An answer without linkToken is an error that says a token may exist; it holds no secret."""
    sim.add_fault('empty', method='POST', path='linkTokens', status=201)
    with pytest.raises(ApiError) as err:
        run(module(), make_client)
    assert 'state=absent' in str(err.value)
    for record in sim.atlas_tokens(ATLAS_ORG):
        assert record['linkToken'] not in str(err.value)
        assert record['privateApiKey'] not in str(err.value)


# -- count: many tokens in one run ------------------------------------------------------------

def _batch_texts(exc):
    """Everything a failed task would print: the message and the extra result keys."""
    return str(exc) + json.dumps(exc.to_result(), default=str)


def test_count_creates_distinct_tokens_with_one_session(sim, module, make_client, api_calls):
    mod = module(count=3, access_list_ips=['203.0.113.10'])
    result = run(mod, make_client)
    assert result['changed'] is True
    assert 'link_token' not in result and 'token_info' not in result
    assert '3 link-tokens' in result['msg']
    records = sim.atlas_tokens(ATLAS_ORG)
    assert len(records) == 3
    assert result['link_tokens'] == [record['linkToken'] for record in records]
    assert len(set(result['link_tokens'])) == 3
    assert result['token_infos'] == [
        dict(org_id=ATLAS_ORG, org_name=info['org_name'], public_api_key=record['publicApiKey'])
        for info, record in zip(result['token_infos'], records)]
    assert all(record['accessListIps'] == ['203.0.113.10'] for record in records)
    for record in records:
        assert record['privateApiKey'] not in json.dumps(result['token_infos'])
    # one keep-alive connection, one digest handshake, exactly one POST per token
    assert [e['method'] for e in api_calls()] == ['POST'] * 3
    assert [e['challenge'] for e in sim.log] == [True, False, False, False]
    assert len(set(e['conn'] for e in sim.log)) == 1
    assert contract.validate_log(sim.log) == 3
    assert not mod.warnings


def test_count_with_oauth_fetches_one_access_token(sim, module, make_client, api_calls):
    result = run(module(count=3), make_client, auth='oauth')
    assert len(result['link_tokens']) == 3 and len(set(result['link_tokens'])) == 3
    assert [e['auth'] for e in api_calls()] == ['bearer'] * 3
    assert [e['path'] for e in sim.log].count('/api/oauth/token') == 1
    assert contract.validate_log(sim.log) == 3


def test_count_1_returns_a_list_of_one(sim, module, make_client, api_calls):
    result = run(module(count=1), make_client)
    assert len(result['link_tokens']) == 1 and len(result['token_infos']) == 1
    assert '1 link-token ' in result['msg']
    assert 'link_token' not in result
    assert len(api_calls('POST')) == 1


def test_count_in_check_mode_returns_nulls_and_sends_nothing(sim, module, make_client):
    result = run(module(count=3, check_mode=True, diff=True), make_client)
    assert result['changed'] is True
    assert result['link_tokens'] == [None, None, None]
    assert 'token_infos' not in result and 'link_token' not in result
    assert 'Would create 3 link-tokens' in result['msg'] and 'check mode' in result['msg']
    assert result['diff']['after'] == dict(org_id=ATLAS_ORG, link_tokens='3 new link-token(s)')
    assert sim.log == []


def test_count_diff_never_holds_a_token(sim, module, make_client):
    result = run(module(count=2, diff=True), make_client)
    assert result['diff']['after'] == dict(org_id=ATLAS_ORG, link_tokens='2 new link-token(s)')
    for token in result['link_tokens']:
        assert token not in json.dumps(result['diff'])


@pytest.mark.parametrize('count', [0, -1, 101, 1000])
def test_validate_rejects_count_out_of_range(sim, module, count):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(count=count))
    assert err.value.option == 'count'
    assert str(err.value).startswith('count: ')
    assert str(count) in str(err.value) and '100' in str(err.value)
    assert sim.log == []


@pytest.mark.parametrize('count', [1, 2, 100])
def test_validate_accepts_count_in_range(module, count):
    module_under_test.validate(module(count=count))


@pytest.mark.parametrize('count', [1, 3, 0])
def test_validate_rejects_count_with_state_absent(sim, module, count):
    with pytest.raises(InputError) as err:
        module_under_test.validate(module(count=count, state='absent'))
    assert err.value.option == 'count'
    assert 'state=present' in str(err.value)
    assert sim.log == []


def _fail_on_call(monkeypatch, sim, number, **fault):
    """Arm ``fault`` right before the ``number``-th link-token request of the run.

    The simulator's faults hit the first matching request, and with Digest the run's first request
    is the handshake: arming it late is how the N-th POST (and only it) gets the fault.
    """
    original = AtlasLinkTokens.create
    calls = []

    def create(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            sim.add_fault(**fault)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AtlasLinkTokens, 'create', create)
    return calls


@pytest.mark.parametrize('auth', ['digest', 'oauth'])
def test_count_failure_on_the_second_post_names_the_first_key(sim, module, make_client, monkeypatch, writes, auth):
    calls = _fail_on_call(monkeypatch, sim, 2, kind='status', method='POST', path='linkTokens$', status=500)
    with pytest.raises(BatchError) as err:
        run(module(count=3), make_client, auth=auth)
    records = sim.atlas_tokens(ATLAS_ORG)
    assert len(records) == 1, 'the 500 created nothing'
    assert len(calls) == 2, 'the third token was not attempted'
    assert [e['status'] for e in writes() if not e['challenge']] == [201, 500], '500 on POST is not retried'
    message = str(err.value)
    assert 'link-token 2 of 3' in message and ATLAS_ORG in message and 'HTTP 500' in message
    assert records[0]['publicApiKey'] in message
    assert '1 link-token(s) created before it' in message
    extra = err.value.to_result()
    assert extra['created'] == 1
    assert extra['http_status'] == 500
    assert len(extra['token_infos']) == 1
    assert extra['token_infos'][0]['public_api_key'] == records[0]['publicApiKey']
    assert isinstance(err.value.cause, ApiError)
    text = _batch_texts(err.value)
    assert records[0]['linkToken'] not in text
    assert records[0]['privateApiKey'] not in text


def test_count_failure_on_the_first_post_lists_no_key(sim, module, make_client, writes):
    sim.add_fault('status', method='POST', path='linkTokens$', status=503)
    with pytest.raises(BatchError) as err:
        run(module(count=2), make_client)
    assert 'link-token 1 of 2' in str(err.value)
    assert 'created before it' not in str(err.value)
    assert err.value.to_result()['created'] == 0
    assert err.value.to_result()['token_infos'] == []
    assert err.value.to_result()['http_status'] == 503
    assert sim.atlas_tokens(ATLAS_ORG) == []
    assert len(writes()) == 1


def test_count_dropped_connection_on_the_third_post(sim, module, make_client, writes):
    """The third POST is processed but its answer is lost: two tokens are named, the third may exist."""
    # Processed-request faults only hit authenticated requests: two no-op slow faults let the first two pass.
    sim.add_fault('slow', method='POST', path='linkTokens$', times=2, delay=0)
    sim.add_fault('drop_after', method='POST', path='linkTokens$')
    with pytest.raises(BatchError) as err:
        run(module(count=3), make_client)
    records = sim.atlas_tokens(ATLAS_ORG)
    assert len(records) == 3
    extra = err.value.to_result()
    assert extra['created'] == 2 and extra['maybe_processed'] is True
    assert [info['public_api_key'] for info in extra['token_infos']] == [r['publicApiKey'] for r in records[:2]]
    assert records[0]['publicApiKey'] in str(err.value) and records[1]['publicApiKey'] in str(err.value)
    assert len([e for e in writes() if not e['challenge']]) == 3, 'a dropped POST is not sent again'
    text = _batch_texts(err.value)
    for record in records:
        assert record['linkToken'] not in text and record['privateApiKey'] not in text
