# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding a link-token's API key by its public key (pure logic)."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.link_token_keys import (
    match_keys, not_listed_message, validate_public_keys)

LISTED = [dict(id='0' * 23 + '1', public_key='aaaaaaaa', desc='CI'), dict(id='0' * 23 + '2', public_key='bbbbbbbb'),
          dict(id=None, public_key='cccccccc'), dict(id='0' * 23 + '4', public_key=None)]


def test_match_keys_finds_the_asked_keys_in_the_order_asked():
    found, not_listed = match_keys(LISTED, ['bbbbbbbb', 'aaaaaaaa', 'zzzzzzzz'])
    assert found == [dict(public_key='bbbbbbbb', id='0' * 23 + '2'), dict(public_key='aaaaaaaa', id='0' * 23 + '1')]
    assert not_listed == ['zzzzzzzz']


def test_match_keys_never_takes_a_key_without_id_or_public_key():
    found, not_listed = match_keys(LISTED, ['cccccccc'])
    assert found == [] and not_listed == ['cccccccc']
    assert match_keys([], []) == ([], [])


def test_validate_public_keys_drops_repeats_and_names_a_bad_value():
    assert validate_public_keys(['aaaaaaaa', 'bbbbbbb1', 'aaaaaaaa']) == ['aaaaaaaa', 'bbbbbbb1']
    with pytest.raises(InputError) as err:
        validate_public_keys(['aaaaaaaa', 12345678], 'keys')
    assert str(err.value).startswith('keys: 12345678 is not the public key')


def test_not_listed_message_names_the_organization_the_keys_and_the_unknown():
    text = not_listed_message('5f4b7c2e9d1a3b6c8e0f1a2b', ['aaaaaaaa', 'bbbbbbbb'])
    assert 'Atlas organization 5f4b7c2e9d1a3b6c8e0f1a2b does not list the API key of 2 unused link-token(s)' in text
    assert '(public keys aaaaaaaa, bbbbbbbb)' in text and 'not documented' in text and 'Atlas UI' in text
