"""The campaign run filters: steps, records, step problems, cutover window, known records and cleanup."""

import datetime
import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_run as c
from tests.support.campaign_inventory import ORG, SRC, DST, plan


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_steps', 'campaign_records', 'campaign_step_problems', 'cutover_window_open',
                                               'campaign_outcome', 'campaign_known', 'campaign_cleanup',
                                               'campaign_link_orgs'}


def test_steps_one_batch_at_a_time():
    the_plan = plan()
    keys = the_plan['orgs']['org0']['batches']
    first = c.campaign_steps(the_plan, 'org0', keys[0], {})
    assert [one['action'] for one in first] == ['start']
    assert 'password' not in json.dumps(first)
    running = {keys[0][0]: dict(id='%024x' % 1, status='WORKING')}
    assert c.campaign_steps(the_plan, 'org0', keys[0], running)[0]['action'] == 'resume'
    assert c.campaign_steps(the_plan, 'org0', keys[1], running)[0]['action'] == 'hold'
    running[keys[0][0]]['status'] = 'COMPLETE'
    assert c.campaign_steps(the_plan, 'org0', keys[0], running)[0]['action'] == 'done'
    assert c.campaign_steps(the_plan, 'org0', keys[1], running)[0]['action'] == 'start'


@pytest.mark.parametrize('status', ['FAILED', 'EXPIRED', 'NOT_FOUND'])
def test_steps_never_restart_silently(status):
    the_plan = plan()
    key = the_plan['orgs']['org0']['batches'][0]
    ended = {key[0]: dict(id='%024x' % 1, status=status)}
    step = c.campaign_steps(the_plan, 'org0', key, ended)[0]
    assert step['action'] == 'stop' and 'campaign_restart=true' in step['why']
    step = c.campaign_steps(the_plan, 'org0', key, ended, restart=True)[0]
    assert step['action'] == 'start' and step['id'] is None


def test_steps_without_start_phase_hold():
    the_plan = plan(phases=['status'])
    key = the_plan['orgs']['org0']['batches'][0]
    assert c.campaign_steps(the_plan, 'org0', key, {})[0]['action'] == 'hold'


def result(item, **fields):
    return dict(dict(item=item, changed=False), **fields)


def test_records_from_results():
    the_plan = plan()
    keys = the_plan['orgs']['org0']['keys']
    steps = c.campaign_steps(the_plan, 'org0', [keys[0]], {})
    job = '%024x' % 7
    registered = {'results': [result(steps[0], changed=True, id=job, status='NEW', ready_for_cutover=False,
                                     lag_time_seconds=None)]}
    records = c.campaign_records(registered, the_plan, {'validations': {keys[0]: 'SUCCESS'}}, now='2026-12-01T00:00:00Z')
    assert records == [dict(key=keys[0], org_id=ORG[0], source=dict(project_id=SRC[0], cluster_name='rs0'),
                            destination=dict(project_id=DST, cluster_name='c0-0'), migration_host='mh-0-0.example.com',
                            updated_at='2026-12-01T00:00:00Z', id=job, status='NEW', ready_for_cutover=False,
                            started_at='2026-12-01T00:00:00Z', validation_status='SUCCESS')]  # no lag known: left out
    gone = dict(steps[0], action='resume', id=job)
    records = c.campaign_records({'results': [result(gone, failed=True, msg='live_migration_id: Atlas knows no live migration '
                                                                            'x (HTTP 404).')]}, the_plan)
    assert records[0]['status'] == 'NOT_FOUND' and records[0]['id'] == job
    assert c.campaign_records({'results': [result(gone, failed=True, msg='HTTP 500 Internal error')]}, the_plan) == []
    assert c.campaign_records({'results': [dict(skipped=True, item=gone)]}, the_plan) == []
    done = c.campaign_records({'results': [result(gone, changed=True, id=job, status='COMPLETE')]}, the_plan, {}, True)
    assert done[0]['cut_over'] is True and 'started_at' not in done[0]
    # The wait until ready failed (the job ended), the cutover was then skipped: the failure is recorded.
    ended = {'results': [result(gone, failed=True, id=job, status='FAILED', msg='Live migration x is FAILED')]}
    skipped = {'results': [dict(skipped=True, item=gone)]}
    records = c.campaign_records(skipped, the_plan, {}, True, ended)
    assert records[0]['status'] == 'FAILED' and 'cut_over' not in records[0]
    gate = {'results': [result(gone, failed=True, id=job, status='WORKING', ready_for_cutover=True, lag_time_seconds=300,
                               cut_over=False, msg='did not meet the cutover gate')]}
    assert 'cut_over' not in c.campaign_records(gate, the_plan, {}, True)[0]


def test_step_problems():
    registered = {'results': [
        dict(item=dict(name='rs0', action='stop', why='migration x is FAILED'), skipped=True),
        dict(item=dict(name='rs1', action='resume'), failed=True, msg='HTTP 500'),
        dict(item=dict(name='rs2', action='resume'), changed=False)]}
    assert c.campaign_step_problems(registered) == ['rs0: migration x is FAILED', 'rs1: HTTP 500']
    assert c.campaign_step_problems({'results': []}, registered) == ['rs0: migration x is FAILED', 'rs1: HTTP 500']
    assert c.campaign_step_problems(registered, registered) == ['rs0: migration x is FAILED', 'rs1: HTTP 500']
    gone = {'results': [dict(item=dict(name='rs3', action='resume', id='abc'), failed=True,
                             msg='live_migration_id: Atlas knows no live migration abc in project p (HTTP 404).')]}
    assert c.campaign_step_problems(gone) == [
        'rs3: Atlas no longer knows migration abc (HTTP 404); set campaign_restart=true to start a new one']


@pytest.mark.parametrize('window, moment, expected', [
    ({}, '2026-12-01T12:00:00Z', True),
    ({'start': '22:00', 'end': '02:00'}, '2026-12-01T23:30:00Z', True),
    ({'start': '22:00', 'end': '02:00'}, '2026-12-01T01:59:00Z', True),
    ({'start': '22:00', 'end': '02:00'}, '2026-12-01T02:00:00Z', False),
    ({'start': '09:00', 'end': '17:00'}, '2026-12-01T12:00:00Z', True),
    ({'start': '09:00', 'end': '17:00'}, '2026-12-01T08:59:00Z', False),
])
def test_cutover_window(window, moment, expected):
    assert c.cutover_window_open(window, moment) is expected


def test_cutover_window_refuses_bad_shapes():
    for bad in ({'start': '22:00'}, {'start': '9', 'end': '10:00'}, ['22:00', '02:00']):
        with pytest.raises(AnsibleFilterError, match='campaign_cutover_window'):
            c.cutover_window_open(bad, datetime.datetime(2026, 12, 1))


def test_known_newest_wins():
    older = dict(id='a', updated_at='2026-12-01T00:00:00Z')
    newer = dict(id='a', updated_at='2026-12-01T01:00:00Z', status='COMPLETE')
    outcomes = [c.campaign_outcome('h1', {'migrations': {'k': older}}), c.campaign_outcome('h2', {'migrations': {'k': newer}}),
                c.campaign_outcome('h3')]
    assert c.campaign_known(outcomes) == {'k': newer}
    assert c.campaign_known(outcomes[:1], {'k': newer}) == {'k': newer}


def test_known_takes_outcomes_only():
    """A host without an outcome (None from the extract, or anything else) adds nothing; hostvars are not read."""
    record = dict(id='a', updated_at='2026-12-01T00:00:00Z')
    outcomes = [None, 'org1', c.campaign_outcome('org0', {'migrations': {'k': record}})]
    assert c.campaign_known(outcomes) == {'k': record}
    assert c.campaign_known([], {'k': record}) == {'k': record} and c.campaign_known(None) == {}


def test_outcome_of_one_host():
    state = {'changed': False, 'migrations': {'k': dict(id='a')}}
    preflight = {'problems': ['p'], 'warnings': ['w'], 'validations': {'k': 'SUCCESS'}}
    outcome = c.campaign_outcome('org0', state, preflight, ['boom', 'bang'])
    assert outcome == dict(host='org0', migrations={'k': dict(id='a')}, error='boom; bang',
                           preflight=dict(problems=['p'], validations={'k': 'SUCCESS'}))
    assert c.campaign_outcome('org1', {'skipped': True}, {}, '') == dict(
        host='org1', migrations={}, error='', preflight=dict(problems=[], validations={}))
    assert c.campaign_outcome('org2', None, None, 'stopped')['error'] == 'stopped'


def test_cleanup_only_complete_organizations():
    the_plan = plan()
    done = dict((key, dict(id='x', status='COMPLETE')) for key in the_plan['orgs']['org1']['keys'])
    assert c.campaign_cleanup(the_plan, done) == dict(org_ids=[ORG[1]], link_orgs=[{'org_id': ORG[1]}], remove_tokens=False)
    done.update((key, dict(id='x', status='COMPLETE')) for key in the_plan['deployments'])
    assert c.campaign_cleanup(the_plan, done)['remove_tokens'] is True
    assert c.campaign_cleanup(the_plan, done, None, False)['remove_tokens'] is False


def test_cleanup_of_a_converged_campaign_sends_nothing():
    the_plan = plan()
    done = dict((key, dict(id='x', status='COMPLETE')) for key in the_plan['deployments'])
    links = {'links': [dict(org_id=ORG[0], status='SYNCED'), dict(org_id=ORG[1], status=None), dict(org_id=ORG[2], status=None)]}
    assert c.campaign_cleanup(the_plan, done, links) == dict(org_ids=[ORG[0]], link_orgs=[{'org_id': ORG[0]}], remove_tokens=True)
    gone = {'links': [dict(org_id=one, status=None) for one in ORG]}
    assert c.campaign_cleanup(the_plan, done, gone) == dict(org_ids=[], link_orgs=[], remove_tokens=False)


def test_link_orgs_leave_out_finished_organizations():
    the_plan = plan()
    assert c.campaign_link_orgs(the_plan, {}) == [{'org_id': org['org_id']} for org in the_plan['orgs'].values()]
    done = dict((key, dict(id='x', status='COMPLETE')) for key in the_plan['orgs']['org1']['keys'])
    assert {'org_id': ORG[1]} not in c.campaign_link_orgs(the_plan, done)
    done.update((key, dict(id='x', status='COMPLETE')) for key in the_plan['deployments'])
    assert c.campaign_link_orgs(the_plan, done) == []
