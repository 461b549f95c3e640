# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every input check of the collection: connection, ids, IP addresses and CIDR blocks, base URL,
link-token format, the migration request and the waits.

Checks raise InputError naming the option and the bad value; they never echo a secret (a
private key, a client secret, a link-token). All of them run before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

from ansible_collections.livemigrate.mongodb.plugins.module_utils import link_token
from ansible_collections.livemigrate.mongodb.plugins.module_utils.arguments import CONNECTION_OPTIONS, ENV
from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import InputError

# Organization, project and job ids are MongoDB ObjectIds in hex. \Z, not $: '$' also matches
# before a final newline (a YAML folded scalar leaves one).
OBJECT_ID_RE = re.compile(r'^[a-f0-9]{24}\Z')


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
    """Project, validation and migration job ids (and, through validate_org_id, organization ids)."""
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
    # Imported here: only atlas_link_token checks addresses, the other modules start faster without it.
    import ipaddress
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
    if link_token.decode(value) is None:
        raise InputError(option, 'is not a link-token (expected base64-encoded JSON from atlas_link_token); '
                                 'the value is not shown because a token is a secret.')
    if not link_token.is_complete(value):
        raise InputError(option, 'does not hold the link-token fields %s; the value is not shown because a token '
                                 'is a secret.' % ', '.join(sorted(link_token.TOKEN_KEYS)))
    return value


# The service limits an agent API key's desc to 1,000 characters.
MAX_DESCRIPTION = 1000


def validate_agent_api_key(params):
    """project_id, description and key_id of om_agent_api_key (the spec says which state needs which)."""
    validate_object_id(params['project_id'], 'project_id', 'a project id')
    description = params.get('description')
    if description is not None:
        if not description.strip():
            raise InputError('description', 'must not be empty: it is how the module finds the key again.')
        if len(description) > MAX_DESCRIPTION:
            raise InputError('description', 'is %d characters long; the service allows %d.' % (len(description), MAX_DESCRIPTION))
    if params.get('key_id') is not None:
        if params['state'] != 'absent':
            raise InputError('key_id', 'is only for state=absent (a new key gets its id from the service).')
        validate_object_id(params['key_id'], 'key_id', 'an agent API key id')


def validate_request(params):
    """The migration request options (arguments.migration_request) beyond what the spec checks."""
    validate_object_id(params['project_id'], 'project_id')
    source = params['source']
    validate_object_id(source['project_id'], 'source.project_id')
    if source['managed_authentication'] and (source.get('username') or source.get('password')):
        raise InputError('source.username', 'leave out username and password with managed_authentication=true '
                                            '(MongoDB Automation manages the credentials).')
    if bool(source.get('username')) != bool(source.get('password')):
        raise InputError('source.password' if source.get('username') else 'source.username',
                         'source.username and source.password go together.')
    destination = params['destination']
    if destination['hostname_schema_type'] == 'PRIVATE_LINK' and not destination.get('private_link_id'):
        raise InputError('destination.private_link_id', 'is required with hostname_schema_type=PRIVATE_LINK.')
    if not params['migration_host'].strip():
        raise InputError('migration_host', 'must name the migration host (see atlas_live_migration_projects_info).')


def validate_waits(params):
    """wait_timeout and poll_interval (arguments.waits)."""
    if params['wait_timeout'] < 0:
        raise InputError('wait_timeout', 'must be 0 or more seconds, got %r.' % params['wait_timeout'])
    if params['poll_interval'] <= 0:
        raise InputError('poll_interval', 'must be a positive number of seconds, got %r.' % params['poll_interval'])


def validate_cutover_gate(params):
    """cutover_max_lag and cutover_gate_timeout of atlas_live_migration: state=cutover only, 0 or more."""
    for option in ('cutover_max_lag', 'cutover_gate_timeout'):
        if params[option] is not None and params[option] < 0:
            raise InputError(option, 'must be 0 or more seconds, got %r.' % params[option])
    if params['state'] != 'cutover':
        if params['cutover_max_lag'] is not None:
            raise InputError('cutover_max_lag', 'is the cutover gate: use it with state=cutover, not state=%s.' % params['state'])
        if params['cutover_gate_timeout']:
            raise InputError('cutover_gate_timeout', 'is the wait for the cutover gate: use it with state=cutover and cutover_max_lag.')
    elif params['cutover_gate_timeout'] and params['cutover_max_lag'] is None:
        raise InputError('cutover_gate_timeout', 'waits for the cutover gate: set cutover_max_lag too.')


# A migration record of the campaign state store (migration_state). Only these fields are kept:
# an allow-list, so that a secret handed in by mistake (source.password) never reaches the file.
RECORD_FIELDS = ('key', 'id', 'org_id', 'source', 'destination', 'migration_host', 'status', 'ready_for_cutover',
                 'lag_time_seconds', 'validation_status', 'started_at', 'updated_at', 'cut_over', 'note')
RECORD_CLUSTER_FIELDS = ('project_id', 'cluster_name')
RECORD_STRINGS = ('migration_host', 'status', 'validation_status', 'note')
RECORD_BOOLS = ('ready_for_cutover', 'cut_over')
# ISO 8601 in UTC with 'Z', seconds, optional fraction: 2026-12-01T22:01:21Z.
_NOT_A_FIELD = 'is not a field of a migration record (allowed: %s); the value is not shown and nothing was read or written.'
TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z\Z')


def validate_migration_record(record, option):
    """One migration record (``option`` names it, e.g. records[0]); unknown fields are refused by name, values unshown."""
    if not isinstance(record, dict):
        raise InputError(option, 'must be a dict (a migration record), got %s.' % type(record).__name__)
    for field in record:
        if field not in RECORD_FIELDS:
            raise InputError('%s.%s' % (option, field), _NOT_A_FIELD % ', '.join(RECORD_FIELDS))
    key = record.get('key')
    if not isinstance(key, str) or not key.strip():
        raise InputError('%s.key' % option, 'is required: "<destination.project_id>/<destination.cluster_name>".')
    for side in ('source', 'destination'):
        _validate_record_cluster(record.get(side), '%s.%s' % (option, side))
    destination = record.get('destination')
    if destination and destination.get('project_id') and destination.get('cluster_name'):
        expected = '%s/%s' % (destination['project_id'], destination['cluster_name'])
        if key != expected:
            raise InputError('%s.key' % option, '%r must be %r ("<destination.project_id>/<destination.cluster_name>").' % (key, expected))
    for field in ('id', 'org_id'):
        if record.get(field) is not None:
            validate_object_id(record[field], '%s.%s' % (option, field))
    for field in RECORD_STRINGS:
        if record.get(field) is not None and not isinstance(record[field], str):
            raise InputError('%s.%s' % (option, field), 'must be a string, got %r.' % (record[field],))
    for field in RECORD_BOOLS:
        if record.get(field) is not None and not isinstance(record[field], bool):
            raise InputError('%s.%s' % (option, field), 'must be true or false, got %r.' % (record[field],))
    lag = record.get('lag_time_seconds')
    if lag is not None and (isinstance(lag, bool) or not isinstance(lag, int) or lag < 0):
        raise InputError('%s.lag_time_seconds' % option, 'must be a number of seconds (0 or more), got %r.' % (lag,))
    for field in ('started_at', 'updated_at'):
        value = record.get(field)
        if value is not None and (not isinstance(value, str) or not TIMESTAMP_RE.match(value)):
            raise InputError('%s.%s' % (option, field), '%r is not an ISO 8601 UTC time such as 2026-12-01T22:01:21Z.' % (value,))
    return record


def _validate_record_cluster(value, option):
    if value is None:
        return
    if not isinstance(value, dict):
        raise InputError(option, 'must be a dict {project_id, cluster_name}.')
    for field in value:
        if field not in RECORD_CLUSTER_FIELDS:
            raise InputError('%s.%s' % (option, field), _NOT_A_FIELD % ', '.join(RECORD_CLUSTER_FIELDS))
    if value.get('project_id') is not None:
        validate_object_id(value['project_id'], '%s.project_id' % option)
    if value.get('cluster_name') is not None and (not isinstance(value['cluster_name'], str) or not value['cluster_name']):
        raise InputError('%s.cluster_name' % option, 'must be a non-empty string.')
