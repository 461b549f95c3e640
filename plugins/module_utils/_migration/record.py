# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The migration record, defined once: its key, its fields (an allow-list: no secret reaches a
store), the one builder every caller uses (the migrate and campaign filters), and its check.

A record is what Atlas cannot give back: which migration (id) moves which source cluster into which
destination cluster, and what was last seen of it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import is_timestamp
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id


def destination_key(project_id, cluster_name):
    """The key of a record: the destination cluster, ``<project_id>/<cluster_name>`` (one migration into a cluster)."""
    return '%s/%s' % (project_id, cluster_name)


def build_record(key, stamp, migration_id=None, org_id=None, source=None, destination=None, migration_host=None,
                 job=None, cut_over=False, started=False, validation_status=None, status=None, note=None, validation_id=None):
    """One record from what is known of a deployment and the last answer about its migration (``job``:
    a module result with status, ready_for_cutover, lag_time_seconds). Fields without a value are left
    out: a record holds what is known, never a null."""
    job = job or {}
    record = dict(
        key=key, id=migration_id, org_id=str(org_id) if org_id else None,
        source=_cluster(source), destination=_cluster(destination), migration_host=migration_host or None,
        status=status or job.get('status'), ready_for_cutover=None if status else job.get('ready_for_cutover'),
        lag_time_seconds=None if status else job.get('lag_time_seconds'), validation_status=validation_status,
        validation_id=validation_id, note=note, updated_at=stamp)
    if cut_over or record['status'] == COMPLETE:
        record['cut_over'] = True
    if started:
        record['started_at'] = stamp
    return dict((name, value) for name, value in record.items() if value is not None)


def newer(one, other):
    """Whether record ``one`` was updated after record ``other`` (a record without updated_at is the oldest): the
    one rule of "the newest record wins", for the state store and the campaign alike."""
    return _time_key(one) > _time_key(other)


def _time_key(record):
    """updated_at as a sortable key: seconds, then the fraction ('21Z' sorts before '21.5Z')."""
    value = (record or {}).get('updated_at') or ''
    return value[:19], float('0' + value[19:-1]) if len(value) > 20 else 0.0


# What one answer of Atlas about a migration says (build_record's job): a newer answer replaces these together.
OBSERVED_FIELDS = ('status', 'ready_for_cutover', 'lag_time_seconds', 'note')
# The validation of the migration request into the destination cluster (atlas_live_migration_validation).
VALIDATION_FIELDS = ('validation_status', 'validation_id')


def carried(stored, record):
    """``record`` (from build_record) made ready to be merged over ``stored``, the record of the same key, by the state
    store (state_store.merge: field by field for the same migration, whole for another one):

    - a record of another migration (a start after a validation, a restart) takes the validation of the request along;
    - an answer of Atlas (a record with a status) names the fields of an answer it does not carry as null, so that the
      merge drops them instead of keeping an older value (a lag Atlas no longer reports after the cutover).

    Inputs are not modified."""
    result = dict(record)
    if stored and result.get('id') and stored.get('id') != result['id']:
        for name in VALIDATION_FIELDS:
            if stored.get(name) is not None and name not in result:
                result[name] = stored[name]
    if result.get('status') is not None:
        for name in OBSERVED_FIELDS:
            result.setdefault(name, None)
    return result


def _cluster(value):
    if not value:
        return None
    return dict(project_id=str(value.get('project_id')) if value.get('project_id') is not None else None,
                cluster_name=value.get('cluster_name'))


# A migration record of the campaign state store (migration_state). Only these fields are kept:
# an allow-list, so that a secret handed in by mistake (source.password) never reaches the file.
RECORD_FIELDS = ('key', 'id', 'org_id', 'source', 'destination', 'migration_host', 'status', 'ready_for_cutover',
                 'lag_time_seconds', 'validation_status', 'validation_id', 'started_at', 'updated_at', 'cut_over', 'note')
RECORD_CLUSTER_FIELDS = ('project_id', 'cluster_name')
RECORD_STRINGS = ('migration_host', 'status', 'validation_status', 'note')
RECORD_BOOLS = ('ready_for_cutover', 'cut_over')
_NOT_A_FIELD = 'is not a field of a migration record (allowed: %s); the value is not shown and nothing was read or written.'


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
    for field in ('id', 'org_id', 'validation_id'):
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
        if value is not None and not is_timestamp(value):
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
