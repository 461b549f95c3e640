"""The source projects each simulated Cloud/Ops Manager organization holds (what ``availableProjects`` lists).

By default an organization holds one deterministic project (``source_project``); a test replaces that
with its own list (``PUT /_sim/om/orgs/{orgId}/projects``), which ``SourceProjects.configure`` checks
against Atlas's ``LiveImportAvailableProject`` / ``AvailableClustersDeployment`` schemas and completes
with the same defaults.
"""

import hashlib
import re

from .constants import ORG_ID_PATTERN

MIGRATION_HOST_SUFFIX = '.migration.example.com'

PROJECT_KEYS = ('projectId', 'name', 'deployments', 'migrationHosts')
# Deployment fields (AvailableClustersDeployment) with their type and the default of a replica set.
DEPLOYMENT_FIELDS = {
    'name': (str, None), 'clusterId': (str, None), 'mongoDBVersion': (str, '7.0.12'),
    'featureCompatibilityVersion': (str, None), 'sharded': (bool, False), 'shardsSize': (int, 0),
    'managed': (bool, True), 'tlsEnabled': (bool, False), 'agentVersion': (str, '107.0.12.8669-1'),
    'dbSizeBytes': (int, 73400320), 'oplogSizeMB': (int, 990),
}


def hex24(*parts):
    return hashlib.sha256('/'.join(parts).encode('utf-8')).hexdigest()[:24]


def source_project(om_org_id):
    """The one source project the simulated Cloud/Ops Manager organization ``om_org_id`` holds (deterministic)."""
    project_id = hex24('project', om_org_id)
    return {
        'projectId': project_id,
        'name': 'Project %s' % om_org_id[:6],
        'deployments': [
            {'name': 'rs0', 'clusterId': hex24('cluster', project_id, 'rs0'), 'mongoDBVersion': '7.0.12',
             'featureCompatibilityVersion': '7.0', 'sharded': False, 'shardsSize': 0, 'managed': True,
             'tlsEnabled': False, 'agentVersion': '107.0.12.8669-1', 'dbSizeBytes': 73400320, 'oplogSizeMB': 990},
            {'name': 'shard-cluster', 'clusterId': hex24('cluster', project_id, 'shard-cluster'),
             'mongoDBVersion': '6.0.16', 'featureCompatibilityVersion': '6.0', 'sharded': True, 'shardsSize': 2,
             'managed': True, 'tlsEnabled': True, 'agentVersion': '107.0.12.8669-1', 'dbSizeBytes': 524288000,
             'oplogSizeMB': 2048},
        ],
        'migrationHosts': ['mh-%s%s' % (om_org_id[:6], MIGRATION_HOST_SUFFIX)],
    }


def _is(value, kind):
    return isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def _deployment(where, project_id, spec):
    if not isinstance(spec, dict) or not _is(spec.get('name'), str) or not spec['name']:
        raise ValueError('%s: a deployment is an object with a non-empty "name"' % where)
    where = '%s deployment %s' % (where, spec['name'])
    unknown = sorted(set(spec) - set(DEPLOYMENT_FIELDS))
    if unknown:
        raise ValueError('%s: unknown field %r (known: %s)' % (where, unknown[0], ', '.join(sorted(DEPLOYMENT_FIELDS))))
    deployment = {}
    for key, (kind, default) in DEPLOYMENT_FIELDS.items():
        value = spec.get(key, default)
        if key == 'clusterId' and value is None:
            value = hex24('cluster', project_id, spec['name'])
        if key == 'featureCompatibilityVersion' and value is None:
            value = '.'.join(deployment['mongoDBVersion'].split('.')[:2])
        if key == 'shardsSize' and 'shardsSize' not in spec and deployment['sharded']:
            value = 2
        if not _is(value, kind) or (kind is int and value < 0):
            raise ValueError('%s: %s must be %s' % (where, key, {str: 'a string', bool: 'a boolean', int: 'an integer >= 0'}[kind]))
        deployment[key] = value
    if not re.fullmatch(ORG_ID_PATTERN, deployment['clusterId']):
        raise ValueError('%s: clusterId must be 24 lowercase hexadecimal characters' % where)
    return deployment


def _project(om_org_id, index, spec):
    if not isinstance(spec, dict):
        raise ValueError('project %d: send an object' % index)
    unknown = sorted(set(spec) - set(PROJECT_KEYS))
    if unknown:
        raise ValueError('project %d: unknown field %r (known: %s)' % (index, unknown[0], ', '.join(PROJECT_KEYS)))
    suffix = () if index == 0 else (str(index),)  # the first project keeps source_project()'s id
    project_id = spec.get('projectId', hex24('project', om_org_id, *suffix))
    if not _is(project_id, str) or not re.fullmatch(ORG_ID_PATTERN, project_id):
        raise ValueError('project %d: projectId must be 24 lowercase hexadecimal characters' % index)
    where = 'project %s' % project_id
    name = spec.get('name', 'Project %s%s' % (om_org_id[:6], ''.join('-' + part for part in suffix)))
    if not _is(name, str) or not 1 <= len(name) <= 64:
        raise ValueError('%s: name must be a string of 1 to 64 characters' % where)
    deployments = spec.get('deployments', [])
    if not isinstance(deployments, list):
        raise ValueError('%s: deployments must be a list' % where)
    deployments = [_deployment(where, project_id, item) for item in deployments]
    names = [item['name'] for item in deployments]
    if len(set(names)) != len(names):
        raise ValueError('%s: a deployment name occurs twice' % where)
    hosts = spec.get('migrationHosts', ['mh-%s%s%s' % (om_org_id[:6], ''.join('-' + part for part in suffix), MIGRATION_HOST_SUFFIX)])
    if not isinstance(hosts, list) or not all(_is(host, str) and host for host in hosts):
        raise ValueError('%s: migrationHosts must be a list of host names' % where)
    return {'projectId': project_id, 'name': name, 'deployments': deployments, 'migrationHosts': list(hosts)}


class SourceProjects:
    """Configured projects per Cloud/Ops Manager organization; callers hold the server's lock."""

    def __init__(self, agent_hosts=None):
        self.configured = {}  # Cloud/Ops Manager org id -> list of projects
        # project id -> host names of the stand-in agents registered there (agent_state.py)
        self.agent_hosts = agent_hosts or (lambda project_id: [])

    def of(self, om_org_id):
        """The projects ``om_org_id`` holds now (copies), with the migration hosts registered by agents."""
        if om_org_id in self.configured:
            projects = [dict(project, deployments=[dict(item) for item in project['deployments']],
                             migrationHosts=list(project['migrationHosts'])) for project in self.configured[om_org_id]]
        else:
            projects = [source_project(om_org_id)]
        for project in projects:
            project['migrationHosts'] += [host for host in self.agent_hosts(project['projectId'])
                                          if host not in project['migrationHosts']]
        return projects

    def configure(self, om_org_id, specs):
        """Replace the projects of ``om_org_id`` with ``specs`` (checked first: a bad list changes nothing)."""
        if not _is(om_org_id, str) or not re.fullmatch(ORG_ID_PATTERN, om_org_id):
            raise ValueError('the organization id %r is not 24 lowercase hexadecimal characters' % (om_org_id,))
        if not isinstance(specs, list):
            raise ValueError('send a JSON list of projects')
        projects = [_project(om_org_id, index, spec) for index, spec in enumerate(specs)]
        ids = [project['projectId'] for project in projects]
        taken = {project['projectId']: org for org, items in self.configured.items() if org != om_org_id for project in items}
        for index, project_id in enumerate(ids):
            if project_id in ids[:index]:
                raise ValueError('project %s occurs twice' % project_id)
            if project_id in taken:
                raise ValueError('project %s already belongs to organization %s' % (project_id, taken[project_id]))
        self.configured[om_org_id] = projects
        return self.of(om_org_id)
