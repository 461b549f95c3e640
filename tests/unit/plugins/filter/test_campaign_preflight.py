"""The campaign pre-flight filters: problems found before anything starts, and Atlas validations."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_preflight as c
from tests.support.campaign_inventory import DST, ORG, links, plan, projects


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_preflight', 'campaign_problems'}


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

