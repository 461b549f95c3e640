# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Atlas Administration API v2 calls of the push live migration itself (after the link):
available source projects, validation, migration jobs and cutover.

Each call states its path, the exact resource version the OpenAPI spec lists for it
(``x-xgen-version``) and the statuses it accepts. Also here: the shared option specs of the
migration request, the request body built from them, and the polling loop of the waits.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.livemigrate.mongodb.plugins.module_utils.atlas import API_PREFIX, media_type
from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import ApiError, InputError, LiveMigrateError
# Re-exported: the migration modules check project, validation and job ids with it.
from ansible_collections.livemigrate.mongodb.plugins.module_utils.options import validate_object_id as validate_id

# Versions per operation, as the spec lists them. Create and validate have two versions; the
# request body of 2024-05-30 (LiveMigrationRequest20240530, dropDestinationData) is the one sent.
CREATE_VERSION = '2024-05-30'
VALIDATE_VERSION = '2024-05-30'
GET_VALIDATION_VERSION = '2023-01-01'
GET_VERSION = '2023-01-01'
CUTOVER_VERSION = '2023-01-01'
AVAILABLE_PROJECTS_VERSION = '2023-01-01'

# Job statuses after which nothing changes any more.
TERMINAL = ('COMPLETE', 'FAILED', 'EXPIRED')


class WaitError(LiveMigrateError):
    """A wait ended without reaching its goal (timeout, or a status that can never reach it)."""

    def __init__(self, message, last=None):
        self.last = last or {}
        super(WaitError, self).__init__(message)

    def to_result(self):
        return dict((key, value) for key, value in self.last.items() if key not in ('msg', 'changed', 'failed'))


def groups_path(group_id, *rest):
    return '/'.join(('%s/groups/%s/liveMigrations' % (API_PREFIX, group_id),) + rest)


def available_projects_path(org_id):
    return '%s/orgs/%s/liveMigrations/availableProjects' % (API_PREFIX, org_id)


class LiveMigrationApi:
    def __init__(self, client):
        self.client = client

    def available_projects(self, org_id):
        response = self.client.request('GET', available_projects_path(org_id), media_type=media_type(AVAILABLE_PROJECTS_VERSION))
        return response.json if isinstance(response.json, list) else []

    def validate(self, group_id, body):
        path = groups_path(group_id, 'validate')
        response = self.client.request('POST', path, body=body, media_type=media_type(VALIDATE_VERSION), ok=(200, 201))
        document = _object(response, 'POST', path)
        if not document.get('_id'):
            raise ApiError(response.status, 'POST', path, reason=response.reason, detail='the answer carried no validation _id')
        return document

    def get_validation(self, group_id, validation_id):
        path = groups_path(group_id, 'validate', validation_id)
        response = self.client.request('GET', path, media_type=media_type(GET_VALIDATION_VERSION))
        return _object(response, 'GET', path)

    def create(self, group_id, body):
        path = groups_path(group_id)
        response = self.client.request('POST', path, body=body, media_type=media_type(CREATE_VERSION), ok=(200, 201))
        document = _object(response, 'POST', path)
        if not document.get('_id'):
            raise ApiError(response.status, 'POST', path, reason=response.reason, detail='the answer carried no migration _id',
                           hint='A migration may have started anyway: check the project in the Atlas UI before running again.')
        return document

    def get(self, group_id, live_migration_id):
        """The job, or None when Atlas answers 404."""
        path = groups_path(group_id, live_migration_id)
        response = self.client.request('GET', path, media_type=media_type(GET_VERSION), ok=(200, 404))
        if response.status == 404:
            return None
        return _object(response, 'GET', path)

    def cutover(self, group_id, live_migration_id):
        path = groups_path(group_id, live_migration_id, 'cutover')
        self.client.request('PUT', path, media_type=media_type(CUTOVER_VERSION), ok=(200, 202, 204))


def _object(response, method, path):
    if not isinstance(response.json, dict):
        raise ApiError(response.status, method, path, reason=response.reason, detail='the answer was not a JSON object')
    return response.json


# -- options shared by the validation and migration modules -----------------------------------------

def request_argument_spec():
    return dict(
        project_id=dict(type='str', required=True),
        source=dict(type='dict', required=True, options=dict(
            project_id=dict(type='str', required=True),
            cluster_name=dict(type='str', required=True),
            managed_authentication=dict(type='bool', default=False),
            username=dict(type='str'),
            password=dict(type='str', no_log=True),
            ssl=dict(type='bool', default=False),
            ca_certificate_path=dict(type='str'),
        )),
        destination=dict(type='dict', required=True, options=dict(
            cluster_name=dict(type='str', required=True),
            hostname_schema_type=dict(type='str', default='PUBLIC', choices=['PUBLIC', 'PRIVATE_LINK', 'VPC_PEERING']),
            private_link_id=dict(type='str'),
        )),
        migration_host=dict(type='str', required=True),
        drop_destination_data=dict(type='bool', default=False),
        sharding=dict(type='dict', options=dict(
            create_supporting_indexes=dict(type='bool', required=True),
            sharding_entries=dict(type='list', elements='dict', required=True, options=dict(
                database=dict(type='str', required=True),
                collection=dict(type='str', required=True),
                shard_key=dict(type='list', elements='dict', required=True, no_log=False),
            )),
        )),
    )


def validate_request_params(params):
    validate_id(params['project_id'], 'project_id')
    source = params['source']
    validate_id(source['project_id'], 'source.project_id')
    if source['managed_authentication'] and (source.get('username') or source.get('password')):
        raise InputError('source.username', 'leave out username and password with managed_authentication=true '
                                            '(MongoDB Automation manages the credentials).')
    if bool(source.get('username')) != bool(source.get('password')):
        raise InputError('source.password' if source.get('username') else 'source.username',
                         'source.username and source.password go together.')
    destination = params['destination']
    if destination['hostname_schema_type'] == 'PRIVATE_LINK' and not destination.get('private_link_id'):
        raise InputError('destination.private_link_id', 'is required with hostname_schema_type=PRIVATE_LINK.')
    if not params['migration_host'].strip():
        raise InputError('migration_host', 'must name the migration host (see atlas_live_migration_projects_info).')


def request_body(params):
    """LiveMigrationRequest20240530 from the module options (None values left out)."""
    source = params['source']
    body_source = {'groupId': source['project_id'], 'clusterName': source['cluster_name'],
                   'managedAuthentication': source['managed_authentication'], 'ssl': source['ssl']}
    for option, field in (('username', 'username'), ('password', 'password'), ('ca_certificate_path', 'caCertificatePath')):
        if source.get(option) is not None:
            body_source[field] = source[option]
    destination = params['destination']
    body_destination = {'groupId': params['project_id'], 'clusterName': destination['cluster_name'],
                        'hostnameSchemaType': destination['hostname_schema_type']}
    if destination.get('private_link_id'):
        body_destination['privateLinkId'] = destination['private_link_id']
    body = {'source': body_source, 'destination': body_destination, 'migrationHosts': [params['migration_host']],
            'dropDestinationData': params['drop_destination_data']}
    sharding = params.get('sharding')
    if sharding:
        body['sharding'] = {
            'createSupportingIndexes': sharding['create_supporting_indexes'],
            'shardingEntries': [{'database': entry['database'], 'collection': entry['collection'],
                                 'shardCollection': {'key': entry['shard_key']}}
                                for entry in sharding['sharding_entries']],
        }
    return body


# -- waiting ------------------------------------------------------------------------------------

def poll(read, done, timeout, interval, first=None, sleep=time.sleep, clock=time.monotonic):
    """Call ``read()`` until ``done(value)`` is true; return (value, True), or (last value, False) after ``timeout`` seconds.

    ``first`` is a value read already (checked before the first wait). ``done`` may raise to stop
    early (a status that can never reach the goal).
    """
    deadline = clock() + timeout
    value = first
    while True:
        if value is None:
            value = read()
        if done(value):
            return value, True
        remaining = deadline - clock()
        if remaining <= 0:
            return value, False
        sleep(min(interval, remaining))
        value = None


def job_result(job):
    """The fields the modules return for one job (LiveMigrationResponse), in snake case."""
    job = job or {}
    return dict(id=job.get('_id'), status=job.get('status'), lag_time_seconds=job.get('lagTimeSeconds'),
                ready_for_cutover=job.get('readyForCutover'), migration_hosts=job.get('migrationHosts') or [])


def project_result(project):
    """One LiveImportAvailableProject in snake case."""
    fields = (('clusterId', 'cluster_id'), ('name', 'name'), ('mongoDBVersion', 'mongodb_version'),
              ('featureCompatibilityVersion', 'feature_compatibility_version'), ('sharded', 'sharded'),
              ('shardsSize', 'shards_size'), ('managed', 'managed'), ('tlsEnabled', 'tls_enabled'),
              ('agentVersion', 'agent_version'), ('dbSizeBytes', 'db_size_bytes'), ('oplogSizeMB', 'oplog_size_mb'))
    return dict(
        project_id=project.get('projectId'),
        name=project.get('name'),
        migration_hosts=list(project.get('migrationHosts') or []),
        deployments=[dict((snake, deployment.get(camel)) for camel, snake in fields)
                     for deployment in project.get('deployments') or [] if isinstance(deployment, dict)],
    )
