"""The campaign report filters: the rows, next actions and the Markdown page."""

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_report as c
from tests.support.campaign_inventory import ORG, plan


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_report', 'campaign_report_markdown'}


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
