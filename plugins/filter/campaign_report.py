# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign role's status report, for machines and for people (documented in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE, ENDED
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import utc_now


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


def campaign_report(plan, migrations=None, outcomes=None, window_open=True, now=None):
    """The campaign status report: one row per deployment, with the next action and why.

    ``outcomes``: one campaign_outcome per organization host (its pre-flight problems and validations, and why
    it stopped); a host without one has neither.
    """
    migrations = migrations or {}
    by_host = dict((one['host'], one) for one in outcomes or [] if isinstance(one, dict) and one.get('host'))
    rows = []
    for host, org in plan['orgs'].items():
        outcome = by_host.get(host) or {}
        preflight = outcome.get('preflight') or {}
        problems = list(preflight.get('problems') or [])
        validations = preflight.get('validations') or {}
        error = outcome.get('error') or ''
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
            'campaign_report': campaign_report,
            'campaign_report_markdown': campaign_report_markdown,
        }
