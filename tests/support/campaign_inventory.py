# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A campaign inventory as the campaign filters see it (no simulator): organizations, deployments, their plan,
and the answers of the link-status and available-projects reads. Used by tests/unit/plugins/filter/test_campaign_*.py.
"""

from ansible_collections.livemigrate.mongodb.plugins.filter.campaign_plan import campaign_plan

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
    return campaign_plan(variables, sorted(variables), phases or ['all'], concurrency)


def projects(version='7.0.14', fcv='7.0', per_org=3):
    return {'projects': [dict(project_id=SRC[o], migration_hosts=['mh-%d-%d.example.com' % (o, n) for n in range(per_org)],
                              deployments=[dict(name='rs%d' % n, mongodb_version=version, feature_compatibility_version=fcv)
                                           for n in range(per_org)]) for o in range(3)]}


def links(*unsynced):
    return {'links': [dict(org_id=one, status='NOT_SYNCED' if one in unsynced else 'SYNCED') for one in ORG]}
