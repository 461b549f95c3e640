"""_om/link_token_format.py: the one decoder of the link-token format, for redaction, validation and return values."""

import base64
import json

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._om import link_token_format as link_token

SECRET = 'c0ffee00-0000-4000-8000-123456789abc'
FIELDS = dict(orgId='5f4b7c2e9d1a3b6c8e0f1a2b', orgName='Org', publicApiKey='abcdefgh', privateApiKey=SECRET)


def encode(value):
    return base64.b64encode(json.dumps(value).encode()).decode()


def test_a_token_decodes_with_surrounding_white_space():
    token = encode(FIELDS)
    assert link_token.decode('\n %s\n' % token) == FIELDS
    assert link_token.is_complete(token) and link_token.private_key(token) == SECRET
    assert link_token.public_parts(token) == dict(org_id=FIELDS['orgId'], org_name='Org', public_api_key='abcdefgh')


@pytest.mark.parametrize('value', [None, '', 'not base64!', base64.b64encode(b'not json').decode(), encode(['a', 'list']),
                                   encode(FIELDS)[:-8]])
def test_what_is_not_a_token_decodes_to_nothing(value):
    assert link_token.decode(value) is None
    assert not link_token.is_complete(value)
    assert link_token.private_key(value) is None and link_token.public_parts(value) is None


def test_partial_tokens():
    no_private = dict((key, value) for key, value in FIELDS.items() if key != 'privateApiKey')
    assert not link_token.is_complete(encode(no_private))
    assert link_token.public_parts(encode(no_private))['public_api_key'] == 'abcdefgh'
    assert link_token.private_key(encode(no_private)) is None
    assert link_token.public_parts(encode({'orgId': FIELDS['orgId']})) is None
    assert link_token.private_key(encode({'privateApiKey': SECRET})) == SECRET


def test_secrets_are_the_token_as_given_stripped_and_its_private_key():
    token = encode(dict(orgId='o', orgName='n', publicApiKey='pub', privateApiKey='private-key-1234'))
    assert link_token.secrets('  %s\n' % token) == ['  %s\n' % token, token, 'private-key-1234']
    assert link_token.secrets(None) == []
