# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign role's run: what to do with each deployment of a batch, the records and problems of what was
done, the cutover window, what every organization recorded, and the cleanup (documented in the adjacent
NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.campaign_common import started, window_open
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import build_record, newer
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE, ENDED, NOT_FOUND
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import utc_now


def _batch_done(migrations, keys):
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
        if not _batch_done(migrations, earlier):
            step.update(action='hold', why='waiting for the earlier deployments of organization %s to complete (one '
                                           'batch of campaign_org_concurrency at a time)' % org['org_id'])
        elif record.get('status') == COMPLETE:
            step.update(action='done', why='complete')
        elif started(record) and record.get('status') in ENDED:
            if restart:
                step.update(action='start', id=None, why='restart: migration %s is %s' % (record['id'], record['status']))
            else:
                step.update(action='stop', why='migration %s is %s; set campaign_restart=true to start a new one' % (
                    record['id'], record['status']))
        elif started(record):
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
    new = bool(result.get('changed') and not cutover_task and item.get('action') == 'start')
    return build_record(one['key'], stamp, job_id, job=result,
                        cut_over=bool(cutover_task and result.get('cut_over', result.get('changed'))),
                        started=new, validation_status=validations.get(one['key']) if new else None, **known)


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


def cutover_window_open(window, now=None):
    """Whether a cutover may start now: no window, or now (UTC) inside [start, end), which may wrap midnight."""
    try:
        return window_open(window, now)
    except InputError as exc:
        raise AnsibleFilterError(to_native(exc))


def campaign_outcome(host, state=None, preflight=None, error=None):
    """What this host's run found, for campaign_known and campaign_report: the migrations it recorded last (``state``:
    its registered migration_state result), its pre-flight problems and validation statuses, and why its
    organization stopped ('' when it did not)."""
    if isinstance(error, (list, tuple)):
        error = '; '.join(to_native(one) for one in error)
    preflight = preflight or {}
    return dict(host=host, migrations=dict((state or {}).get('migrations') or {}), error=to_native(error) if error else '',
                preflight=dict(problems=list(preflight.get('problems') or []),
                               validations=dict(preflight.get('validations') or {})))


def campaign_known(outcomes, handed_in=None):
    """Every migration record the organizations hold now (``outcomes``: one campaign_outcome a host), merged with
    those handed in; the newest wins."""
    known = dict(handed_in or {})
    for outcome in outcomes or []:
        if not isinstance(outcome, dict):
            continue
        for key, record in (outcome.get('migrations') or {}).items():
            if key not in known or not newer(known[key], record):
                known[key] = record
    return known


def campaign_link_orgs(plan, migrations=None):
    """The organizations the link phase links: those with a deployment not COMPLETE yet. A finished organization
    (unlinked by the cleanup) is not linked again, so a re-run of a finished campaign creates no link-token."""
    migrations = migrations or {}
    return [dict(org_id=org['org_id']) for org in plan['orgs'].values() if not _batch_done(migrations, org['keys'])]


def campaign_cleanup(plan, migrations=None, links=None, remove_tokens=True):
    """Which organizations to unlink (every deployment COMPLETE, still linked) and whether the Atlas link-tokens go too.

    ``links``: a registered om_migration_link_info result; an organization it shows without a link is done
    already, so a converged campaign sends no write. The link-tokens go when every organization of the
    campaign is complete and this run unlinks at least one (Atlas removes all tokens of the organization).
    """
    migrations = migrations or {}
    linked = dict((one.get('org_id'), one.get('status')) for one in (links or {}).get('links') or [])
    complete = [org['org_id'] for org in plan['orgs'].values() if _batch_done(migrations, org['keys'])]
    orgs = [org_id for org_id in complete if links is None or linked.get(org_id) is not None]
    return dict(org_ids=orgs, link_orgs=[dict(org_id=org_id) for org_id in orgs],
                remove_tokens=bool(remove_tokens) and len(complete) == len(plan['orgs']) and bool(orgs))


class FilterModule(object):
    def filters(self):
        return {
            'campaign_steps': campaign_steps,
            'campaign_records': campaign_records,
            'campaign_step_problems': campaign_step_problems,
            'cutover_window_open': cutover_window_open,
            'campaign_outcome': campaign_outcome,
            'campaign_known': campaign_known,
            'campaign_cleanup': campaign_cleanup,
            'campaign_link_orgs': campaign_link_orgs,
        }
