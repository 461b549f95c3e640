# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The decisions of the migration flow on a recorded migration, as pure functions: whether to resume it, to start a
new one or to refuse; which migration a cutover is for. atlas_live_migration decides on Atlas's answer, the migrate
role's filter (migrate_recorded_id) on the recorded status; both with ``decide``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import ENDED, NOT_FOUND

RESUME = 'resume'
START = 'start'
REFUSE = 'refuse'


def decide(key, migration_id, status, restart, restart_option='restart'):
    """(action, reason) for the migration ``migration_id`` recorded for the destination cluster ``key`` (None: none)
    whose status is ``status`` (NOT_FOUND: Atlas answered 404). A migration that ended is started again only with
    ``restart``; the reason then names ``restart_option``, the option that says so."""
    if not migration_id:
        return START, 'no migration is recorded for cluster %s' % key
    if status in ENDED:
        if restart:
            return START, 'the migration recorded for cluster %s, %s, is %s and %s=true: starting a new one' % (
                key, migration_id, status, restart_option)
        return REFUSE, ('The migration recorded for cluster %s, %s, is %s: nothing was started. Look at it in Atlas, then '
                        'set %s=true to start a new one.' % (key, migration_id, status, restart_option))
    return RESUME, 'migration %s is recorded for cluster %s (%s)' % (migration_id, key, status or 'status not recorded')


def job_status(job):
    """The status of a job read from Atlas: its own, or NOT_FOUND when Atlas answered 404 (``job`` None)."""
    return NOT_FOUND if job is None else job.get('status')


def decide_start(record, job, restart, restart_option='restart'):
    """(action, reason) of atlas_live_migration with state=present and a state file, from the record of the destination
    cluster (None: none) and Atlas's answer for its migration (a LiveMigrationResponse, None for 404; not read when
    the record names no migration)."""
    record = record or {}
    migration_id = record.get('id')
    return decide(record.get('key'), migration_id, job_status(job) if migration_id else None, restart, restart_option)


def cutover_id(live_migration_id, record):
    """The migration a cutover is for: ``live_migration_id`` when given, else the one recorded (None: none)."""
    return live_migration_id or (record or {}).get('id') or None
