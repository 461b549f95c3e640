# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign playbook end to end against the simulator: 3 organizations x 3 deployments, phases,
resume after a kill, ended migrations, gated cutover, the AWX hand-over, bad input, secrets."""

import json
import os
import re
import stat

import pytest

from tests.campaign.campaign_env import (
    DESTINATION_PROJECT, SOURCE_PASSWORD, destination_cluster, org_id, source_project_id)
from tests.support import request_log
from tests.support.secret_scan import scan, scan_files


def ok(run):
    assert run.rc == 0, run.tail(80)
    return run


def failed(run):
    assert run.rc != 0, run.tail(80)
    return run


def statuses(campaign):
    return sorted(job['status'] for job in campaign.jobs())


def test_three_by_three_all_phases_then_converged(campaign, harvest):
    # Check mode first: reads only, no state file, no migration.
    ok(campaign.run('check', check=True))
    assert campaign.writes(campaign.log_since()) == []
    assert not os.path.exists(campaign.state_file)

    run = ok(campaign.run('all', verbosity=4))
    assert statuses(campaign) == ['COMPLETE'] * 9
    state = campaign.state()
    assert len(state) == 9 and all(record['status'] == 'COMPLETE' and record['cut_over'] for record in state.values())
    assert stat.S_IMODE(os.stat(campaign.state_file).st_mode) == 0o600
    sim_state = campaign.sim.state()
    assert sim_state['om'] == {} and sim_state['atlas'] == {}  # every organization unlinked, the link-tokens removed
    report = campaign.report()
    assert report['summary'] == {'COMPLETE': 9}
    assert {row['next_action'] for row in report['deployments']} == {'none'}
    assert all(row['validation'] == 'SUCCESS' for row in report['deployments'])
    markdown = campaign.markdown()
    assert markdown.count('| COMPLETE |') == 9
    # One migration at a time per organization: the jobs of one organization never overlap.
    for org in range(3):
        jobs = sorted((job for job in campaign.jobs() if job['sourceGroupId'] == source_project_id(org)),
                      key=lambda job: job['created'])
        assert all(later['created'] >= earlier['completedAt'] for earlier, later in zip(jobs, jobs[1:]))

    # Secrets: not in the -vvvv output, the state file or the report.
    harvest.collect(campaign.sim)
    harvest.add(SOURCE_PASSWORD, 'source password')
    assert scan(run.output, harvest.secrets) == []
    assert scan_files([campaign.state_file, campaign.report_file + '.json', campaign.report_file + '.md'],
                      harvest.secrets) == []

    # Converged: the command the README tells users to re-run (every phase) reports no change and sends no write:
    # the finished organizations are not linked again (no new link-token), nothing starts or is cut over.
    campaign.log_since()
    again = ok(campaign.run('again'))
    assert again.recap_changed() == 0
    assert campaign.writes(campaign.log_since()) == []
    assert all(row['validation'] == 'SUCCESS' for row in campaign.report()['deployments'])
    assert len(campaign.jobs()) == 9


def test_killed_between_start_and_cutover_resumes(campaign):
    campaign.configure_simulator(step=1.5)
    process = campaign.start('killed')
    assert campaign.kill_when(process, lambda: len([r for r in campaign.state().values() if r.get('id')]) >= 3)
    started = campaign.jobs()
    assert len(started) == 3 and not any(job['cutoverRequested'] for job in started)

    campaign.configure_simulator(step=0.3)  # only jobs created from now on are faster
    ok(campaign.run('resumed'))
    jobs = campaign.jobs()
    assert len(jobs) == 9, 'a second migration was started: %r' % [job['_id'] for job in jobs]
    assert statuses(campaign) == ['COMPLETE'] * 9
    assert {job['_id'] for job in started} <= {job['_id'] for job in jobs} and len(campaign.state()) == 9


def test_phases_one_by_one(make_campaign):
    campaign = make_campaign(2, 2)
    ok(campaign.run('link-preflight', {'campaign_phases': ['link', 'preflight']}))
    assert campaign.creates(campaign.log_since()) == []  # linked and validated, nothing started
    assert campaign.report()['summary'] == {'NOT_STARTED': 4}
    assert {row['next_action'] for row in campaign.report()['deployments']} == {'start'}

    ok(campaign.run('start', {'campaign_phases': ['start', 'status']}))
    assert len(campaign.jobs()) == 2  # the first deployment of each organization only
    held = [row for row in campaign.report()['deployments'] if row['status'] == 'NOT_STARTED']
    assert len(held) == 2 and {row['next_action'] for row in held} == {'start'}

    ok(campaign.run('cutover', {'campaign_phases': ['cutover']}))
    assert statuses(campaign) == ['COMPLETE'] * 2
    ok(campaign.run('rest', {'campaign_phases': ['start', 'cutover', 'cleanup']}))
    assert statuses(campaign) == ['COMPLETE'] * 4
    assert campaign.sim.state()['om'] == {}


def test_ended_migrations_are_reported_and_restarted_only_when_asked(make_campaign):
    campaign = make_campaign(3, 1)
    ok(campaign.run('start', {'campaign_phases': ['link', 'preflight', 'start']}))
    jobs = dict((job['sourceOrgId'], job) for job in campaign.jobs())
    campaign.sim.job_update(jobs[org_id(0)]['_id'], status='FAILED')
    campaign.sim.job_update(jobs[org_id(1)]['_id'], status='EXPIRED')
    campaign.sim.forget_job(jobs[org_id(2)]['_id'])
    campaign.log_since()

    run = failed(campaign.run('ended'))
    assert run.output.count('campaign_restart=true') >= 3
    assert campaign.creates(campaign.log_since()) == []
    rows = dict((row['org_id'], row) for row in campaign.report()['deployments'])
    assert [rows[org_id(n)]['status'] for n in range(3)] == ['FAILED', 'EXPIRED', 'NOT_FOUND']
    assert {row['next_action'] for row in rows.values()} == {'restart'}

    ok(campaign.run('restarted', {'campaign_restart': True}))
    assert len(campaign.creates(campaign.log_since())) == 3
    assert sorted(job['status'] for job in campaign.jobs()) == ['COMPLETE'] * 3 + ['EXPIRED', 'FAILED']


def test_gated_cutover_waits_for_low_lag_and_the_window(make_campaign):
    campaign = make_campaign(2, 1)
    ok(campaign.run('start', {'campaign_phases': ['link', 'preflight', 'start']}))
    first = campaign.jobs()
    for job in first:
        campaign.sim.job_update(job['_id'], lag_time_seconds=300)

    run = failed(campaign.run('lagging', {'campaign_phases': ['cutover'], 'campaign_cutover_timeout': 1}))
    assert 'did not meet the cutover gate: lag 300 s' in run.output
    assert not any(job['cutoverRequested'] for job in campaign.jobs())

    for job in first:
        campaign.sim.job_update(job['_id'], lag_time_seconds=3)
    closed = {'start': '00:00', 'end': '00:00'}  # an empty window: never open
    ok(campaign.run('closed', {'campaign_phases': ['cutover'], 'campaign_cutover_window': closed}))
    assert not any(job['cutoverRequested'] for job in campaign.jobs())
    assert {row['why'] for row in campaign.report()['deployments']} == {'ready; waiting for the cutover window'}

    ok(campaign.run('open', {'campaign_phases': ['cutover']}))
    assert statuses(campaign) == ['COMPLETE'] * 2


def custom_stats(output):
    """The set_stats data the default callback prints with ANSIBLE_SHOW_CUSTOM_STATS."""
    text = output.split('CUSTOM STATS:', 1)[1]
    start = text.index('{')
    return json.JSONDecoder().raw_decode(text[start:])[0]


def fact_files(directory):
    """The texts of a jsonfile fact cache's files."""
    texts = []
    for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        with open(os.path.join(directory, name), encoding='utf-8') as handle:
            texts.append(handle.read())
    return texts


def test_awx_hand_over_through_set_stats(make_campaign):
    """set_stats alone, with the host facts turned off: a jsonfile fact cache is there, but no record goes in."""
    campaign = make_campaign(2, 2)
    facts = os.path.join(campaign.directory, 'facts')
    env = dict(ANSIBLE_SHOW_CUSTOM_STATS='1', ANSIBLE_CACHE_PLUGIN='jsonfile', ANSIBLE_CACHE_PLUGIN_CONNECTION=facts)
    alone = {'campaign_state_file': '', 'campaign_fact_storage': False}
    node1 = ok(campaign.run('node1', dict(alone, campaign_phases=['link', 'preflight', 'start']), env=env))
    handed = custom_stats(node1.output)['livemigrate_migrations']
    assert len(handed) == 2 and not os.path.exists(campaign.state_file)
    assert SOURCE_PASSWORD not in json.dumps(handed)
    assert not any('campaign_migration_records' in text for text in fact_files(facts))
    campaign.log_since()
    # The next workflow node gets the stats as extra variables, in a fresh container: no state file.
    node2 = ok(campaign.run('node2', dict(alone, livemigrate_migrations=handed), env=env))
    assert len(campaign.jobs()) == 4
    assert statuses(campaign) == ['COMPLETE'] * 4
    assert len(custom_stats(node2.output)['livemigrate_migrations']) == 4


def bad_twice(org):
    return [dict(source=dict(project_id=source_project_id(org), cluster_name='rs0', username='u', password=SOURCE_PASSWORD),
                 destination=dict(project_id=DESTINATION_PROJECT, cluster_name=destination_cluster(org, n)),
                 migration_host='mh') for n in range(2)]


def bad_same_destination(org):
    return [dict(source=dict(project_id=source_project_id(org), cluster_name='rs%d' % n, managed_authentication=True),
                 destination=dict(project_id=DESTINATION_PROJECT, cluster_name='shared'), migration_host='mh')
            for n in range(1 if org else 2)]


def bad_id(org):
    return [dict(source=dict(project_id='6c0b-not-an-id', cluster_name='rs0'),
                 destination=dict(project_id=DESTINATION_PROJECT, cluster_name=destination_cluster(org, 0)), migration_host='mh')]


@pytest.mark.parametrize('case, deployments, extra, expected', [
    ('listed twice', bad_twice, None, r'org-0: campaign_deployments\[1\]: source cluster rs0 of project \w+ is listed twice'),
    ('one destination', bad_same_destination, None, r'org-0: campaign_deployments\[1\]: destination cluster shared'),
    ('malformed id', bad_id, None, r'org-0: campaign_deployments\[0\]\.source\.project_id'),
    ('unknown phase', None, {'campaign_phases': ['start', 'finish']}, r"campaign_phases: 'finish' is not a phase"),
])
def test_bad_input_fails_before_any_request(campaign, case, deployments, extra, expected):
    campaign.write_inventory(deployments=deployments)
    run = failed(campaign.run(case.replace(' ', '-'), extra))
    assert re.search(expected, run.output), run.tail(40)
    assert 'nothing was sent' in run.output and SOURCE_PASSWORD not in run.output
    assert request_log.api_calls(campaign.sim.log()) == []


def test_preflight_reports_every_problem(campaign):
    campaign.configure_simulator(version='7.0.12')  # below 7.0.13: not supported for Cloud Manager sources
    campaign.sim.set_source_projects(org_id(2), [dict(projectId=source_project_id(2), name='Source 2',
                                                      deployments=[], migrationHosts=[])])
    run = failed(campaign.run('preflight', {'campaign_phases': ['link', 'preflight']}))
    assert run.output.count('needs 7.0.13 or later') >= 6
    assert 'Atlas lists no deployment rs0' in run.output and 'is not a migration host' in run.output
    assert campaign.jobs() == [] and len(campaign.report()['deployments']) == 9
    assert {row['next_action'] for row in campaign.report()['deployments']} == {'fix pre-flight problems'}


def test_two_slices_at_once_share_the_state_file(make_campaign):
    """AWX job slicing: each slice runs the playbook on a part of the organizations; here both write one state file."""
    campaign = make_campaign(3, 1)
    keep_tokens = {'campaign_remove_atlas_tokens': False}  # a slice must not remove the tokens the other still uses
    slices = [campaign.start('slice-a', keep_tokens, limit='org-0'), campaign.start('slice-b', keep_tokens, limit='org-1,org-2')]
    runs = [one.wait(600) for one in slices]
    for run in runs:
        ok(run)
    assert statuses(campaign) == ['COMPLETE'] * 3
    state = campaign.state()
    assert len(state) == 3 and all(record['status'] == 'COMPLETE' for record in state.values())
    assert campaign.sim.state()['om'] == {}
