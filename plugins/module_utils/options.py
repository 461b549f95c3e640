# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by all modules (one spec per API family) and input validators.

Validators raise InputError naming the option and the bad value; they never echo a
secret (a private key, a client secret, a link-token). All checks run before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import ipaddress
import json
import os
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import InputError

ATLAS = 'atlas'
OM = 'om'

# Environment variables read, in order, when an option is not set (names users know from
# the Atlas CLI/SDK, Terraform and mongocli).
ENV = {
    ATLAS: {
        'base_url': ['MONGODB_ATLAS_BASE_URL'],
        'public_key': ['MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PUBLIC_API_KEY'],
        'private_key': ['MONGODB_ATLAS_PRIVATE_KEY', 'MONGODB_ATLAS_PRIVATE_API_KEY'],
        'client_id': ['MONGODB_ATLAS_CLIENT_ID'],
        'client_secret': ['MONGODB_ATLAS_CLIENT_SECRET'],
    },
    OM: {
        'base_url': ['MONGODB_OM_BASE_URL', 'MCLI_OPS_MANAGER_URL'],
        'public_key': ['MONGODB_OM_PUBLIC_KEY', 'MCLI_PUBLIC_API_KEY'],
        'private_key': ['MONGODB_OM_PRIVATE_KEY', 'MCLI_PRIVATE_API_KEY'],
        'client_id': ['MONGODB_OM_CLIENT_ID'],
        'client_secret': ['MONGODB_OM_CLIENT_SECRET'],
    },
}
ATLAS_DEFAULT_BASE_URL = 'https://cloud.mongodb.com'
CONNECTION_OPTIONS = ('base_url', 'public_key', 'private_key', 'client_id', 'client_secret',
                      'validate_certs', 'ca_path', 'timeout', 'retries')

# Organization, project and job ids are MongoDB ObjectIds in hex. \Z, not $: '$' also matches
# before a final newline (a YAML folded scalar leaves one).
OBJECT_ID_RE = re.compile(r'^[a-f0-9]{24}\Z')
TOKEN_KEYS = frozenset(['orgId', 'orgName', 'publicApiKey', 'privateApiKey'])


def connection_argument_spec(family):
    env = ENV[family]

    def fallback(name):
        return (env_fallback, env[name])

    spec = dict(
        base_url=dict(type='str', fallback=fallback('base_url')),
        public_key=dict(type='str', no_log=False, fallback=fallback('public_key')),
        private_key=dict(type='str', no_log=True, fallback=fallback('private_key')),
        client_id=dict(type='str', no_log=False, fallback=fallback('client_id')),
        client_secret=dict(type='str', no_log=True, fallback=fallback('client_secret')),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path'),
        timeout=dict(type='int', default=30),
        retries=dict(type='int', default=3),
    )
    if family == ATLAS:
        spec['base_url']['default'] = ATLAS_DEFAULT_BASE_URL
    return spec


def validate_connection(params, family):
    """Check the connection options; return the keyword arguments for Client."""
    base_url = params.get('base_url')
    if not base_url:
        raise InputError('base_url', 'is required for Cloud Manager / Ops Manager: set it, or MONGODB_OM_BASE_URL '
                                     '(https://cloud.mongodb.com for Cloud Manager, your server root for Ops Manager).')
    validate_base_url(base_url)

    key_pair = [params.get('public_key'), params.get('private_key')]
    service_account = [params.get('client_id'), params.get('client_secret')]
    env_hint = ' (environment variables %s count too)' % ', '.join(
        n for names in ENV[family].values() for n in names if 'URL' not in n)
    if any(key_pair) and any(service_account):
        raise InputError('public_key', 'set either an API key pair (public_key, private_key) or a service account '
                                       '(client_id, client_secret), not both' + env_hint + '.')
    if any(key_pair) and not all(key_pair):
        missing = 'private_key' if key_pair[0] else 'public_key'
        raise InputError(missing, 'is required with %s' % ('public_key' if key_pair[0] else 'private_key') + env_hint + '.')
    if any(service_account) and not all(service_account):
        missing = 'client_secret' if service_account[0] else 'client_id'
        raise InputError(missing, 'is required with %s' % ('client_id' if service_account[0] else 'client_secret') + env_hint + '.')
    if not any(key_pair) and not any(service_account):
        raise InputError('public_key', 'no credentials: set public_key and private_key, or client_id and client_secret' + env_hint + '.')

    ca_path = params.get('ca_path')
    if ca_path and not os.path.exists(ca_path):
        raise InputError('ca_path', '%r does not exist.' % ca_path)
    timeout = params.get('timeout')
    if timeout is not None and timeout <= 0:
        raise InputError('timeout', 'must be a positive number of seconds, got %r.' % timeout)
    retries = params.get('retries')
    if retries is not None and retries < 0:
        raise InputError('retries', 'must be 0 or more, got %r.' % retries)

    kwargs = dict((name, params.get(name)) for name in CONNECTION_OPTIONS if params.get(name) is not None)
    kwargs['base_url'] = base_url
    return kwargs


def validate_base_url(value, option='base_url'):
    match = re.match(r'^(https?)://([^/?#@\s]+)/?\Z', value or '')
    if not match:
        # Never echo credentials written into the URL (user:key@host).
        shown = re.sub(r'^([a-zA-Z][a-zA-Z0-9+.-]*://)?[^/?#\s]*@', r'\1********@', value or '')
        if not re.match(r'^https?://', value or ''):
            raise InputError(option, '%r must start with https:// (or http://) and name the server root, '
                                     'for example https://cloud.mongodb.com.' % shown)
        if '@' in (value or '').split('://', 1)[-1].split('/', 1)[0]:
            raise InputError(option, '%r must not carry credentials: set public_key / private_key (or client_id / '
                                     'client_secret) instead.' % shown)
        raise InputError(option, '%r must be the server root (scheme, host, optional port) without a path: '
                                 'the collection appends the API paths itself.' % shown)
    return value.rstrip('/')


def validate_object_id(value, option, what='an id'):
    if not isinstance(value, str) or not OBJECT_ID_RE.match(value):
        raise InputError(option, '%r is not %s: expected 24 lowercase hexadecimal characters.' % (value, what))
    return value


def validate_org_id(value, option='org_id'):
    return validate_object_id(value, option, 'an organization id')


def validate_org_ids(values, option='org_ids'):
    if not values:
        raise InputError(option, 'must list at least one organization id.')
    for value in values:
        validate_org_id(value, option)
    return values


def validate_access_list(values, option='access_list_ips'):
    """Each entry an IPv4/IPv6 address or CIDR block; returns the entries unchanged."""
    if values is None:
        return None
    if not values:
        raise InputError(option, 'is empty: list the IP addresses or CIDR blocks of the Ops Manager hosts, or leave it out.')
    for value in values:
        try:
            if '/' in str(value):
                ipaddress.ip_network(str(value), strict=True)
            else:
                ipaddress.ip_address(str(value))
        except ValueError as exc:
            raise InputError(option, '%r is not an IP address or CIDR block (%s).' % (value, exc))
    return values


def validate_link_token(value, option='link_token'):
    """Standard base64 of a JSON object with the four documented keys. Never echoes the value."""
    try:
        decoded = json.loads(base64.b64decode(value.strip(), validate=True).decode('utf-8'))
    except (binascii.Error, ValueError, UnicodeDecodeError, AttributeError):
        raise InputError(option, 'is not a link-token (expected base64-encoded JSON from atlas_link_token); '
                                 'the value is not shown because a token is a secret.')
    if not isinstance(decoded, dict) or not TOKEN_KEYS.issubset(decoded):
        raise InputError(option, 'does not hold the link-token fields %s; the value is not shown because a token '
                                 'is a secret.' % ', '.join(sorted(TOKEN_KEYS)))
    return value
