"""The campaign pre-flight filters: problems found before anything starts, and Atlas validations."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_preflight as c
from tests.support.campaign_inventory import DST, ORG, SRC, links, plan, projects


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


def version_messages(checks):
    return checks['org0']['problems'] + checks['org0']['warnings']


@pytest.mark.parametrize('om, verdict, assumed', [
    ({'base_url': 'https://opsmanager.example.com:8443'}, 'problems',
     'Assumed Ops Manager because base_url https://opsmanager.example.com:8443 is not cloud.mongodb.com; '
     'set campaign_source_kind (cloud_manager or ops_manager) to say which.'),
    ({'base_url': 'https://cloud.mongodb.com/'}, 'warnings',
     "Assumed Cloud Manager because base_url https://cloud.mongodb.com is Cloud Manager's; "
     'set campaign_source_kind (cloud_manager or ops_manager) to say which.'),
    ({}, 'warnings',
     'Assumed Cloud Manager because campaign_om sets no base_url (one from the environment, MONGODB_OM_BASE_URL, is '
     'not looked at); set campaign_source_kind (cloud_manager or ops_manager) to say which.'),
])
def test_preflight_says_which_source_kind_it_assumed_and_why(om, verdict, assumed):
    # 6.0.16: refused from Ops Manager, only deprecated (legacy push) from Cloud Manager.
    checks = c.campaign_preflight(plan(), links(), projects('6.0.16', '6.0'), {}, '', om=om)
    found = checks['org0'][verdict]
    assert len(found) == 3 and all(text.endswith(' ' + assumed) for text in found), found
    assert 'org0: campaign_deployments[0] (rs0 of project %s): runs MongoDB 6.0.16' % SRC[0] in found[0]


def test_preflight_names_no_assumption_when_set_or_when_the_kind_does_not_matter():
    ops = {'base_url': 'https://opsmanager.example.com'}
    explicit = c.campaign_preflight(plan(), links(), projects('6.0.20', '6.0'), {}, 'ops_manager', om=ops)
    assert len(explicit['org0']['problems']) == 3 and not any('Assumed' in text for text in version_messages(explicit))
    # The default stays Cloud Manager, set (no om needed).
    assert not c.campaign_preflight(plan(), links(), projects('6.0.20', '6.0'))['org0']['problems']
    # A rapid release is refused whatever the kind: nothing to say about it.
    rapid = c.campaign_preflight(plan(), links(), projects('7.1.0', '7.1'), {}, '', om=ops)
    assert len(rapid['org0']['problems']) == 3 and not any('Assumed' in text for text in version_messages(rapid))
    # Supported: no message at all.
    assert not version_messages(c.campaign_preflight(plan(), links(), projects(), {}, '', om={}))


def test_preflight_source_kind_guess_never_shows_credentials():
    checks = c.campaign_preflight(plan(), links(), projects('6.0.20', '6.0'), {}, '',
                                  om={'base_url': 'https://user:k3y-s3cret@opsmanager.example.com/x', 'private_key': 'pk'})
    text = ' '.join(version_messages(checks))
    assert 'base_url https://opsmanager.example.com is not cloud.mongodb.com' in text
    assert 'k3y-s3cret' not in text and 'user' not in text


def test_preflight_refuses_an_unknown_source_kind():
    with pytest.raises(AnsibleFilterError, match="campaign_source_kind: 'atlas' must be cloud_manager or ops_manager"):
        c.campaign_preflight(plan(), links(), projects(), {}, 'atlas')
