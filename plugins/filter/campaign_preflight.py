# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign role's pre-flight: every problem found before anything starts, per organization (documented
in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.campaign_common import (
    CLOUD_MANAGER, OPS_MANAGER, resolve_source_kind, started)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.source_versions import source_version_problem
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import ENDED

# What the validation task needs of a deployment (its source comes from the host's own variables).
VALIDATE_KEYS = ('key', 'index', 'name', 'where', 'destination', 'destination_options', 'migration_host',
                 'drop_destination_data', 'sharding')


def _needs_start(record, restart):
    return not started(record) or (restart and record.get('status') in ENDED)


def campaign_preflight(plan, links, projects, migrations=None, source_kind=CLOUD_MANAGER, restart=False,
                       check_mode=False, om=None):
    """Per host: the problems found without asking Atlas to validate, and the deployments to validate.

    ``source_kind`` (campaign_source_kind): cloud_manager or ops_manager; empty, guessed from the base URL
    of ``om`` (campaign_om), and a source-version message that depends on the kind says it was assumed and why.
    In check mode an organization the link phase would link is no problem: Atlas lists its projects only
    once it is linked, so its deployments are checked on the real run.
    """
    try:
        kind = resolve_source_kind(om, source_kind)  # (kind, why it was assumed)
    except InputError as exc:
        raise AnsibleFilterError(to_native(exc))
    statuses = dict((one.get('org_id'), one.get('status')) for one in (links or {}).get('links') or [])
    available = dict((one.get('project_id'), one) for one in (projects or {}).get('projects') or [])
    migrations = migrations or {}
    checks = {}
    for host, org in plan['orgs'].items():
        problems, warnings, validate = [], [], []
        pending = [key for key in org['keys'] if _needs_start(migrations.get(key), restart)]
        if statuses.get(org['org_id']) != 'SYNCED' and not pending:
            pass  # nothing left to start (a finished organization is unlinked by the cleanup phase)
        elif statuses.get(org['org_id']) != 'SYNCED' and check_mode and 'link' in plan['phases']:
            warnings.append('Organization %s is not linked yet: the link phase would link it; its deployments are checked '
                            'on the real run (check mode).' % org['org_id'])
        elif statuses.get(org['org_id']) != 'SYNCED':
            problems.append('Organization %s is not linked to Atlas (link status %s): run the link phase.' % (
                org['org_id'], statuses.get(org['org_id']) or 'none'))
        for key in pending:  # a migration started earlier needs no check before a start
            one = plan['deployments'][key]
            unlinked = statuses.get(org['org_id']) != 'SYNCED'
            found = _deployment_problems(one, available.get(one['source']['project_id']), kind, unlinked)
            problems.extend(found['problems'])
            warnings.extend(found['warnings'])
            if not found['problems'] and not unlinked:
                validate.append(dict((k, one[k]) for k in VALIDATE_KEYS))
        checks[host] = dict(problems=problems, warnings=warnings, validate=validate)
    return checks


def _deployment_problems(one, project, kind, unlinked):
    label = '%s (%s of project %s)' % (one['where'], one['source']['cluster_name'], one['source']['project_id'])
    problems, warnings = [], []
    if project is None:
        if not unlinked:
            problems.append('%s: Atlas does not list source project %s in availableProjects; check the project ID and '
                            'that it belongs to organization %s.' % (label, one['source']['project_id'], one['org_id']))
        return dict(problems=problems, warnings=warnings)
    deployment = next((d for d in project.get('deployments') or [] if d.get('name') == one['source']['cluster_name']), None)
    if deployment is None:
        problems.append('%s: Atlas lists no deployment %s in source project %s (listed: %s).' % (
            label, one['source']['cluster_name'], one['source']['project_id'],
            ', '.join(d.get('name') or '?' for d in project.get('deployments') or []) or 'none'))
    if one['migration_host'] not in (project.get('migration_hosts') or []):
        problems.append('%s: migration host %s is not a migration host of source project %s (listed: %s). Provision it '
                        '(livemigrate.mongodb.migration_host) or fix migration_host.' % (
                            label, one['migration_host'], one['source']['project_id'],
                            ', '.join(project.get('migration_hosts') or []) or 'none'))
    if deployment is not None:
        verdict, message = _version_problem(kind, deployment)
        if verdict == 'unsupported':
            problems.append('%s: %s' % (label, message))
        elif verdict in ('deprecated', 'unknown'):
            warnings.append('%s: %s' % (label, message))
    return dict(problems=problems, warnings=warnings)


def _version_problem(kind, deployment):
    """source_version_problem for the kind of source; when the kind was guessed and the other kind would get
    another verdict or message, the message says which kind was assumed, why, and how to set it.

    ``kind``: (kind, why it was assumed or None) as resolve_source_kind gives it.
    """
    def verdict_for(name):
        return source_version_problem(name, deployment.get('mongodb_version'),
                                      deployment.get('feature_compatibility_version'), deployment.get('sharded'))
    name, why = kind
    verdict, message = verdict_for(name)
    other = OPS_MANAGER if name == CLOUD_MANAGER else CLOUD_MANAGER
    if why and verdict != 'supported' and verdict_for(other) != (verdict, message):
        message = '%s %s' % (message, why)
    return verdict, message


def campaign_problems(checks, host, validations=None):
    """This host's pre-flight outcome: problems (found before, then every validation Atlas FAILED or could not run),
    warnings, and the validation status of each deployment validated."""
    mine = (checks or {}).get(host, {})
    problems = list(mine.get('problems') or [])
    statuses = {}
    for result in (validations or {}).get('results') or []:
        if result.get('skipped'):
            continue
        item = result.get('item') or {}
        statuses[item.get('key')] = result.get('status') or ('FAILED' if result.get('failed') else None)
        if result.get('failed') or result.get('status') == 'FAILED':
            problems.append('%s (%s): Atlas validation failed: %s' % (
                item.get('where'), item.get('name'), result.get('error_message') or result.get('msg') or 'no reason given'))
    return dict(problems=problems, warnings=list(mine.get('warnings') or []), validations=statuses)


class FilterModule(object):
    def filters(self):
        return {
            'campaign_preflight': campaign_preflight,
            'campaign_problems': campaign_problems,
        }
