"""The campaign's records as cacheable host facts: what each organization host keeps, and reading them all back."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter import campaign_facts as c
from tests.support.campaign_inventory import ORG, SRC, DST, plan


def record(org, n, job, updated_at='2026-12-01T22:01:21Z', **fields):
    return dict(dict(key='%s/c%d-%d' % (DST, org, n), id='%024x' % job, org_id=ORG[org], source=dict(project_id=SRC[org], cluster_name='rs%d' % n),
                     destination=dict(project_id=DST, cluster_name='c%d-%d' % (org, n)), status='WORKING', updated_at=updated_at), **fields)


def store(*records):
    return dict((one['key'], one) for one in records)


def test_registered():
    assert set(c.FilterModule().filters()) == {'campaign_org_records', 'campaign_fact_records'}


def test_each_host_keeps_its_organizations_records():
    the_plan = plan()
    migrations = store(record(0, 0, 1), record(0, 1, 2), record(1, 0, 3))
    assert sorted(c.campaign_org_records(migrations, the_plan, 'org0')) == sorted([record(0, 0, 1)['key'], record(0, 1, 2)['key']])
    assert list(c.campaign_org_records(migrations, the_plan, 'org1')) == [record(1, 0, 3)['key']]
    assert c.campaign_org_records(migrations, the_plan, 'org2') == {} and c.campaign_org_records(None, the_plan, 'org2') == {}


def test_a_deployment_left_out_of_the_inventory_keeps_its_record():
    """Put back later, it resumes instead of starting a second migration into its destination cluster."""
    gone = record(0, 7, 9)  # c0-7 is not in the plan, but organization ORG[0]'s
    kept = c.campaign_org_records(store(gone, dict(key='other/x', id='%024x' % 5)), plan(), 'org0')
    assert kept == store(gone)


def hostvars(**facts):
    return dict((host, {'ansible_facts': value, 'campaign_deployments': ['not read']}) for host, value in facts.items())


def test_facts_read_back_and_merged_with_handed_in_records_the_newest_wins():
    old, new = record(0, 0, 1, '2026-12-01T22:01:21Z'), record(0, 0, 1, '2026-12-01T22:01:21.5Z', status='COMPLETE')
    other = record(1, 0, 3)
    variables = hostvars(org0={c.FACT: store(new), 'distribution': 'Debian'}, org1={c.FACT: store(other)}, org2={})
    merged = c.campaign_fact_records(variables, ['org0', 'org1', 'org2'], store(old))
    assert merged == store(new, other)
    variables['org0']['ansible_facts'][c.FACT] = store(old)
    assert c.campaign_fact_records(variables, ['org0'], store(new)) == store(new)  # the handed-in record is newer
    assert c.campaign_fact_records(variables, [], store(old)) == store(old)  # campaign_fact_storage off: no host read
    assert c.campaign_fact_records(hostvars(org0=None), ['org0'], None) == {}


def test_a_bad_fact_fails_naming_host_fact_and_field_never_the_value():
    bad = dict(record(0, 0, 1), password='fact-secret-value')
    with pytest.raises(AnsibleFilterError) as error:
        c.campaign_fact_records(hostvars(org0={c.FACT: store(bad)}), ['org0'])
    message = str(error.value)
    assert 'org0: ansible_facts.campaign_migration_records[%s].password' % bad['key'] in message
    assert 'campaign_fact_storage=false' in message and 'fact-secret-value' not in message
    with pytest.raises(AnsibleFilterError, match='org0: ansible_facts.campaign_migration_records must be a dict'):
        c.campaign_fact_records(hostvars(org0={c.FACT: ['a list']}), ['org0'])
