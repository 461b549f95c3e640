"""Every Atlas request the client builds validates against the official OpenAPI subset."""

import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from tests.support import contract

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'


@pytest.mark.parametrize('auth', ['digest', 'oauth'])
@pytest.mark.parametrize('ips', [None, ['203.0.113.10'], ['198.51.100.0/24', '2001:db8::/32']])
def test_atlas_requests_follow_the_contract(sim, make_client, auth, ips):
    atlas = AtlasLinkTokens(make_client(auth=auth))
    atlas.create(ATLAS_ORG, ips)
    atlas.delete(ATLAS_ORG)
    assert contract.validate_log(sim.log) == 2


def test_the_contract_check_can_fail(sim, make_client):
    AtlasLinkTokens(make_client()).create(ATLAS_ORG, ['203.0.113.10'])
    entry = contract.atlas_entries(sim.log)[0]
    broken = dict(entry, body=json.dumps({'accessListIps': 'not-a-list'}))
    with pytest.raises(Exception):
        contract.validate_entry(broken)
    wrong_version = dict(entry, headers=dict(entry['headers'], **{'Content-Type': 'application/vnd.atlas.2099-01-01+json'}))
    with pytest.raises(Exception):
        contract.validate_entry(wrong_version)
