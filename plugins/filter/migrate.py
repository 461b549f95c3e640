# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions and messages of the livemigrate.mongodb.migrate role (documented in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.link import object_id

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


def migrate_resume(job):
    """How to find this migration again on later runs; empty when no migration was started."""
    job = job or {}
    if not job.get('changed') or not job.get('id'):
        return ''
    return ('Live migration %s is %s%s. Atlas cannot list migrations: pass migrate_live_migration_id=%s on later runs '
            'so that no second migration is started.' % (
                job['id'], job.get('status'), ', ready for cutover' if job.get('ready_for_cutover') else '', job['id']))


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
        }
