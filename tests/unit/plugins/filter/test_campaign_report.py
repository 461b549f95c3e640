"""The campaign report filters: the rows, next actions and the Markdown page."""

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_report as c
from ansible_collections.livemigrate.mongodb.plugins.filter.campaign_run import campaign_outcome
from tests.support.campaign_inventory import ORG, plan


def outcome(host, preflight=None, error=''):
    return campaign_outcome(host, {'migrations': {}}, preflight, error)


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_report', 'campaign_report_markdown'}


def test_report_rows_and_markdown():
    the_plan = plan(orgs=2, per_org=2)
    keys = the_plan['orgs']['org0']['keys']
    migrations = {keys[0]: dict(id='%024x' % 1, status='COMPLETE', cut_over=True),
                  keys[1]: dict(id='%024x' % 2, status='WORKING', ready_for_cutover=True, lag_time_seconds=4)}
    outcomes = [outcome('org0', {'problems': [], 'validations': {keys[1]: 'SUCCESS'}}),
                outcome('org1', {'problems': [
                    'Organization %s is not linked to Atlas (link status none): run the link phase.' % ORG[1],
                    'org1: campaign_deployments[1] (rs1 of project x): no deployment|pipe']})]
    report = c.campaign_report(the_plan, migrations, outcomes, now='2026-12-01T00:00:00Z')
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
    report = c.campaign_report(the_plan, ready, [outcome('org0')], window_open=False)
    assert report['deployments'][0]['why'] == 'ready; waiting for the cutover window'
    report = c.campaign_report(the_plan, ready, [outcome('org0', error=['boom', 'bang'])])
    assert report['deployments'][0]['next_action'] == 'look at the error' and report['deployments'][0]['why'] == 'boom; bang'
    report = c.campaign_report(the_plan, {}, [outcome('org0', error='boom')])
    assert report['deployments'][0]['next_action'] == 'blocked'
    ended = {key: dict(id='%024x' % 1, status='EXPIRED')}
    report = c.campaign_report(the_plan, ended, [outcome('org0', error='boom')])
    assert report['deployments'][0]['next_action'] == 'restart'


def test_report_without_outcomes():
    """A host without an outcome (its run stopped before the end) shows no pre-flight problem and no error."""
    the_plan = plan(orgs=2, per_org=1)
    failing = outcome('org1', {'problems': ['Organization %s is not linked to Atlas' % ORG[1]]}, 'boom')
    for outcomes in (None, [], [None, failing]):
        rows = dict((row['organization'], row) for row in c.campaign_report(the_plan, {}, outcomes)['deployments'])
        assert rows['org0']['next_action'] == 'start' and rows['org0']['why'] == 'not started yet'
    assert rows['org1']['next_action'] == 'fix pre-flight problems'


def test_report_file_contents_unchanged():
    """The report has the fields, and the Markdown the columns, it had when the filter read hostvars."""
    the_plan = plan(orgs=1, per_org=1)
    report = c.campaign_report(the_plan, {}, [outcome('org0')], now='2026-12-01T00:00:00Z')
    assert sorted(report) == ['deployments', 'generated_at', 'phases', 'summary']
    assert sorted(report['deployments'][0]) == sorted([
        'organization', 'org_id', 'name', 'source', 'destination', 'migration_host', 'id', 'status', 'ready_for_cutover',
        'lag_time_seconds', 'validation', 'next_action', 'why', 'updated_at'])
    assert c.campaign_report_markdown(report).splitlines()[6] == (
        '| Organization | Source project/cluster | Destination | Migration ID | Status | Ready | Lag (s) | Validation '
        '| Next action | Why |')
