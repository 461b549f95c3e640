# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Every input check of the collection but the connection settings (connection.py): ids, IP
addresses and CIDR blocks, link-token format, the migration request and the waits.

Checks raise InputError naming the option and the bad value; they never echo a secret (a
private key, a client secret, a link-token). All of them run before any request.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.livemigrate.mongodb.plugins.module_utils._om import link_token_format
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError

# Organization, project and job ids are MongoDB ObjectIds in hex. \Z, not $: '$' also matches
# before a final newline (a YAML folded scalar leaves one).
OBJECT_ID_RE = re.compile(r'^[a-f0-9]{24}\Z')


def validate_object_id(value, option, what='an id'):
    """Project, validation and migration job ids (and, through validate_org_id, organization ids); the id as a string.

    The one id check of the collection, for module options and role variables alike. YAML reads an all-digit
    id written without quotes as an integer: it becomes its digits again. One with leading zeros was read as
    an octal number and cannot be recovered, so it fails, with a hint to quote it.
    """
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not OBJECT_ID_RE.match(text):
        hint = '' if isinstance(value, str) else ' Write the id in quotes: YAML reads some unquoted ids as numbers.'
        raise InputError(option, '%r is not %s: expected 24 lowercase hexadecimal characters.%s' % (text, what, hint))
    return text


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
    if link_token_format.decode(value) is None:
        raise InputError(option, 'is not a link-token (expected base64-encoded JSON from atlas_link_token); '
                                 'the value is not shown because a token is a secret.')
    if not link_token_format.is_complete(value):
        raise InputError(option, 'does not hold the link-token fields %s; the value is not shown because a token '
                                 'is a secret.' % ', '.join(sorted(link_token_format.TOKEN_KEYS)))
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


def validate_recording(params):
    """state_lock_timeout (arguments.recording), and source_org_id where the module has it: the id it records."""
    if params['state_lock_timeout'] < 0:
        raise InputError('state_lock_timeout', 'must be 0 or more seconds, got %r.' % params['state_lock_timeout'])
    if params.get('source_org_id') is not None:
        params['source_org_id'] = validate_org_id(params['source_org_id'], 'source_org_id')
