"""Atlas organization API keys: the list shows each link-token's key (an assumption, switchable), delete by id."""

import base64
import json

import pytest
import requests

from tests.simulator.link_state import LINK_TOKEN_KEY_DESC

ATLAS_TYPE = 'application/vnd.atlas.2023-01-01+json'
ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'  # the Api fixture's default org
OM_ORG = '60a1b2c3d4e5f60718293a4b'
OTHER_ORG = '5f1a2b3c4d5e6f7a8b9c0d1f'


def _keys_url(api, org=ATLAS_ORG, key_id=None):
    return '%s/api/atlas/v2/orgs/%s/apiKeys%s' % (api.url, org, '/' + key_id if key_id else '')


def _list(api, org=ATLAS_ORG, **params):
    return api.session.get(_keys_url(api, org), params=params, headers={'Accept': ATLAS_TYPE})


def _delete(api, key_id, org=ATLAS_ORG):
    return api.session.delete(_keys_url(api, org, key_id), headers={'Accept': ATLAS_TYPE})


def _public_key(token):
    return json.loads(base64.b64decode(token))['publicApiKey']


def test_the_list_shows_the_api_key_of_each_link_token_by_its_public_key(sim, api):
    tokens = [api.create_token().json()['linkToken'] for dummy in range(2)]
    answer = _list(api)
    assert answer.status_code == 200
    assert answer.headers['Content-Type'] == 'application/vnd.atlas.2023-01-01+json;charset=utf-8'
    document = answer.json()
    assert document['totalCount'] == 2
    assert [key['publicKey'] for key in document['results']] == [_public_key(token) for token in tokens]
    records = sim.atlas_tokens(ATLAS_ORG)
    for key, record in zip(document['results'], records):
        assert key['id'] == record['apiKeyId'] and len(key['id']) == 24
        assert key['desc'] == LINK_TOKEN_KEY_DESC
        assert key['roles'] == [{'orgId': ATLAS_ORG, 'roleName': 'ORG_OWNER'}]
        # Redacted, like Atlas: never the private key the token carries.
        assert record['privateApiKey'] not in answer.text and key['privateKey'].startswith('********-')
    assert _list(api, OTHER_ORG).json() == {'links': _list(api, OTHER_ORG).json()['links'], 'results': [], 'totalCount': 0}


def test_unlisted_setting_hides_link_token_keys_but_not_other_keys(sim, api):
    api.create_token()
    other = sim.add_api_key(ATLAS_ORG, 'CI pipeline')
    sim.update_settings(link_token_api_keys='unlisted')
    assert [key['id'] for key in _list(api).json()['results']] == [other['id']]
    sim.update_settings(link_token_api_keys='listed')
    assert len(_list(api).json()['results']) == 2
    assert len(sim.org_api_keys(ATLAS_ORG)) == 2


def test_pages(sim, api):
    for dummy in range(5):
        api.create_token()
    every = [key['id'] for key in _list(api).json()['results']]
    pages = [_list(api, itemsPerPage=2, pageNum=page).json() for page in (1, 2, 3, 4)]
    assert [len(page['results']) for page in pages] == [2, 2, 1, 0]
    assert [key['id'] for page in pages for key in page['results']] == every
    assert 'totalCount' not in _list(api, includeCount='false').json()
    for params in ({'itemsPerPage': 0}, {'itemsPerPage': 501}, {'pageNum': 0}, {'pageNum': 'x'}):
        answer = _list(api, **params)
        assert answer.status_code == 400 and answer.json()['errorCode'] == 'INVALID_QUERY_PARAMETER', params


def test_deleting_a_link_tokens_key_ends_the_token_and_its_link(sim, api):
    token = api.create_token().json()['linkToken']
    kept = api.create_token().json()['linkToken']
    assert api.link(token).status_code == 201
    assert api.status().json() == {'status': 'SYNCED'}
    key_id = next(key['id'] for key in _list(api).json()['results'] if key['publicKey'] == _public_key(token))
    answer = _delete(api, key_id)
    assert answer.status_code == 204 and answer.content == b''
    assert [record['linkToken'] for record in sim.atlas_tokens(ATLAS_ORG)] == [kept]
    assert api.status().json() == {'status': 'NOT_SYNCED'}
    again = _delete(api, key_id)
    assert again.status_code == 404 and again.json()['errorCode'] == 'API_KEY_NOT_FOUND'
    assert again.headers['Content-Type'] == 'application/json'


def test_other_keys_are_deleted_by_id_too_and_only_in_their_organization(sim, api):
    other = sim.add_api_key(ATLAS_ORG, 'CI pipeline')
    assert _delete(api, other['id'], org=OTHER_ORG).status_code == 404
    assert _delete(api, other['id']).status_code == 204
    assert sim.org_api_keys(ATLAS_ORG) == [] and sim.state()['apiKeys'] == {}


@pytest.mark.parametrize('method,path_end,allowed', [('POST', '', 'GET'), ('GET', '/0123456789abcdef01234567', 'DELETE')])
def test_methods_versions_and_ids_are_checked(sim, api, method, path_end, allowed):
    url = _keys_url(api) + path_end
    refused = api.session.request(method, url, headers={'Accept': ATLAS_TYPE})
    assert refused.status_code == 405 and refused.headers['Allow'] == allowed
    for accept in ('application/json', 'application/vnd.atlas.2024-05-30+json'):
        assert api.session.request(allowed, url, headers={'Accept': accept}).status_code == 406
    assert api.session.request(allowed, url, headers={'Accept': ATLAS_TYPE}, params={'envelope': 'true'}).status_code == 400
    assert _list(api, org='5F1A').status_code == 400
    assert _delete(api, 'not-an-id').json()['errorCode'] == 'INVALID_PARAMETER'
    assert api.session.get(_keys_url(api)).status_code == 406  # no Accept: the version must be named
    assert OM_ORG not in sim.state()['apiKeys']


def test_control_api_adds_and_lists_keys(sim, api):
    added = requests.post('%s/_sim/atlas/orgs/%s/apiKeys' % (sim.url, ATLAS_ORG), json={'desc': 'backup tool'}, timeout=10)
    assert added.status_code == 201 and added.json()['desc'] == 'backup tool'
    api.create_token()
    listed = requests.get('%s/_sim/atlas/orgs/%s/apiKeys' % (sim.url, ATLAS_ORG), timeout=10).json()
    assert [key['desc'] for key in listed] == ['backup tool', LINK_TOKEN_KEY_DESC]
    assert requests.post('%s/_sim/atlas/orgs/%s/apiKeys' % (sim.url, ATLAS_ORG), json={'colour': 'red'}, timeout=10).status_code == 400
    assert requests.delete('%s/_sim/atlas/orgs/%s/apiKeys' % (sim.url, ATLAS_ORG), timeout=10).status_code == 405


def test_sim_control_counts_unused_tokens_and_api_keys(sim, api, capsys):
    from tests.support.sim_control import main, unused_tokens
    used = api.create_token().json()['linkToken']
    spare = api.create_token().json()['linkToken']
    api.link(used)
    url = ['--url', sim.url]
    assert main(url + ['api-key-add', ATLAS_ORG, 'CI pipeline']) == 0
    assert unused_tokens(sim.state()) == [(ATLAS_ORG, _public_key(spare))]
    assert main(url + ['expect-state', '--tokens', '2', '--unused', '1', '--api-keys', '3']) == 0
    assert 'simulator state: 2 token(s) (1 unused), 3 API key(s)' in capsys.readouterr().out
    with pytest.raises(SystemExit) as failed:
        main(url + ['expect-state', '--unused', '0'])
    assert 'unused tokens: expected 0, got 1 (public keys %s)' % _public_key(spare) in str(failed.value)
