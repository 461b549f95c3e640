"""Atlas linkTokens: media types, validation, token format, org-wide delete."""

import base64
import json
import re
import uuid

ATLAS_TYPE = 'application/vnd.atlas.2023-01-01+json'
ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'  # the Api fixture's default org

DELETE_404 = {'detail': 'Could not find the requested external organization link.', 'error': 404, 'errorCode': 'UNEXPECTED_ERROR',
              'parameters': None, 'reason': 'Not Found'}


def test_create_answers_201_with_a_four_key_token(sim, api):
    answer = api.create_token(ips=['10.0.0.1', '192.168.0.0/16'])
    assert answer.status_code == 201
    assert answer.headers['Content-Type'] == 'application/vnd.atlas.2023-01-01+json;charset=utf-8'
    assert list(answer.json()) == ['linkToken']
    token = answer.json()['linkToken']
    assert re.fullmatch(r'[A-Za-z0-9+/]+={0,2}', token) and len(token) % 4 == 0  # standard base64 with padding
    document = json.loads(base64.b64decode(token))
    assert set(document) == {'orgId', 'orgName', 'publicApiKey', 'privateApiKey'}
    assert document['orgId'] == ATLAS_ORG and document['orgName'] == 'Atlas Org 5f1a2b'
    assert re.fullmatch(r'[a-z]{8}', document['publicApiKey'])
    assert str(uuid.UUID(document['privateApiKey'])) == document['privateApiKey']
    tokens = sim.atlas_tokens(ATLAS_ORG)
    assert len(tokens) == 1
    assert tokens[0]['linkToken'] == token and tokens[0]['accessListIps'] == ['10.0.0.1', '192.168.0.0/16']
    assert tokens[0]['publicApiKey'] == document['publicApiKey'] and tokens[0]['createdAt'].endswith('Z')


def test_each_post_adds_a_token_and_delete_removes_all(sim, api):
    first = api.create_token().json()['linkToken']
    second = api.create_token().json()['linkToken']
    assert first != second
    assert len(sim.atlas_tokens(ATLAS_ORG)) == 2
    assert list(sim.all_atlas_tokens()) == [ATLAS_ORG]
    deleted = api.delete_tokens()
    assert deleted.status_code == 204 and deleted.content == b''
    assert sim.atlas_tokens(ATLAS_ORG) == []
    again = api.delete_tokens()
    assert again.status_code == 404
    assert again.headers['Content-Type'] == 'application/json'
    assert again.json() == DELETE_404


def test_json_content_type_is_accepted(api):
    answer = api.session.post(api.atlas_url(), json={'accessListIps': []}, headers={'Accept': ATLAS_TYPE})
    assert answer.status_code == 201  # requests sets application/json, as MongoDB's curl examples do


def test_accept_header_must_name_the_version(api):
    for accept in (None, 'application/json', 'application/vnd.atlas.2024-05-30+json', '*/*'):
        headers = {'Content-Type': ATLAS_TYPE, 'Accept': accept}
        answer = api.session.post(api.atlas_url(), data='{"accessListIps": []}', headers=headers)
        assert answer.status_code == 406, accept
        assert answer.json()['errorCode'] == 'INVALID_ACCEPT_HEADER'
        assert answer.headers['Content-Type'] == 'application/json'
    assert api.session.delete(api.atlas_url(), headers={'Accept': 'application/json'}).status_code == 406
    both = 'application/json, application/vnd.atlas.2023-01-01+json;q=0.9'
    assert api.session.post(api.atlas_url(), json={}, headers={'Accept': both}).status_code == 201


def test_content_type_must_be_json(api):
    answer = api.session.post(api.atlas_url(), data='accessListIps=1.2.3.4',
                              headers={'Accept': ATLAS_TYPE, 'Content-Type': 'application/x-www-form-urlencoded'})
    assert answer.status_code == 415 and answer.json()['errorCode'] == 'UNSUPPORTED_MEDIA_TYPE'
    answer = api.session.post(api.atlas_url(), data='{}', headers={'Accept': ATLAS_TYPE, 'Content-Type': 'application/vnd.atlas.2024-05-30+json'})
    assert answer.status_code == 415


def test_invalid_org_id(api):
    for org in ('5F1A2B3C4D5E6F7A8B9C0D1E', 'abc', 'g' * 24):
        answer = api.create_token(org=org)
        assert answer.status_code == 400 and answer.json()['errorCode'] == 'INVALID_ORG_ID', org
    assert api.delete_tokens(org='abc').status_code == 400


def test_invalid_bodies(api):
    headers = {'Accept': ATLAS_TYPE, 'Content-Type': ATLAS_TYPE}
    for body in ({'accessListIps': '10.0.0.1'}, {'accessListIps': [1]}, {'accessListIps': ['10.0.0.300']}, {'accessListIps': ['x/8']}):
        answer = api.session.post(api.atlas_url(), json=body, headers=headers)
        assert answer.status_code == 400 and answer.json()['errorCode'] == 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION', body
    assert api.session.post(api.atlas_url(), json={'ips': []}, headers=headers).json()['errorCode'] == 'INVALID_ATTRIBUTE'
    assert api.session.post(api.atlas_url(), data='[1', headers=headers).json()['errorCode'] == 'INVALID_JSON'
    assert api.session.post(api.atlas_url(), headers=headers).status_code == 400
    assert api.create_token(ips=['2001:db8::1', '2001:db8::/32']).status_code == 201


def test_envelope_refused_pretty_accepted(api):
    assert api.create_token(params={'envelope': 'true'}).status_code == 400
    pretty = api.create_token(params={'pretty': 'true'})
    assert pretty.status_code == 201 and '\n' in pretty.text


def test_unknown_paths_and_methods(sim, api):
    assert api.session.get(api.atlas_url(), headers={'Accept': ATLAS_TYPE}).status_code == 405
    assert api.session.get(sim.url + '/api/atlas/v2/orgs/%s' % ATLAS_ORG, headers={'Accept': ATLAS_TYPE}).status_code == 404
    assert api.session.get(sim.url + '/nothing/here').status_code == 404
