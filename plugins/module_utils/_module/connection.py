# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection settings of both API families, in one place: the options and their environment
fallbacks (the argument spec every module gets), their checks, and ``check_settings`` for callers
that are not modules (the link role's filter), which applies the very same spec and checks.

The doc fragments atlas_api, om_api and connection document what is defined here.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible.module_utils.basic import env_fallback

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError

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


def connection(family):
    """The connection options of one API family; credentials are checked by validate_connection."""
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


def check_settings(settings, family):
    """``settings`` (a dict of connection options; None or '' means unset) as a module of ``family`` would
    see them, with the same spec (environment fallbacks, defaults, types) and the same checks: the Client
    keyword arguments, or InputError naming the option. Secrets are never echoed."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    given = dict((key, value) for key, value in (settings or {}).items()
                 if key in CONNECTION_OPTIONS and value not in (None, ''))
    result = ArgumentSpecValidator(connection(family)).validate(given)
    if result.error_messages:
        raise InputError(next(iter(given), 'base_url'), result.error_messages[0] + '.')
    return validate_connection(result.validated_parameters, family)
