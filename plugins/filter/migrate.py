# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions and messages of the livemigrate.mongodb.migrate role (documented in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.link import object_id
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.flow import REFUSE, RESUME, decide
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import build_record, destination_key
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import utc_now

# Check mode before the link exists: Atlas lists no project yet, so the prediction goes on with this host.
CHECK_MODE_HOST = 'unknown.check-mode.invalid'


def migrate_host(projects, source, migration_host='', atlas_org_id='', check_mode=False, live_migration_id=''):
    """migration_host, else the first migration host Atlas lists for the source project ('' when resuming)."""
    if migration_host:
        return migration_host
    if live_migration_id:
        # A migration started earlier is resumed by its ID: no host is needed and no projects were read.
        # (ansible-core before 2.19 templates every variable a task's expression names, used or not.)
        return ''
    if not isinstance(source, dict) or source.get('project_id') is None:
        raise AnsibleFilterError('migrate_source.project_id: is required.')
    project_id = object_id(source['project_id'], 'migrate_source.project_id', 'a project id')
    available = (projects or {}).get('projects') or []
    hosts = next((one.get('migration_hosts') or [] for one in available if one.get('project_id') == project_id), [])
    if hosts:
        return hosts[0]
    if check_mode:
        return CHECK_MODE_HOST
    raise AnsibleFilterError(
        'Source project %s is not available for migration to Atlas organization %s, or has no migration host '
        '(available: %s). Link its organization (migrate_link), configure a migration host in Cloud Manager / Ops '
        'Manager, or set migrate_migration_host.' % (
            project_id, atlas_org_id, ', '.join(one.get('project_id') or '?' for one in available) or 'none'))


def _destination_key(project_id, destination):
    return destination_key(project_id, (destination or {}).get('cluster_name'))


def migrate_recorded_id(state, project_id, destination, live_migration_id='', restart=False):
    """The migration to resume: migrate_live_migration_id, else the one recorded for the destination cluster ('' for none).

    A recorded migration that ended (FAILED, EXPIRED, NOT_FOUND) fails the role, naming it, unless ``restart``: then '' starts a new one.
    The decision on the recorded status is flow.decide, the one atlas_live_migration makes on Atlas's answer.
    """
    if live_migration_id:
        return live_migration_id
    key = _destination_key(object_id(project_id, 'migrate_project_id', 'a project id'), destination)
    record = ((state or {}).get('migrations') or {}).get(key) or {}
    action, why = decide(key, record.get('id'), record.get('status'), restart, 'migrate_restart')
    if action == REFUSE:
        raise AnsibleFilterError(why)
    return record['id'] if action == RESUME else ''


def migrate_record(job, project_id, source, destination, source_org_id='', migration_host='', now=None, cutover=None):
    """The migration_state record of this migration (no secret), or none when no migration is known (check mode).

    The record atlas_live_migration returned (of ``cutover``, the registered cutover, when it ran), else one built
    from the result.
    """
    job = job or {}
    last = cutover if cutover and not cutover.get('skipped') and cutover.get('record') else job
    if last.get('record') and not last.get('skipped'):
        return [last['record']]
    if not job.get('id') or job.get('skipped'):
        return []
    source = source or {}
    return [build_record(_destination_key(project_id, destination), utc_now(now), job['id'], org_id=source_org_id,
                         source=dict(project_id=source.get('project_id'), cluster_name=source.get('cluster_name')),
                         destination=dict(project_id=project_id, cluster_name=(destination or {}).get('cluster_name')),
                         migration_host=migration_host, job=job)]


def migrate_resume(job, state_file=''):
    """How to find this migration again on later runs; empty when no migration was started."""
    job = job or {}
    if not job.get('changed') or not job.get('id'):
        return ''
    text = 'Live migration %s is %s%s. ' % (job['id'], job.get('status'), ', ready for cutover' if job.get('ready_for_cutover') else '')
    if state_file:
        return text + ('It is recorded in %s: later runs with the same variables resume it (or pass '
                       'migrate_live_migration_id=%s).' % (state_file, job['id']))
    return text + ('Atlas cannot list migrations: pass migrate_live_migration_id=%s on later runs so that no second '
                   'migration is started.' % job['id'])


def migrate_result(job, cutover=None, validation=None):
    """migrate_result: the migration after the run, from the start (or read) and the cutover results."""
    job = job or {}
    last = cutover if cutover and not cutover.get('skipped') else job
    return dict(
        id=job.get('id'),
        status=last.get('status'),
        ready_for_cutover=last.get('ready_for_cutover'),
        lag_time_seconds=last.get('lag_time_seconds'),
        validation_status=(validation or {}).get('status'),
        started=bool(job.get('changed')),
        cut_over=bool(cutover and cutover.get('changed')),
    )


class FilterModule(object):
    def filters(self):
        return {
            'migrate_host': migrate_host,
            'migrate_resume': migrate_resume,
            'migrate_result': migrate_result,
            'migrate_recorded_id': migrate_recorded_id,
            'migrate_record': migrate_record,
        }
