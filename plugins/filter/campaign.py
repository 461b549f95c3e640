# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions and messages of the livemigrate.mongodb.campaign role (documented in the adjacent NAME.yml files).

A campaign has one inventory host per source organization. The plan these filters make never holds a
secret: the role's tasks take a deployment's ``source`` (its password) from the host's own
``campaign_deployments[index]`` at the moment they call a module.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import build_record
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.source_versions import source_version_problem
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE, ENDED, NOT_FOUND
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import utc_now
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id

PHASES = ('link', 'provision', 'preflight', 'start', 'status', 'cutover', 'cleanup')
# Keys of a campaign_deployments entry; anything else is a typo the user should hear about.
ENTRY_KEYS = ('name', 'source', 'destination', 'migration_host', 'drop_destination_data', 'sharding')
CLOUD_MANAGER_HOSTS = ('cloud.mongodb.com', 'cloud-qa.mongodb.com')
# What the validation task needs of a deployment (its source comes from the host's own variables).
VALIDATE_KEYS = ('key', 'index', 'name', 'where', 'destination', 'destination_options', 'migration_host',
                 'drop_destination_data', 'sharding')


def _id(value, where, problems):
    try:
        return validate_object_id(value, where, 'an id')
    except InputError as exc:
        problems.append(to_native(exc))
        return None


def _name(value, where, problems):
    if not isinstance(value, str) or not value.strip():
        problems.append('%s: is required (a non-empty string).' % where)
        return None
    return value


def _phases(phases, problems):
    names = [phases] if isinstance(phases, str) else list(phases or [])
    unknown = [one for one in names if one not in PHASES + ('all',)]
    if unknown or not names:
        problems.append('campaign_phases: %s is not a phase (choose from %s, or all).' % (
            ', '.join(repr(one) for one in unknown) or 'an empty list', ', '.join(PHASES)))
    if 'all' in names:
        return list(PHASES)
    return [one for one in PHASES if one in names]  # always in campaign order


def _deployment(host, org_id, index, entry, problems):
    where = '%s: campaign_deployments[%d]' % (host, index)
    if not isinstance(entry, dict):
        problems.append('%s: is not a dict with source, destination and migration_host.' % where)
        return None
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        problems.append('%s: unknown key(s) %s (known: %s).' % (where, ', '.join(unknown), ', '.join(ENTRY_KEYS)))
    source = entry.get('source') if isinstance(entry.get('source'), dict) else {}
    destination = entry.get('destination') if isinstance(entry.get('destination'), dict) else {}
    for name, part in (('source', entry.get('source')), ('destination', entry.get('destination'))):
        if not isinstance(part, dict):
            problems.append('%s.%s: is required (a dict with project_id and cluster_name).' % (where, name))
    source_project = _id(source.get('project_id'), where + '.source.project_id', problems) if source else None
    source_cluster = _name(source.get('cluster_name'), where + '.source.cluster_name', problems) if source else None
    project_id = _id(destination.get('project_id'), where + '.destination.project_id', problems) if destination else None
    cluster = _name(destination.get('cluster_name'), where + '.destination.cluster_name', problems) if destination else None
    host_name = _name(entry.get('migration_host'), where + '.migration_host', problems)
    if None in (source_project, source_cluster, project_id, cluster, host_name):
        return None
    options = dict((key, value) for key, value in destination.items() if key != 'project_id')
    return dict(
        key='%s/%s' % (project_id, cluster), host=host, org_id=org_id, index=index, where=where,
        name=entry.get('name') or source_cluster,
        source=dict(project_id=source_project, cluster_name=source_cluster),
        destination=dict(project_id=project_id, cluster_name=cluster),
        destination_options=options, migration_host=host_name,
        drop_destination_data=bool(entry.get('drop_destination_data', False)), sharding=entry.get('sharding') or None,
    )


def campaign_plan(hostvars, hosts, phases=None, concurrency=1, window=None):
    """Check every organization and deployment of the campaign; the secret-free plan, or every problem at once."""
    problems = []
    phase_list = _phases(phases if phases is not None else ['all'], problems)
    try:
        limit = int(concurrency)
    except (TypeError, ValueError):
        limit = 0
    if limit < 1:
        problems.append('campaign_org_concurrency: %r must be an integer of at least 1.' % (concurrency,))
    try:
        cutover_window_open(window)
    except AnsibleFilterError as exc:
        problems.append(to_native(exc))
    if not hosts:
        problems.append('The campaign has no organization: put one inventory host per source organization in group source_orgs.')
    orgs, deployments, org_hosts, sources = {}, {}, {}, {}
    for host in hosts or []:
        variables = hostvars[host]
        org_id = _id(variables.get('campaign_source_org_id'), '%s: campaign_source_org_id' % host, problems)
        if org_id and org_id in org_hosts:
            problems.append('%s: campaign_source_org_id %s is organization of host %s too; one host per organization.'
                            % (host, org_id, org_hosts[org_id]))
        elif org_id:
            org_hosts[org_id] = host
        entries = variables.get('campaign_deployments')
        if not isinstance(entries, list) or not entries:
            problems.append('%s: campaign_deployments: must list the deployments of organization %s to migrate.' % (host, org_id))
            entries = []
        keys = []
        for index, entry in enumerate(entries):
            one = _deployment(host, org_id, index, entry, problems)
            if one is None:
                continue
            source_key = '%s/%s' % (one['source']['project_id'], one['source']['cluster_name'])
            if source_key in sources:
                problems.append('%s: source cluster %s of project %s is listed twice (also %s).' % (
                    one['where'], one['source']['cluster_name'], one['source']['project_id'], sources[source_key]))
            elif one['key'] in deployments:
                problems.append('%s: destination cluster %s of project %s is the destination of %s too; one migration per '
                                'destination cluster.' % (one['where'], one['destination']['cluster_name'],
                                                          one['destination']['project_id'], deployments[one['key']]['where']))
            else:
                sources[source_key] = one['where']
                deployments[one['key']] = one
                keys.append(one['key'])
        if org_id:
            orgs[host] = dict(org_id=org_id, keys=keys,
                              batches=[keys[start:start + limit] for start in range(0, len(keys), max(limit, 1))])
    if problems:
        raise AnsibleFilterError('The campaign inventory has %d problem(s); nothing was sent:\n- %s' % (
            len(problems), '\n- '.join(problems)))
    org_ids = [orgs[host]['org_id'] for host in hosts]
    return dict(phases=phase_list, concurrency=limit, orgs=orgs, deployments=deployments, org_ids=org_ids,
                link_orgs=[dict(org_id=org_id) for org_id in org_ids],
                migrates=bool(set(phase_list) & set(('start', 'status', 'cutover'))))


def campaign_phase(phases, phase):
    """Whether ``campaign_phases`` selects ``phase`` (for plays on other hosts than the organizations, which have no plan)."""
    problems = []
    selected = _phases(phases, problems)
    if problems:
        raise AnsibleFilterError(problems[0])
    return phase in selected


def campaign_source_kind(om, kind=''):
    """cloud_manager or ops_manager: ``kind`` when given, else from the Cloud/Ops Manager base URL."""
    if kind:
        if kind not in ('cloud_manager', 'ops_manager'):
            raise AnsibleFilterError('campaign_source_kind: %r must be cloud_manager or ops_manager.' % (kind,))
        return kind
    base_url = (om or {}).get('base_url') or ''
    if not base_url:
        return 'cloud_manager'  # the modules' default server
    host = base_url.split('://', 1)[-1].split('/', 1)[0].split(':', 1)[0].lower()
    return 'cloud_manager' if host in CLOUD_MANAGER_HOSTS else 'ops_manager'


def _started(record):
    return bool(record and record.get('id'))


def _needs_start(record, restart):
    return not _started(record) or (restart and record.get('status') in ENDED)


def campaign_preflight(plan, links, projects, migrations=None, source_kind='cloud_manager', restart=False, check_mode=False):
    """Per host: the problems found without asking Atlas to validate, and the deployments to validate.

    In check mode an organization the link phase would link is no problem: Atlas lists its projects only
    once it is linked, so its deployments are checked on the real run.
    """
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
            found = _deployment_problems(one, available.get(one['source']['project_id']), source_kind, unlinked)
            problems.extend(found['problems'])
            warnings.extend(found['warnings'])
            if not found['problems'] and not unlinked:
                validate.append(dict((k, one[k]) for k in VALIDATE_KEYS))
        checks[host] = dict(problems=problems, warnings=warnings, validate=validate)
    return checks


def _deployment_problems(one, project, source_kind, unlinked):
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
        verdict, message = source_version_problem(source_kind, deployment.get('mongodb_version'),
                                                  deployment.get('feature_compatibility_version'), deployment.get('sharded'))
        if verdict == 'unsupported':
            problems.append('%s: %s' % (label, message))
        elif verdict in ('deprecated', 'unknown'):
            warnings.append('%s: %s' % (label, message))
    return dict(problems=problems, warnings=warnings)


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


def _batch_done(plan, migrations, keys):
    return all((migrations.get(key) or {}).get('status') == COMPLETE for key in keys)


def campaign_steps(plan, host, batch, migrations=None, restart=False):
    """What to do now with each deployment of one batch of this host's organization.

    ``action``: start (new migration), resume (read the recorded one), hold (an earlier batch of the
    organization is not COMPLETE yet, or the phase is not selected), stop (recorded migration ended; needs
    campaign_restart) or done (COMPLETE).
    """
    migrations = migrations or {}
    org = plan['orgs'][host]
    index = org['batches'].index(list(batch))
    earlier = [key for keys in org['batches'][:index] for key in keys]
    steps = []
    for key in batch:
        one = plan['deployments'][key]
        record = migrations.get(key) or {}
        step = dict(key=key, index=one['index'], name=one['name'], project_id=one['destination']['project_id'],
                    destination_options=one['destination_options'], migration_host=one['migration_host'],
                    drop_destination_data=one['drop_destination_data'], sharding=one['sharding'], id=record.get('id'))
        if not _batch_done(plan, migrations, earlier):
            step.update(action='hold', why='waiting for the earlier deployments of organization %s to complete (one '
                                           'batch of campaign_org_concurrency at a time)' % org['org_id'])
        elif record.get('status') == COMPLETE:
            step.update(action='done', why='complete')
        elif _started(record) and record.get('status') in ENDED:
            if restart:
                step.update(action='start', id=None, why='restart: migration %s is %s' % (record['id'], record['status']))
            else:
                step.update(action='stop', why='migration %s is %s; set campaign_restart=true to start a new one' % (
                    record['id'], record['status']))
        elif _started(record):
            step.update(action='resume', why='recorded migration %s' % record['id'])
        elif 'start' in plan['phases']:
            step.update(action='start', why='not started yet')
        else:
            step.update(action='hold', why='not started yet; run the start phase')
        steps.append(step)
    return steps


def campaign_records(results, plan, preflight=None, cut_over=False, earlier=None, now=None):
    """Migration records (no secrets) from a registered looped atlas_live_migration result; 404s become NOT_FOUND.

    ``preflight``: this host's pre-flight outcome; a migration started now records its validation status.
    ``cut_over``: the results are of the cutover task. ``earlier``: the results of an earlier task of the
    same batch (the wait until ready); for a deployment in both, the later result wins.
    """
    stamp = utc_now(now)
    validations = (preflight or {}).get('validations') or {}
    records = {}
    for registered, cutover_task in ((earlier, False), (results, cut_over)):
        for result in (registered or {}).get('results') or []:
            record = _record(result, plan, stamp, cutover_task, validations)
            if record is not None:
                records[record['key']] = record
    return [records[key] for key in sorted(records)]


def _gone(result):
    """A recorded migration Atlas answered 404 for (atlas_live_migration's message names the status)."""
    return 'HTTP 404' in (result.get('msg') or '')


def _record(result, plan, stamp, cutover_task, validations):
    item = result.get('item') or {}
    if result.get('skipped') or 'key' not in item:
        return None
    one = plan['deployments'][item['key']]
    known = dict(org_id=one['org_id'], source=one['source'], destination=one['destination'],
                 migration_host=one['migration_host'])
    job_id = result.get('id') or item.get('id')
    if result.get('failed') and job_id and _gone(result):
        return build_record(one['key'], stamp, job_id, status=NOT_FOUND,
                            note='Atlas answered 404 for this migration on %s.' % stamp, **known)
    if not job_id or (result.get('failed') and not result.get('status')):
        return None  # check mode (nothing started), or nothing new is known (a connection error, reported)
    started = bool(result.get('changed') and not cutover_task and item.get('action') == 'start')
    return build_record(one['key'], stamp, job_id, job=result,
                        cut_over=bool(cutover_task and result.get('cut_over', result.get('changed'))),
                        started=started, validation_status=validations.get(one['key']) if started else None, **known)


def campaign_step_problems(results, earlier=None):
    """Why this batch stops: failed module runs (of ``earlier`` too) and recorded migrations that ended; empty when it goes on."""
    problems = []
    for registered in (earlier, results):
        for result in (registered or {}).get('results') or []:
            item = result.get('item') or {}
            if item.get('action') == 'stop':
                problems.append('%s: %s' % (item.get('name') or item.get('key'), item.get('why')))
            elif result.get('failed') and not result.get('skipped') and _gone(result):
                problems.append('%s: Atlas no longer knows migration %s (HTTP 404); set campaign_restart=true to start a '
                                'new one' % (item.get('name') or item.get('key'), item.get('id')))
            elif result.get('failed') and not result.get('skipped'):
                problems.append('%s: %s' % (item.get('name') or item.get('key'), result.get('msg') or 'failed'))
    return list(dict.fromkeys(problems))  # the same stop is listed by both tasks once


def _minutes(text, option):
    try:
        hours, minutes = [int(part) for part in str(text).split(':')]
        if not (0 <= hours < 24 and 0 <= minutes < 60):
            raise ValueError
    except ValueError:
        raise AnsibleFilterError('campaign_cutover_window.%s: %r is not a time HH:MM (UTC).' % (option, text))
    return hours * 60 + minutes


def cutover_window_open(window, now=None):
    """Whether a cutover may start now: no window, or now (UTC) inside [start, end), which may wrap midnight."""
    if not window:
        return True
    if not isinstance(window, dict) or set(window) - {'start', 'end'} or not {'start', 'end'} <= set(window):
        raise AnsibleFilterError('campaign_cutover_window: %r must be {start: "HH:MM", end: "HH:MM"} (UTC).' % (window,))
    start, end = _minutes(window['start'], 'start'), _minutes(window['end'], 'end')
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    if isinstance(moment, str):
        moment = datetime.datetime.strptime(moment[:16], '%Y-%m-%dT%H:%M')
    current = moment.hour * 60 + moment.minute
    if start <= end:
        return start <= current < end
    return current >= start or current < end


def campaign_known(hostvars, hosts, handed_in=None):
    """Every migration record the hosts of the play hold now (each host registered __campaign_state last); newest wins."""
    known = dict(handed_in or {})
    for host in hosts or []:
        variables = hostvars[host]
        state = variables.get('__campaign_state') or {}
        for key, record in (state.get('migrations') or {}).items():
            if key not in known or str(record.get('updated_at') or '') >= str(known[key].get('updated_at') or ''):
                known[key] = record
    return known


def campaign_cleanup(plan, migrations=None, links=None, remove_tokens=True):
    """Which organizations to unlink (every deployment COMPLETE, still linked) and whether the Atlas link-tokens go too.

    ``links``: a registered om_migration_link_info result; an organization it shows without a link is done
    already, so a converged campaign sends no write. The link-tokens go when every organization of the
    campaign is complete and this run unlinks at least one (Atlas removes all tokens of the organization).
    """
    migrations = migrations or {}
    linked = dict((one.get('org_id'), one.get('status')) for one in (links or {}).get('links') or [])
    complete = [org['org_id'] for org in plan['orgs'].values() if _batch_done(plan, migrations, org['keys'])]
    orgs = [org_id for org_id in complete if links is None or linked.get(org_id) is not None]
    return dict(org_ids=orgs, link_orgs=[dict(org_id=org_id) for org_id in orgs],
                remove_tokens=bool(remove_tokens) and len(complete) == len(plan['orgs']) and bool(orgs))


def _next_action(one, record, problems, error, window_open):
    status = record.get('status')
    if problems:
        return 'fix pre-flight problems', '; '.join(problems)
    if status in ENDED:
        return 'restart', 'migration %s is %s: check it in Atlas, then run with campaign_restart=true' % (record['id'], status)
    if error and not record.get('id'):
        return 'blocked', 'the organization stopped: %s' % error
    if error:
        return 'look at the error', error
    if not record.get('id'):
        return 'start', 'not started yet'
    if status == COMPLETE:
        return 'none', 'migrated; the organization is unlinked once all its deployments are complete'
    if record.get('ready_for_cutover'):
        if not window_open:
            return 'cutover', 'ready; waiting for the cutover window'
        return 'cutover', 'ready for cutover (lag %s s): run the cutover phase' % record.get('lag_time_seconds')
    if record.get('cut_over'):
        return 'wait', 'cutover requested; waiting for COMPLETE'
    return 'wait', 'initial sync running (status %s)' % status


def _without_label(text, where):
    """A deployment's problem without the "host: campaign_deployments[i] (cluster of project)" it starts with."""
    if not text.startswith(where):
        return text
    rest = text[len(where):]
    if rest.startswith(' (') and '): ' in rest:
        return rest.split('): ', 1)[1]
    return rest.lstrip(': ')


def campaign_report(plan, migrations=None, hostvars=None, window_open=True, now=None):
    """The campaign status report: one row per deployment, with the next action and why."""
    migrations = migrations or {}
    rows = []
    for host, org in plan['orgs'].items():
        variables = hostvars[host] if hostvars is not None and host in hostvars else {}
        preflight = variables.get('__campaign_preflight') or {}
        problems = list(preflight.get('problems') or [])
        validations = preflight.get('validations') or {}
        error = variables.get('__campaign_error') or ''
        if isinstance(error, (list, tuple)):
            error = '; '.join(to_native(one) for one in error)
        for key in org['keys']:
            one = plan['deployments'][key]
            record = migrations.get(key) or {}
            # A problem names its deployment first ("host: campaign_deployments[i]"); one naming none is the organization's.
            mine = [text for text in problems if text.startswith(one['where'] + ' ') or text.startswith(one['where'] + ':')
                    or not text.startswith(host + ': campaign_deployments[')]
            mine = [_without_label(text, one['where']) for text in mine]
            action, why = _next_action(one, record, mine, error if record.get('status') != COMPLETE else '', window_open)
            rows.append(dict(
                organization=host, org_id=org['org_id'], name=one['name'],
                source='%s/%s' % (one['source']['project_id'], one['source']['cluster_name']),
                destination=key, migration_host=one['migration_host'], id=record.get('id'),
                status=record.get('status') or 'NOT_STARTED', ready_for_cutover=record.get('ready_for_cutover'),
                lag_time_seconds=record.get('lag_time_seconds'),
                validation=validations.get(key) or record.get('validation_status'),
                next_action=action, why=why, updated_at=record.get('updated_at')))
    summary = {}
    for row in rows:
        summary[row['status']] = summary.get(row['status'], 0) + 1
    return dict(generated_at=utc_now(now), phases=plan['phases'], summary=summary, deployments=rows)


def _cell(value):
    text = '' if value is None else to_native(value)
    return text.replace('|', '\\|').replace('\n', ' ')


REPORT_COLUMNS = (('organization', 'Organization'), ('source', 'Source project/cluster'), ('destination', 'Destination'),
                  ('id', 'Migration ID'), ('status', 'Status'), ('ready_for_cutover', 'Ready'),
                  ('lag_time_seconds', 'Lag (s)'), ('validation', 'Validation'), ('next_action', 'Next action'),
                  ('why', 'Why'))


def campaign_report_markdown(report):
    """The report as a Markdown page: a summary line and one table row per deployment."""
    lines = ['# Migration campaign status', '',
             'Generated %s; phases: %s.' % (report.get('generated_at'), ', '.join(report.get('phases') or [])), '',
             'Summary: %s.' % (', '.join('%s %s' % (count, status) for status, count in sorted(report.get('summary', {}).items()))
                               or 'no deployments'), '',
             '| %s |' % ' | '.join(title for dummy, title in REPORT_COLUMNS),
             '|%s|' % '|'.join('---' for dummy in REPORT_COLUMNS)]
    for row in report.get('deployments') or []:
        lines.append('| %s |' % ' | '.join(_cell(row.get(key)) for key, dummy in REPORT_COLUMNS))
    return '\n'.join(lines) + '\n'


class FilterModule(object):
    def filters(self):
        return {
            'campaign_plan': campaign_plan,
            'campaign_phase': campaign_phase,
            'campaign_source_kind': campaign_source_kind,
            'campaign_preflight': campaign_preflight,
            'campaign_problems': campaign_problems,
            'campaign_steps': campaign_steps,
            'campaign_records': campaign_records,
            'campaign_step_problems': campaign_step_problems,
            'cutover_window_open': cutover_window_open,
            'campaign_known': campaign_known,
            'campaign_cleanup': campaign_cleanup,
            'campaign_report': campaign_report,
            'campaign_report_markdown': campaign_report_markdown,
        }
