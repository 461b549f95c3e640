"""The campaign plan filters: the inventory checked and planned, the phases, the kind of source."""

import json

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_plan as c
from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_facts, campaign_preflight, campaign_report, campaign_run
from tests.support.campaign_inventory import DST, ORG, deployment, hostvars, plan


def problems_of(variables, hosts=None, **kwargs):
    result = c.campaign_plan(variables, hosts or sorted(variables), **kwargs)
    assert result['problems'] and set(result) == {'problems', 'message'}  # no plan to act on
    assert result['message'].startswith('The campaign inventory has %d problem(s); nothing was sent' % len(result['problems']))
    return result['message']


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_plan', 'campaign_phase', 'campaign_source_kind'}


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
    assert c.campaign_source_kind({'base_url': 'https://opsmanager.example.com'}, 'cloud_manager') == 'cloud_manager'
    assert c.campaign_source_kind({'base_url': 'CLOUD.mongodb.com'}) == 'cloud_manager'
    assert c.campaign_source_kind({'base_url': 'https://u:p@cloud.mongodb.com'}) == 'cloud_manager'
    with pytest.raises(AnsibleFilterError):
        c.campaign_source_kind({}, 'atlas')


def test_every_campaign_filter_is_registered_once():
    names = [name for module in (c, campaign_preflight, campaign_run, campaign_report, campaign_facts) for name in module.FilterModule().filters()]
    assert sorted(names) == sorted([
        'campaign_plan', 'campaign_phase', 'campaign_source_kind', 'campaign_preflight', 'campaign_problems', 'campaign_steps',
        'campaign_records', 'campaign_step_problems', 'cutover_window_open', 'campaign_known', 'campaign_cleanup',
        'campaign_link_orgs',
        'campaign_report', 'campaign_report_markdown', 'campaign_outcome', 'campaign_org_records', 'campaign_fact_records'])
