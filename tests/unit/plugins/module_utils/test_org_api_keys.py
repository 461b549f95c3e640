# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Atlas organization API keys resource against the simulator: list (all pages), delete by id, check mode."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas import org_api_keys
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.org_api_keys import AtlasOrgApiKeys
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.link_token_format import public_parts
from tests.support import contract, request_log

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
VERSIONED = 'application/vnd.atlas.2023-01-01+json'


def _tokens(make_client, count):
    atlas = AtlasLinkTokens(make_client())
    return [atlas.create(ATLAS_ORG, ['203.0.113.10']) for dummy in range(count)]


def test_list_shows_each_link_tokens_key_by_its_public_key_without_the_private_key(sim, make_client):
    tokens = _tokens(make_client, 2)
    other = sim.add_api_key(ATLAS_ORG, 'CI pipeline')
    sim.clear_log()
    keys = AtlasOrgApiKeys(make_client()).list(ATLAS_ORG)
    assert [key['public_key'] for key in keys] == [other['publicKey']] + [public_parts(t)['public_api_key'] for t in tokens]
    assert [key['id'] for key in keys] == [other['id']] + [record['apiKeyId'] for record in sim.atlas_tokens(ATLAS_ORG)]
    assert set(keys[0]) == {'id', 'public_key', 'desc', 'roles'} and keys[0]['desc'] == 'CI pipeline'
    for record in sim.atlas_tokens(ATLAS_ORG):
        assert record['privateApiKey'] not in json.dumps(keys)
    (entry,) = request_log.api_calls(sim.log)
    assert (entry['method'], entry['path']) == ('GET', '/api/atlas/v2/orgs/%s/apiKeys' % ATLAS_ORG)
    assert entry['query'] == {'itemsPerPage': '500', 'pageNum': '1'}
    assert entry['headers']['Accept'] == VERSIONED


def test_list_reads_every_page(sim, make_client, monkeypatch):
    monkeypatch.setattr(org_api_keys, 'PAGE_SIZE', 2)
    tokens = _tokens(make_client, 5)
    sim.clear_log()
    keys = AtlasOrgApiKeys(make_client()).list(ATLAS_ORG)
    assert [key['public_key'] for key in keys] == [public_parts(t)['public_api_key'] for t in tokens]
    assert [e['query']['pageNum'] for e in request_log.api_calls(sim.log)] == ['1', '2', '3']


def test_list_stops_at_the_total_count_and_at_the_page_bound(sim, make_client, monkeypatch):
    monkeypatch.setattr(org_api_keys, 'PAGE_SIZE', 2)
    _tokens(make_client, 4)
    sim.clear_log()
    assert len(AtlasOrgApiKeys(make_client()).list(ATLAS_ORG)) == 4
    assert len(request_log.api_calls(sim.log)) == 2  # the second page reaches totalCount: no third read
    monkeypatch.setattr(org_api_keys, 'MAX_PAGES', 1)
    with pytest.raises(ApiError) as err:
        AtlasOrgApiKeys(make_client()).list(ATLAS_ORG)
    assert 'more than 1 pages of API keys' in str(err.value)


def test_list_is_empty_when_the_service_leaves_link_tokens_out(sim, make_client):
    _tokens(make_client, 1)
    sim.update_settings(link_token_api_keys='unlisted')
    assert AtlasOrgApiKeys(make_client()).list(ATLAS_ORG) == []


def test_an_answer_without_results_is_an_error(sim, make_client):
    sim.add_fault('status', method='GET', path='/apiKeys$', status=200, body={'totalCount': 3})
    with pytest.raises(ApiError) as err:
        AtlasOrgApiKeys(make_client()).list(ATLAS_ORG)
    assert 'the answer carried no results list' in str(err.value)


def test_delete_removes_one_key_and_says_false_when_it_is_gone(sim, make_client):
    first, second = _tokens(make_client, 2)
    keys = AtlasOrgApiKeys(make_client())
    key_id = sim.atlas_tokens(ATLAS_ORG)[0]['apiKeyId']
    sim.clear_log()
    assert keys.delete(ATLAS_ORG, key_id) is True
    assert [record['linkToken'] for record in sim.atlas_tokens(ATLAS_ORG)] == [second]
    assert keys.delete(ATLAS_ORG, key_id) is False
    entries = request_log.api_calls(sim.log)
    assert [(e['method'], e['path'], e['status']) for e in entries] == [
        ('DELETE', '/api/atlas/v2/orgs/%s/apiKeys/%s' % (ATLAS_ORG, key_id), 204)] * 1 + [
        ('DELETE', '/api/atlas/v2/orgs/%s/apiKeys/%s' % (ATLAS_ORG, key_id), 404)]
    assert entries[0]['headers']['Accept'] == VERSIONED and entries[0]['body'] is None
    assert first not in json.dumps(sim.log)


def test_delete_raises_on_other_errors(sim, make_client):
    sim.add_fault('status', method='DELETE', path='/apiKeys/', status=403)
    with pytest.raises(ApiError) as err:
        AtlasOrgApiKeys(make_client()).delete(ATLAS_ORG, '0123456789abcdef01234567')
    assert err.value.status == 403 and 'Organization Owner' in str(err.value)


def test_check_mode_lists_and_predicts_the_delete(sim, make_client):
    _tokens(make_client, 1)
    sim.clear_log()
    keys = AtlasOrgApiKeys(make_client(), check_mode=True)
    assert len(keys.list(ATLAS_ORG)) == 1
    assert keys.delete(ATLAS_ORG, sim.atlas_tokens(ATLAS_ORG)[0]['apiKeyId']) is True
    assert [e['method'] for e in request_log.api_calls(sim.log)] == ['GET']
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 1


@pytest.mark.parametrize('auth', ['digest', 'oauth'])
def test_requests_follow_the_official_spec(sim, make_client, auth):
    _tokens(make_client, 1)
    sim.clear_log()
    keys = AtlasOrgApiKeys(make_client(auth=auth))
    keys.delete(ATLAS_ORG, keys.list(ATLAS_ORG)[0]['id'])
    assert contract.validate_log(sim.log) == 2


def test_the_contract_check_of_these_requests_can_fail(sim, make_client):
    _tokens(make_client, 1)
    sim.clear_log()
    keys = AtlasOrgApiKeys(make_client())
    keys.delete(ATLAS_ORG, keys.list(ATLAS_ORG)[0]['id'])
    listed, deleted = contract.atlas_entries(sim.log)
    for broken in (dict(listed, query={'itemsPerPage': '501'}),
                   dict(listed, headers=dict(listed['headers'], Accept='application/vnd.atlas.2024-05-30+json')),
                   dict(deleted, path=deleted['path'][:-1]),  # an apiUserId of 23 characters
                   dict(deleted, method='PATCH', path=deleted['path'] + '/extra')):
        with pytest.raises(Exception):
            contract.validate_entry(broken)
