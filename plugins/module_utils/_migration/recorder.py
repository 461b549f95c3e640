# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The record of one migration, kept by the module that acts on it (atlas_live_migration,
atlas_live_migration_validation) in the state file of migration_state (state_store.py): read before a
decision, written right after each answer of Atlas that changes it.

Every write takes the file's lock, reads the file, merges the new record over the stored one by the
store's rule (state_store.merge, record.carried) and replaces the file atomically, only when more than
updated_at changed.
``claim()`` holds the lock across a read, a decision, a start and the first write, so that two runs at
once into the same destination cluster cannot both start a migration.

Without a state file the record is only built (the modules return it); in check mode the file is read
(without the lock, like migration_state) and never written.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import state_store
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import (
    build_record, carried, destination_key, validate_migration_record)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import NOT_FOUND


def stored_records(path, option='path', keys=None):
    """The records of the state file ``path`` ({} when it does not exist yet); each record of ``keys`` (default:
    every record) is checked (check_records)."""
    stored = state_store.read(path, option)
    return check_records(path, stored, stored if keys is None else keys, option)


def check_records(path, stored, keys, option='path'):
    """``stored`` (the records of ``path``) when each of its records of ``keys`` is valid; else fails, naming
    ``option``, the file left as it is."""
    for key in keys:
        if key not in stored:
            continue
        try:
            validate_migration_record(stored[key], 'migrations[%s]' % key)
        except InputError as exc:
            raise InputError(option, '%s holds a record that is not valid (%s); it was left as it is.' % (path, exc))
    return stored


class Recorder:
    """The record of the destination cluster ``key`` (None: not known yet) in the state file ``path`` (None: no file).

    ``known``: the build_record fields the module's options give (org_id, source, destination, migration_host).
    ``record`` is the record after the last read or write (as it would be, in check mode); ``written`` whether
    this run wrote the file.
    """

    def __init__(self, path, lock_timeout, check_mode, key, known=None, warn=None, option='state_file',
                 timeout_option='state_lock_timeout', now=state_store.now):
        self.path = path or None
        self.lock_timeout = lock_timeout
        self.check_mode = check_mode
        self.key = key
        self.known = dict(known or {})
        self.warn = warn or (lambda msg: None)
        self.option = option
        self.timeout_option = timeout_option
        self.now = now
        self.record = None
        self.written = False
        self._held = False

    @contextlib.contextmanager
    def claim(self):
        """Hold the lock of the state file for the block (nothing without a file, in check mode, or held already)."""
        if not self.path or self.check_mode or self._held:
            yield
            return
        state_store.make_parent(self.path, self.option)
        with state_store.locked(self.path, self.lock_timeout, timeout_option=self.timeout_option):
            self._held = True
            try:
                yield
            finally:
                self._held = False

    def _stored(self):
        return stored_records(self.path, self.option, [self.key] if self.key else []) if self.path else {}

    def read(self, migration_id=None, project_id=None):
        """The stored record of the key (None: none, or no file). Without a key, the key is that of the record of
        migration ``migration_id`` in project ``project_id`` (when the file holds one)."""
        if not self.path:
            return None
        stored = state_store.read(self.path, self.option)
        if self.key is None and migration_id:
            prefix = '%s/' % project_id
            self.key = next((key for key, one in sorted(stored.items())
                             if key.startswith(prefix) and isinstance(one, dict) and one.get('id') == migration_id), None)
        self.record = check_records(self.path, stored, [self.key], self.option).get(self.key) if self.key else None
        return self.record

    def put(self, record, failed=None):
        """Keep ``record`` (a build_record record of this key, completed with the stored one); return the record as
        the file holds it now. A write that fails calls ``failed(reason)`` (which raises, for a record that must not
        be lost), or else is a warning."""
        if not self.key:
            return None
        if not self.path or self.check_mode:
            previous = self.record if self.record is not None else self._stored().get(self.key)
            self.record = merged({self.key: previous} if previous else {}, self.key, record)[self.key]
            return self.record
        try:
            with self.claim():
                stored = self._stored()
                after = merged(stored, self.key, record)
                if state_store.changed_keys(stored, after):
                    state_store.write(self.path, after)
                    self.written = True
                self.record = after[self.key]
        except (LiveMigrateError, EnvironmentError) as exc:
            reason = exc.strerror if isinstance(exc, EnvironmentError) and exc.strerror else str(exc)
            if failed:
                failed(reason)
            self.warn('Could not update the record of cluster %s in the state file %s (%s); it keeps its earlier record.' % (
                self.key, self.path, reason))
        return self.record

    def _build(self, **fields):
        return build_record(self.key, self.now(), **dict(self.known, **fields))

    def observe(self, result, started=False, cut_over=False, failed=None):
        """Keep what a module result of a migration (results.job_result: id, status, ready_for_cutover,
        lag_time_seconds) says; nothing for a result without id (check mode: nothing started)."""
        if not (result or {}).get('id'):
            return self.record
        fields = dict(migration_id=result['id'], job=result, started=started, cut_over=cut_over)
        if not self.known.get('migration_host') and result.get('migration_hosts'):
            fields['migration_host'] = result['migration_hosts'][0]  # the options did not say (a resume): Atlas does
        return self.put(self._build(**fields), failed)

    def gone(self, migration_id):
        """Atlas answered 404 for the migration: NOT_FOUND, with a note saying when."""
        stamp = self.now()
        return self.put(build_record(self.key, stamp, migration_id, status=NOT_FOUND,
                                     note='Atlas answered 404 for this migration on %s.' % stamp, **self.known))

    def validation(self, validation_id, status):
        """Keep the validation of the migration request (the migration's own fields stay as they are)."""
        return self.put(self._build(validation_id=validation_id, validation_status=status))


def merged(stored, key, record):
    """The records ``stored`` after ``record`` (of ``key``) is kept, by the store's one rule."""
    return state_store.merge(stored, {}, [carried(stored.get(key), record)], [])


def request_recorder(params, check_mode, warn):
    """The Recorder of a module with the migration request options (arguments.migration_request) and state_file,
    state_lock_timeout (and source_org_id): the key is the destination cluster when O(destination) is given."""
    destination = params.get('destination')
    source = params.get('source')
    project_id = params['project_id']
    key = destination_key(project_id, destination['cluster_name']) if destination else None
    known = dict(org_id=params.get('source_org_id'), source=source, migration_host=params.get('migration_host'),
                 destination=dict(project_id=project_id, cluster_name=destination['cluster_name']) if destination else None)
    return Recorder(params.get('state_file'), params.get('state_lock_timeout', 60), check_mode, key, known, warn)
