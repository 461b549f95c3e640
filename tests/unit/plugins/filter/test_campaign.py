"""The campaign role's filters: plan, pre-flight, steps, records, cleanup and report (no simulator)."""

import datetime
import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign as c

ORG = ['%024x' % (0xa0 + n) for n in range(3)]
SRC = ['%024x' % (0xb0 + n) for n in range(3)]
DST = '%024x' % 0xc0


def deployment(org, n, password='s3cret-pw'):
    return dict(source=dict(project_id=SRC[org], cluster_name='rs%d' % n, username='u', password=password),
                destination=dict(project_id=DST, cluster_name='c%d-%d' % (org, n)),
                migration_host='mh-%d-%d.example.com' % (org, n))


def hostvars(orgs=3, per_org=3):
    return dict(('org%d' % o, dict(campaign_source_org_id=ORG[o], campaign_deployments=[deployment(o, n) for n in range(per_org)]))
                for o in range(orgs))


def plan(concurrency=1, phases=None, **kwargs):
    variables = hostvars(**kwargs)
    return c.campaign_plan(variables, sorted(variables), phases or ['all'], concurrency)


def problems_of(variables, hosts=None, **kwargs):
    with pytest.raises(AnsibleFilterError) as error:
        c.campaign_plan(variables, hosts or sorted(variables), **kwargs)
    return str(error.value)


def test_registered():
    assert set(c.FilterModule().filters()) == {
        'campaign_plan', 'campaign_phase', 'campaign_source_kind', 'campaign_preflight', 'campaign_problems', 'campaign_steps',
        'campaign_records', 'campaign_step_problems', 'cutover_window_open', 'campaign_known', 'campaign_cleanup',
        'campaign_report', 'campaign_report_markdown'}


def test_plan_is_secret_free_and_batched():
    result = plan(concurrency=2)
    assert result['phases'] == list(c.PHASES)
    assert result['org_ids'] == ORG and result['link_orgs'] == [{'org_id': one} for one in ORG]
    assert result['orgs']['org0']['batches'] == [['%s/c0-0' % DST, '%s/c0-1' % DST], ['%s/c0-2' % DST]]
    assert 's3cret-pw' not in json.dumps(result)
    one = result['deployments']['%s/c1-2' % DST]
    assert one['index'] == 2 and one['org_id'] == ORG[1] and one['destination_options'] == {'cluster_name': 'c1-2'}
    assert result['migrates']


def test_phase_selected_for_other_plays():
    assert c.campaign_phase(['all'], 'provision') is True
    assert c.campaign_phase(['link', 'provision'], 'provision') is True
    assert c.campaign_phase(['start'], 'provision') is False
    with pytest.raises(AnsibleFilterError, match="'launch' is not a phase"):
        c.campaign_phase(['launch'], 'provision')


def test_phases_keep_campaign_order():
    result = plan(phases=['cutover', 'preflight'])
    assert result['phases'] == ['preflight', 'cutover']
    assert not plan(phases=['preflight'])['migrates']


def test_every_problem_at_once_naming_the_entry():
    variables = hostvars()
    variables['org0']['campaign_deployments'].append(deployment(0, 1))          # same source twice
    twin = deployment(1, 7)
    twin['destination']['cluster_name'] = 'c2-0'                                # into the destination of org2's rs0
    variables['org1']['campaign_deployments'].append(twin)
    variables['org2']['campaign_deployments'][1]['source']['project_id'] = 'not-an-id'
    variables['org2']['campaign_deployments'][2]['colour'] = 'blue'
    text = problems_of(variables, phases=['start', 'launch'])
    assert 'nothing was sent' in text
    assert 'org0: campaign_deployments[3]: source cluster rs1' in text and 'listed twice' in text
    assert 'org2: campaign_deployments[0]' in text and 'destination of org1: campaign_deployments[3]' in text
    assert 'org2: campaign_deployments[1].source.project_id' in text
    assert 'unknown key(s) colour' in text
    assert "campaign_phases: 'launch' is not a phase" in text
    assert 's3cret-pw' not in text


def test_ids_and_limits():
    variables = hostvars(orgs=2, per_org=1)
    variables['org1']['campaign_source_org_id'] = ORG[0]
    text = problems_of(variables, concurrency=0, window={'start': '25:00', 'end': '01:00'})
    assert 'one host per organization' in text
    assert 'campaign_org_concurrency' in text
    assert 'campaign_cutover_window.start' in text


def test_unquoted_digits_id_is_kept_and_lost_digits_refused():
    variables = hostvars(orgs=1, per_org=1)
    variables['org0']['campaign_source_org_id'] = 123456789012345678901234
    assert c.campaign_plan(variables, ['org0'])['org_ids'] == ['123456789012345678901234']
    variables['org0']['campaign_source_org_id'] = 0o17
    assert 'Write the id in quotes' in problems_of(variables)


def test_source_kind():
    assert c.campaign_source_kind({}) == 'cloud_manager'
    assert c.campaign_source_kind({'base_url': 'https://cloud.mongodb.com'}) == 'cloud_manager'
    assert c.campaign_source_kind({'base_url': 'https://opsmanager.example.com:8443/'}) == 'ops_manager'
    assert c.campaign_source_kind({}, 'ops_manager') == 'ops_manager'
    with pytest.raises(AnsibleFilterError):
        c.campaign_source_kind({}, 'atlas')


def projects(version='7.0.14', fcv='7.0', per_org=3):
    return {'projects': [dict(project_id=SRC[o], migration_hosts=['mh-%d-%d.example.com' % (o, n) for n in range(per_org)],
                              deployments=[dict(name='rs%d' % n, mongodb_version=version, feature_compatibility_version=fcv)
                                           for n in range(per_org)]) for o in range(3)]}


def links(*unsynced):
    return {'links': [dict(org_id=one, status='NOT_SYNCED' if one in unsynced else 'SYNCED') for one in ORG]}


def test_preflight_clean_validates_every_deployment_not_started():
    the_plan = plan()
    started = {'%s/c0-0' % DST: dict(id='%024x' % 1, status='WORKING')}
    checks = c.campaign_preflight(the_plan, links(), projects(), started)
    assert all(not one['problems'] for one in checks.values())
    assert [one['name'] for one in checks['org0']['validate']] == ['rs1', 'rs2']
    assert len(checks['org1']['validate']) == 3


def test_preflight_lists_all_problems():
    the_plan = plan()
    listed = projects()
    listed['projects'][1]['deployments'][2]['name'] = 'other'
    listed['projects'][1]['migration_hosts'].remove('mh-1-0.example.com')
    checks = c.campaign_preflight(the_plan, links(ORG[0]), listed)
    assert checks['org0']['problems'] == ['Organization %s is not linked to Atlas (link status NOT_SYNCED): run the link phase.' % ORG[0]]
    assert len(checks['org1']['problems']) == 2
    assert 'org1: campaign_deployments[0]' in checks['org1']['problems'][0] and 'migration host' in checks['org1']['problems'][0]
    assert 'no deployment rs2' in checks['org1']['problems'][1]
    assert not checks['org0']['validate'] and len(checks['org1']['validate']) == 1


@pytest.mark.parametrize('kind, version, fcv, sharded, verdict', [
    ('cloud_manager', '7.0.12', '7.0', False, 'unsupported'),
    ('cloud_manager', '7.0.13', '7.0', True, None),
    ('cloud_manager', '6.0.16', '6.0', True, 'unsupported'),
    ('cloud_manager', '6.0.16', '6.0', False, 'warning'),
    ('cloud_manager', '6.0.17', '6.0', True, None),
    ('cloud_manager', '8.0.3', '8.0', False, 'warning'),
    ('cloud_manager', '7.1.0', '7.1', False, 'unsupported'),
    ('cloud_manager', '7.0.14', '6.0', False, 'warning'),
    ('cloud_manager', '7.0.14', '5.0', False, 'unsupported'),
    ('cloud_manager', '5.0.20', '5.0', False, 'warning'),
    ('cloud_manager', '4.2.24', '4.2', False, 'unsupported'),
    ('ops_manager', '6.0.20', '6.0', False, 'unsupported'),
    ('ops_manager', '5.0.20', '5.0', False, 'warning'),
    ('ops_manager', '5.0.20', '5.0', True, 'unsupported'),
    ('ops_manager', '4.4.29', '4.4', False, 'warning'),
    ('cloud_manager', None, None, False, 'warning'),
])
def test_preflight_source_versions(kind, version, fcv, sharded, verdict):
    listed = projects(version, fcv)
    for project in listed['projects']:
        for one in project['deployments']:
            one['sharded'] = sharded
    checks = c.campaign_preflight(plan(), links(), listed, source_kind=kind)
    problems, warnings = checks['org0']['problems'], checks['org0']['warnings']
    if verdict == 'unsupported':
        assert len(problems) == 3 and not checks['org0']['validate']
    elif verdict == 'warning':
        assert len(warnings) == 3 and not problems and len(checks['org0']['validate']) == 3
    else:
        assert not problems and not warnings


def test_preflight_finished_organization_needs_no_link():
    the_plan = plan()
    done = dict((key, dict(id='%024x' % 1, status='COMPLETE')) for key in the_plan['orgs']['org0']['keys'])
    checks = c.campaign_preflight(the_plan, {'links': []}, projects(), done)
    assert checks['org0'] == dict(problems=[], warnings=[], validate=[])
    assert 'not linked' in checks['org1']['problems'][0]


def test_preflight_check_mode_trusts_the_link_phase():
    checks = c.campaign_preflight(plan(), {'links': []}, {'projects': []}, check_mode=True)
    assert all(not one['problems'] and 'would link it' in one['warnings'][0] for one in checks.values())
    checks = c.campaign_preflight(plan(phases=['preflight']), {'links': []}, {'projects': []}, check_mode=True)
    assert all('not linked' in one['problems'][0] for one in checks.values())


def test_problems_add_failed_validations():
    checks = {'org0': {'problems': [], 'warnings': ['w'], 'validate': []}}
    validations = {'results': [
        {'item': {'key': 'k1', 'name': 'rs0', 'where': 'org0: campaign_deployments[0]'}, 'status': 'SUCCESS'},
        {'item': {'key': 'k2', 'name': 'rs1', 'where': 'org0: campaign_deployments[1]'}, 'status': 'FAILED', 'failed': True,
         'error_message': 'no disk'},
        {'skipped': True, 'item': {'key': 'k3'}}]}
    outcome = c.campaign_problems(checks, 'org0', validations)
    assert outcome['problems'] == ['org0: campaign_deployments[1] (rs1): Atlas validation failed: no disk']
    assert outcome['validations'] == {'k1': 'SUCCESS', 'k2': 'FAILED'} and outcome['warnings'] == ['w']


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
    variables = {'h1': {'__campaign_state': {'migrations': {'k': older}}}, 'h2': {'__campaign_state': {'migrations': {'k': newer}}},
                 'h3': {}}
    assert c.campaign_known(variables, ['h1', 'h2', 'h3']) == {'k': newer}
    assert c.campaign_known(variables, ['h1'], {'k': newer}) == {'k': newer}


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


def test_report_rows_and_markdown():
    the_plan = plan(orgs=2, per_org=2)
    keys = the_plan['orgs']['org0']['keys']
    migrations = {keys[0]: dict(id='%024x' % 1, status='COMPLETE', cut_over=True),
                  keys[1]: dict(id='%024x' % 2, status='WORKING', ready_for_cutover=True, lag_time_seconds=4)}
    variables = {'org0': {'__campaign_preflight': {'problems': [], 'validations': {keys[1]: 'SUCCESS'}}},
                 'org1': {'__campaign_preflight': {'problems': [
                     'Organization %s is not linked to Atlas (link status none): run the link phase.' % ORG[1],
                     'org1: campaign_deployments[1] (rs1 of project x): no deployment|pipe']}}}
    report = c.campaign_report(the_plan, migrations, variables, now='2026-12-01T00:00:00Z')
    rows = dict((row['destination'], row) for row in report['deployments'])
    assert report['summary'] == {'COMPLETE': 1, 'WORKING': 1, 'NOT_STARTED': 2}
    assert rows[keys[0]]['next_action'] == 'none'
    assert rows[keys[1]]['next_action'] == 'cutover' and rows[keys[1]]['validation'] == 'SUCCESS'
    org1 = the_plan['orgs']['org1']['keys']
    assert rows[org1[0]]['next_action'] == 'fix pre-flight problems' and 'not linked' in rows[org1[0]]['why']
    assert 'no deployment' not in rows[org1[0]]['why'] and 'no deployment' in rows[org1[1]]['why']
    markdown = c.campaign_report_markdown(report)
    assert markdown.count('\n| ') == 5 and 'no deployment\\|pipe' in markdown
    assert 'Summary: 1 COMPLETE, 2 NOT_STARTED, 1 WORKING.' in markdown


def test_report_error_and_window():
    the_plan = plan(orgs=1, per_org=1)
    key = the_plan['orgs']['org0']['keys'][0]
    ready = {key: dict(id='%024x' % 1, status='WORKING', ready_for_cutover=True, lag_time_seconds=1)}
    report = c.campaign_report(the_plan, ready, {'org0': {}}, window_open=False)
    assert report['deployments'][0]['why'] == 'ready; waiting for the cutover window'
    report = c.campaign_report(the_plan, ready, {'org0': {'__campaign_error': ['boom', 'bang']}})
    assert report['deployments'][0]['next_action'] == 'look at the error' and report['deployments'][0]['why'] == 'boom; bang'
    report = c.campaign_report(the_plan, {}, {'org0': {'__campaign_error': 'boom'}})
    assert report['deployments'][0]['next_action'] == 'blocked'
    ended = {key: dict(id='%024x' % 1, status='EXPIRED')}
    report = c.campaign_report(the_plan, ended, {'org0': {'__campaign_error': 'boom'}})
    assert report['deployments'][0]['next_action'] == 'restart'
