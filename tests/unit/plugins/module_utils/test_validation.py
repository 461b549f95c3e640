"""_module/validation.py and _module/connection.py: bad input is refused before any request."""

import base64
import json

import pytest
from hypothesis import given, strategies as st

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import ATLAS, OM, validate_base_url, validate_connection
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import connection as connection_argument_spec
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import (
    validate_access_list, validate_link_token, validate_org_id)

SECRET = 'c0ffee00-0000-4000-8000-123456789abc'


def token(**fields):
    data = dict(orgId='5f4b7c2e9d1a3b6c8e0f1a2b', orgName='Org', publicApiKey='abcdefgh', privateApiKey=SECRET)
    data.update(fields)
    return base64.b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize('value', ['5f4b7c2e9d1a3b6c8e0f1a2', '5f4b7c2e9d1a3b6c8e0f1a2bc', '5F4B7C2E9D1A3B6C8E0F1A2B',
                                   '5f4b7c2e9d1a3b6c8e0f1a2g', '', ' 5f4b7c2e9d1a3b6c8e0f1a2b'])
def test_bad_org_ids_name_option_and_value(value):
    with pytest.raises(InputError) as err:
        validate_org_id(value)
    assert str(err.value).startswith('org_id: %r' % value)


@given(st.text(alphabet='0123456789abcdef', min_size=24, max_size=24))
def test_every_24_lowercase_hex_is_an_org_id(value):
    assert validate_org_id(value) == value


@given(st.text(max_size=40).filter(lambda v: not (len(v) == 24 and all(c in '0123456789abcdef' for c in v))))
def test_nothing_else_is_an_org_id(value):
    with pytest.raises(InputError):
        validate_org_id(value)


@pytest.mark.parametrize('value', ['203.0.113.10', '198.51.100.0/24', '2001:db8::1', '2001:db8::/32', '0.0.0.0/0'])
def test_good_access_list_entries(value):
    assert validate_access_list([value]) == [value]


@pytest.mark.parametrize('value', ['203.0.113.256', '198.51.100.1/24', '10.0.0.0/33', 'example.com', '', '2001:db8::g'])
def test_bad_access_list_entries(value):
    with pytest.raises(InputError) as err:
        validate_access_list(['203.0.113.10', value])
    assert str(err.value).startswith('access_list_ips: %r' % value)


def test_empty_access_list_is_refused_but_none_is_fine():
    assert validate_access_list(None) is None
    with pytest.raises(InputError, match='access_list_ips: is empty'):
        validate_access_list([])


@given(st.ip_addresses())
def test_any_ip_address_is_accepted(address):
    assert validate_access_list([str(address)])


def test_link_token_checks_never_echo_the_token():
    assert validate_link_token(token())
    for bad in ['not base64!', base64.b64encode(b'not json').decode(), token(privateApiKey=None)[:-8],
                base64.b64encode(json.dumps({'privateApiKey': SECRET}).encode()).decode()]:
        with pytest.raises(InputError) as err:
            validate_link_token(bad)
        assert bad not in str(err.value) and SECRET not in str(err.value)
        assert str(err.value).startswith('link_token:')


@pytest.mark.parametrize('value, words', [
    ('cloud.mongodb.com', 'must start with https://'),
    ('ftp://cloud.mongodb.com', 'must start with https://'),
    ('https://cloud.mongodb.com/api/atlas/v2', 'without a path'),
    ('https://opsmanager.example.com:8443/x', 'without a path'),
])
def test_bad_base_urls(value, words):
    with pytest.raises(InputError) as err:
        validate_base_url(value)
    assert words in str(err.value) and value in str(err.value)


@pytest.mark.parametrize('value', ['https://abcdefgh:%s@cloud.mongodb.com' % SECRET, 'abcdefgh:%s@cloud.mongodb.com' % SECRET,
                                   'https://abcdefgh:%s@cloud.mongodb.com/api' % SECRET])
def test_base_url_with_credentials_is_refused_without_echoing_them(value):
    with pytest.raises(InputError) as err:
        validate_base_url(value)
    assert SECRET not in str(err.value) and 'cloud.mongodb.com' in str(err.value)
    assert str(err.value).startswith('base_url:')


@pytest.mark.parametrize('value', ['https://cloud.mongodb.com', 'https://cloud.mongodb.com/', 'http://127.0.0.1:8080'])
def test_good_base_urls(value):
    assert validate_base_url(value) == value.rstrip('/')


def params(family, env=None, monkeypatch=None, **given_params):
    """Options as AnsibleModule would see them: given values, then environment, then defaults."""
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    return ArgumentSpecValidator(connection_argument_spec(family)).validate(given_params).validated_parameters


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for family in ('ATLAS', 'OM'):
        for name in ('BASE_URL', 'PUBLIC_KEY', 'PRIVATE_KEY', 'PUBLIC_API_KEY', 'PRIVATE_API_KEY', 'CLIENT_ID', 'CLIENT_SECRET'):
            monkeypatch.delenv('MONGODB_%s_%s' % (family, name), raising=False)
    for name in ('MCLI_OPS_MANAGER_URL', 'MCLI_PUBLIC_API_KEY', 'MCLI_PRIVATE_API_KEY'):
        monkeypatch.delenv(name, raising=False)


def test_atlas_defaults_and_env_fallbacks(monkeypatch):
    p = params(ATLAS, {'MONGODB_ATLAS_PUBLIC_API_KEY': 'abcdefgh', 'MONGODB_ATLAS_PRIVATE_API_KEY': SECRET}, monkeypatch)
    kwargs = validate_connection(p, ATLAS)
    assert kwargs['base_url'] == 'https://cloud.mongodb.com'
    assert kwargs['public_key'] == 'abcdefgh' and kwargs['private_key'] == SECRET


def test_om_needs_a_base_url_and_reads_mongocli_names(monkeypatch):
    with pytest.raises(InputError, match='base_url: is required'):
        validate_connection(params(OM, public_key='a', private_key='b'), OM)
    p = params(OM, {'MCLI_OPS_MANAGER_URL': 'https://om.example.com:8443', 'MCLI_PUBLIC_API_KEY': 'user',
                    'MCLI_PRIVATE_API_KEY': SECRET}, monkeypatch)
    assert validate_connection(p, OM)['base_url'] == 'https://om.example.com:8443'


def test_given_option_beats_environment(monkeypatch):
    p = params(OM, {'MONGODB_OM_BASE_URL': 'https://env.example.com'}, monkeypatch, base_url='https://given.example.com',
               client_id='id', client_secret='secret')
    assert validate_connection(p, OM)['base_url'] == 'https://given.example.com'


@pytest.mark.parametrize('given_params, words', [
    (dict(), 'no credentials'),
    (dict(public_key='abcdefgh'), 'private_key: is required with public_key'),
    (dict(private_key=SECRET), 'public_key: is required with private_key'),
    (dict(client_id='id'), 'client_secret: is required with client_id'),
    (dict(public_key='abcdefgh', private_key=SECRET, client_id='id', client_secret='s3cr3t'), 'not both'),
])
def test_auth_must_be_exactly_one_method(given_params, words):
    with pytest.raises(InputError) as err:
        validate_connection(params(ATLAS, **given_params), ATLAS)
    assert words in str(err.value)
    assert SECRET not in str(err.value) and 's3cr3t' not in str(err.value)


def test_env_credentials_count_for_the_both_methods_check(monkeypatch):
    p = params(ATLAS, {'MONGODB_ATLAS_CLIENT_ID': 'id', 'MONGODB_ATLAS_CLIENT_SECRET': 's'}, monkeypatch,
               public_key='abcdefgh', private_key=SECRET)
    with pytest.raises(InputError, match='environment variables'):
        validate_connection(p, ATLAS)


def test_missing_ca_path_and_bad_numbers(tmp_path):
    base = dict(public_key='abcdefgh', private_key=SECRET)
    with pytest.raises(InputError, match='ca_path'):
        validate_connection(params(ATLAS, ca_path=str(tmp_path / 'missing.pem'), **base), ATLAS)
    with pytest.raises(InputError, match='timeout'):
        validate_connection(params(ATLAS, timeout=0, **base), ATLAS)
    with pytest.raises(InputError, match='retries'):
        validate_connection(params(ATLAS, retries=-1, **base), ATLAS)


def test_secret_options_are_no_log_and_look_alikes_are_not():
    for family in (ATLAS, OM):
        spec = connection_argument_spec(family)
        assert spec['private_key']['no_log'] is True and spec['client_secret']['no_log'] is True
        assert spec['public_key']['no_log'] is False and spec['client_id']['no_log'] is False


def test_a_trailing_newline_is_not_part_of_a_valid_value():
    with pytest.raises(InputError):
        validate_org_id('5f4b7c2e9d1a3b6c8e0f1a2b\n')
    with pytest.raises(InputError):
        validate_base_url('https://cloud.mongodb.com\n')
