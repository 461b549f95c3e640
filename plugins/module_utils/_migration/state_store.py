# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The campaign state file of migration_state: its format, the lock, the atomic write and the merge.

File: ``{"format": 1, "collection": "livemigrate.mongodb", "migrations": {key: record}}``, sorted
keys, indent 2, mode 0600. A read-modify-write runs under an exclusive ``flock`` of
``<path>.lock`` (two runs at once lose nothing); the write goes to a temporary file in the same
directory, is fsynced and replaces the file (a crash leaves the old file or the new one, never
half a file). A file that is not this format is refused and never overwritten.

Two writers: migration_state (records handed in, upserted, removed) and the migration modules themselves
(recorder.py: one record, written right after each answer of Atlas, under the same lock).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
import copy
import errno
import fcntl
import json
import os
import tempfile
import time

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import newer
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import utc_now

FORMAT = 1
COLLECTION = 'livemigrate.mongodb'
LOCK_POLL = 0.05


def now():
    """The current time as the records carry it (timestamps.py)."""
    return utc_now()


def make_parent(path, option='path'):
    """Create the directory of ``path`` (mode 0700) if missing; return it. ``option``: the option that names the file."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        try:
            os.makedirs(directory, 0o700)
        except OSError as exc:
            if not os.path.isdir(directory):
                raise InputError(option, 'cannot create the directory %s of the state file: %s.' % (directory, exc.strerror))
    return directory


@contextlib.contextmanager
def locked(path, timeout, sleep=time.sleep, clock=time.monotonic, timeout_option='lock_timeout'):
    """Hold an exclusive flock of ``<path>.lock`` (created if missing), waiting ``timeout`` seconds at most
    (``timeout_option``: the option that sets it, named when the wait gives up)."""
    lock_path = path + '.lock'
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = clock() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except (IOError, OSError) as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if clock() >= deadline:
                    raise LiveMigrateError('Another run holds the lock %s of the state file %s; gave up after %s seconds. '
                                           'Wait for it to finish, or raise %s.' % (lock_path, path, timeout, timeout_option))
                sleep(LOCK_POLL)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def read(path, option='path'):
    """The migrations of the file at ``path`` ({} when it does not exist yet); errors name ``option``."""
    try:
        with open(path, 'r') as handle:
            text = handle.read()
    except (IOError, OSError) as exc:
        if exc.errno == errno.ENOENT:
            return {}
        raise InputError(option, 'cannot read the state file %s: %s.' % (path, exc.strerror))
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InputError(option, '%s is not valid JSON (%s); it was left as it is. Fix or move it.' % (path, exc))
    if (not isinstance(document, dict) or document.get('format') != FORMAT or document.get('collection') != COLLECTION
            or not isinstance(document.get('migrations'), dict)):
        raise InputError(option, '%s is not a state file of %s (expected {"format": %s, "collection": "%s", "migrations": {...}}); '
                                 'it was left as it is.' % (path, COLLECTION, FORMAT, COLLECTION))
    return document['migrations']


def dumps(migrations):
    return json.dumps(dict(format=FORMAT, collection=COLLECTION, migrations=migrations), sort_keys=True, indent=2) + '\n'


def write(path, migrations):
    """Replace the file atomically (parent directory created with mode 0700, file mode 0600)."""
    directory = make_parent(path)
    fd, temp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'w') as handle:
            handle.write(dumps(migrations))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory):
    """Make the rename itself durable (best effort: some file systems refuse to open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def same(one, other):
    """Whether two records hold the same content, updated_at aside."""
    def content(record):
        return dict((name, value) for name, value in (record or {}).items() if name != 'updated_at')
    return one is not None and other is not None and content(one) == content(other)


def merge(stored, handed_in, records, remove, stamp=None):
    """The store after the run: per key the newer (updated_at, content differing) of ``stored`` and ``handed_in``, then
    ``records`` upserted field by field (_update; kept as they are when only updated_at differs; stamped with
    ``stamp`` when they carry no updated_at), then ``remove`` dropped. Inputs are not modified."""
    result = copy.deepcopy(stored)
    for key, record in handed_in.items():
        if key not in result or (newer(record, result[key]) and not same(record, result[key])):
            result[key] = copy.deepcopy(record)
    for record in records:
        key = record['key']
        record = _update(result.get(key), record)
        if same(result.get(key), record):
            continue
        if not record.get('updated_at') and stamp:
            record['updated_at'] = stamp
        result[key] = record
    for key in remove:
        result.pop(key, None)
    return result


def _update(stored, record):
    """``record`` over the stored record of the same migration: the fields it carries win, those it lacks are kept
    (a status read does not forget the validation result or when the migration started), those it carries as null
    are dropped (an answer that no longer reports a lag: record.carried). A record of another migration (both have
    ids and they differ: a restart) replaces the stored one whole."""
    record = copy.deepcopy(record)
    if not stored or (stored.get('id') and record.get('id') and stored['id'] != record['id']):
        merged = record
    else:
        kept = dict((name, value) for name, value in copy.deepcopy(stored).items() if name != 'updated_at')
        merged = dict(kept, **record)
    return dict((name, value) for name, value in merged.items() if value is not None)


def changed_keys(before, after):
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
