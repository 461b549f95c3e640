"""Cloud/Ops Manager migrationLink: link, status, unlink, and the answers that differ between deployments."""

import base64
import json

OM_ORG = '60a1b2c3d4e5f60718293a4b'  # the Api fixture's default orgs
ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'


def _linked(api):
    token = api.create_token().json()['linkToken']
    return token, api.link(token)


def test_link_is_synced(sim, api):
    token, answer = _linked(api)
    assert answer.status_code == 201 and answer.json() == {'status': 'SYNCED'}
    assert answer.headers['Content-Type'] == 'application/json'
    status = api.status()
    assert status.status_code == 200 and status.json() == {'status': 'SYNCED'}
    link = sim.om_link(OM_ORG)
    assert set(link) == {'atlasOrgId', 'publicApiKey', 'createdAt', 'status'}
    assert link['atlasOrgId'] == ATLAS_ORG and link['status'] == 'SYNCED'
    assert link['publicApiKey'] == json.loads(base64.b64decode(token))['publicApiKey']
    assert sim.om_link('0' * 24) is None


def test_org_wide_atlas_delete_turns_links_not_synced(sim, api):
    _linked(api)
    token = api.create_token().json()['linkToken']
    assert api.link(token, org='1' * 24).status_code == 201
    assert api.delete_tokens().status_code == 204
    for org in (OM_ORG, '1' * 24):
        assert api.status(org=org).json() == {'status': 'NOT_SYNCED'}
        assert sim.om_link(org)['status'] == 'NOT_SYNCED'
    assert api.link(token).status_code == 400  # the key inside is gone


def test_no_link_answers(sim, api):
    answer = api.status()
    assert answer.status_code == 404 and answer.json()['errorCode'] == 'RESOURCE_NOT_FOUND'
    sim.update_settings(no_link_answer='not_synced')
    assert sim.settings.no_link_answer == 'not_synced' and sim.settings['no_link_answer'] == 'not_synced'
    answer = api.status()
    assert answer.status_code == 200 and answer.json() == {'status': 'NOT_SYNCED'}


def test_source_org_view_answer(sim, api):
    sim.update_settings(om_create_answer='source_org_view')
    token, answer = _linked(api)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {'sourceOrgId', 'createdAt', 'lastSyncedAt', 'errorMessage', 'targetOrg'}
    assert body['sourceOrgId'] == OM_ORG and body['errorMessage'] is None and body['targetOrg'] == {'linkToken': token}


def test_relink_replaces(sim, api):
    _linked(api)
    token = api.create_token(org='2' * 24).json()['linkToken']
    assert api.link(token).status_code == 201
    assert sim.om_link(OM_ORG)['atlasOrgId'] == '2' * 24


def test_invalid_tokens(api):
    three_keys = base64.b64encode(json.dumps({'orgId': ATLAS_ORG, 'orgName': 'x', 'publicApiKey': 'abcdefgh'}).encode()).decode()
    unknown_key = base64.b64encode(json.dumps({'orgId': ATLAS_ORG, 'orgName': 'x', 'publicApiKey': 'abcdefgh',
                                               'privateApiKey': '6f1c0b7e-0000-4000-8000-000000000000'}).encode()).decode()
    for token in ('not base64!', three_keys, unknown_key, '', None):
        answer = api.link(token)
        assert answer.status_code == 400 and answer.json()['errorCode'] == 'INVALID_LINK_TOKEN', token
    assert 'rejected by Atlas' in api.link(unknown_key).json()['detail']
    assert unknown_key not in api.link(unknown_key).text


def test_unlink(sim, api):
    assert api.unlink().status_code == 404
    _linked(api)
    answer = api.unlink()
    assert answer.status_code == 204 and answer.content == b''
    assert sim.om_link(OM_ORG) is None


def test_running_migration_blocks_unlink(sim, api):
    _linked(api)
    sim.set_running_migration(OM_ORG, ['6500000000000000000000aa', '6500000000000000000000bb'])
    answer = api.unlink()
    assert answer.status_code == 409
    assert answer.json() == {
        'detail': 'Cannot delete organization link while there is active migration in following project ids: '
                  '6500000000000000000000aa, 6500000000000000000000bb',
        'error': 409, 'errorCode': 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT',
        'parameters': ['6500000000000000000000aa, 6500000000000000000000bb'], 'reason': 'Conflict'}
    sim.set_running_migration(OM_ORG, [])
    assert api.unlink().status_code == 204


def test_validation(sim, api):
    assert api.status(org='xyz').status_code == 400
    assert api.status(org='xyz').json()['errorCode'] == 'INVALID_ORG_ID'
    assert api.session.post(api.om_url(), data='{"linkToken": "x"}', headers={'Content-Type': 'text/plain'}).status_code == 415
    assert api.session.get(api.om_url()).status_code == 405
    assert api.session.post(api.om_url(status=True)).status_code == 405
    assert api.status(params={'envelope': 'true'}).status_code == 400
    assert api.session.get(api.om_url(status=True), headers={'Accept': 'text/html'}).status_code == 406
    assert api.session.get(sim.url + '/api/public/v1.0/orgs').status_code == 404
