# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based tests of the validators (extends tests/unit/plugins/module_utils/test_validation.py)."""

import base64
import ipaddress
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import ATLAS, OM, validate_base_url, validate_connection
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import (
    validate_access_list, validate_link_token, validate_org_id, validate_org_ids)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.retry import RetryPolicy, parse_retry_after

GROUP = 'bad input (properties)'
HEX = '0123456789abcdef'
SETTINGS = settings(max_examples=150, deadline=None)

org_ids = st.text(alphabet=HEX, min_size=24, max_size=24)
# Near misses: a good id with whitespace or one character around it, and any text at all.
near_org_ids = st.one_of(
    st.text(max_size=30),
    st.builds(lambda good, extra, front: extra + good if front else good + extra, org_ids,
              st.sampled_from(['\n', ' ', '\t', '\r\n', 'G', '0', '/', '%0a']), st.booleans()),
)


def _refuses(function, value, option):
    with pytest.raises(InputError) as err:
        function(value)
    assert err.value.option == option and str(err.value).startswith(option + ': ')
    return str(err.value)


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(org_ids)
def test_every_org_id_is_accepted(value):
    assert validate_org_id(value) == value
    assert validate_org_ids([value, value]) == [value, value]


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(near_org_ids)
def test_org_id_accepted_only_when_exactly_24_lowercase_hex(value):
    if re.fullmatch('[a-f0-9]{24}', value):
        assert validate_org_id(value) == value
    else:
        _refuses(validate_org_id, value, 'org_id')
        _refuses(lambda v: validate_org_ids(['0' * 24, v]), value, 'org_ids')


hosts = st.from_regex(r'[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z0-9]{1,10}){0,3}', fullmatch=True)
ports = st.one_of(st.just(''), st.integers(1, 65535).map(lambda port: ':%d' % port))
roots = st.builds(lambda scheme, host, port, slash: '%s://%s%s%s' % (scheme, host, port, slash),
                  st.sampled_from(['https', 'http']), hosts, ports, st.sampled_from(['', '/']))


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(roots)
def test_every_server_root_is_a_base_url(value):
    assert validate_base_url(value) == value.rstrip('/')


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(roots, st.from_regex(r'/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]*)*', fullmatch=True))
def test_a_base_url_with_a_path_is_refused(root, path):
    message = _refuses(validate_base_url, root.rstrip('/') + path, 'base_url')
    assert 'without a path' in message


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(roots)
def test_a_base_url_without_scheme_is_refused(value):
    message = _refuses(validate_base_url, value.split('://', 1)[1], 'base_url')
    assert 'https://' in message


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(roots, st.sampled_from(['\n', ' ', '\t', '\r\n']))
def test_a_base_url_with_whitespace_is_refused(root, space):
    _refuses(validate_base_url, root + space, 'base_url')


ip_entries = st.one_of(
    st.ip_addresses().map(str),
    st.ip_addresses(v=4).flatmap(lambda ip: st.integers(0, 32).map(lambda bits: str(ipaddress.ip_network('%s/%d' % (ip, bits), False)))),
    st.ip_addresses(v=6).flatmap(lambda ip: st.integers(0, 128).map(lambda bits: str(ipaddress.ip_network('%s/%d' % (ip, bits), False)))),
)


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.lists(ip_entries, min_size=1, max_size=5))
def test_every_ip_and_cidr_block_is_accepted(values):
    assert validate_access_list(values) == values


def _is_ip_or_network(value):
    try:
        if '/' in value:
            ipaddress.ip_network(value, strict=True)
        else:
            ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.text(max_size=45))
def test_anything_else_in_an_access_list_is_refused(value):
    if _is_ip_or_network(value):
        assert validate_access_list([value]) == [value]
    else:
        message = _refuses(lambda v: validate_access_list(['203.0.113.10', v]), value, 'access_list_ips')
        assert repr(value) in message


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.fixed_dictionaries({'orgId': org_ids, 'orgName': st.text(min_size=1), 'publicApiKey': st.text(min_size=1),
                              'privateApiKey': st.uuids().map(str)}))
def test_every_documented_token_is_accepted_and_a_key_less_is_refused(document):
    token = base64.b64encode(json.dumps(document).encode()).decode()
    assert validate_link_token(token) == token
    for key in document:
        broken = dict(document)
        del broken[key]
        bad = base64.b64encode(json.dumps(broken).encode()).decode()
        message = _refuses(validate_link_token, bad, 'link_token')
        assert bad not in message and document['privateApiKey'] not in message


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.one_of(st.text(max_size=80), st.binary(max_size=60).map(lambda raw: base64.b64encode(raw).decode())))
def test_a_token_that_is_not_base64_json_is_refused_without_echo(value):
    try:
        document = json.loads(base64.b64decode(value.strip(), validate=True).decode('utf-8'))
        valid = isinstance(document, dict) and {'orgId', 'orgName', 'publicApiKey', 'privateApiKey'} <= set(document)
    except (ValueError, UnicodeDecodeError):
        valid = False
    if valid:
        return
    message = _refuses(validate_link_token, value, 'link_token')
    # The message is one of two fixed texts, so it cannot hold the value (a short value may still be a
    # word of the fixed text, such as 'atla').
    assert message in (_refuses(validate_link_token, 'x', 'link_token'),
                       _refuses(validate_link_token, base64.b64encode(b'{}').decode(), 'link_token'))


PRIVATE, SECRET = 'Pr1vate-v4lue-8f3a', 'S3cret-v4lue-77c1'
credentials = st.fixed_dictionaries({}, optional={'public_key': st.just('pubkey'), 'private_key': st.just(PRIVATE),
                                                  'client_id': st.just('clientid'), 'client_secret': st.just(SECRET)})


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(credentials, st.sampled_from([ATLAS, OM]))
def test_exactly_one_complete_auth_method(creds, family):
    params = dict(creds, base_url='https://cloud.mongodb.com')
    pair = sum(key in creds for key in ('public_key', 'private_key'))
    account = sum(key in creds for key in ('client_id', 'client_secret'))
    good = (pair, account) in ((2, 0), (0, 2))
    if good:
        assert validate_connection(params, family)['base_url'] == 'https://cloud.mongodb.com'
    else:
        with pytest.raises(InputError) as err:
            validate_connection(params, family)
        assert err.value.option in ('public_key', 'private_key', 'client_id', 'client_secret')
        assert PRIVATE not in str(err.value) and SECRET not in str(err.value)


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.integers(0, 10), st.one_of(st.none(), st.floats(0, 1000)), st.floats(0, 1))
def test_retry_waits_honour_retry_after_and_the_cap(attempt, retry_after, rand):
    policy = RetryPolicy(rand=lambda: rand)
    delay = policy.delay(attempt, retry_after)
    assert 0 < delay
    assert delay >= (retry_after or 0)
    assert delay <= max(policy.cap, retry_after or 0)


@pytest.mark.reliability_case(GROUP)
@SETTINGS
@given(st.one_of(st.none(), st.text(max_size=30), st.integers(-5, 10 ** 6).map(str)))
def test_retry_after_parsing_never_fails_and_never_goes_negative(value):
    seconds = parse_retry_after(value)
    assert seconds is None or seconds >= 0
