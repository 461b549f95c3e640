"""Atlas Admin API v2, push live migration: available projects, validation, migration jobs, cutover.

Each operation serves exactly the versions the OpenAPI spec lists for it (``x-xgen-version``); any
other ``Accept`` is refused with 406 like Atlas does. State lives in ``core.migrations``
(migration_state.py); the source side is the simulated Cloud/Ops Manager organizations linked to Atlas.
"""

import json
import re

from .constants import JSON, ORG_ID_PATTERN
from .incoming import media_types
from .responses import api_error, json_response, Response
from .validation import method_not_allowed, org_and_query_error

V20230101 = 'application/vnd.atlas.2023-01-01+json'
V20240530 = 'application/vnd.atlas.2024-05-30+json'

PROJECTS_RE = re.compile(r'^/api/atlas/v2/orgs/([^/]+)/liveMigrations/availableProjects$')
CREATE_RE = re.compile(r'^/api/atlas/v2/groups/([^/]+)/liveMigrations$')
VALIDATE_RE = re.compile(r'^/api/atlas/v2/groups/([^/]+)/liveMigrations/validate$')
VALIDATION_RE = re.compile(r'^/api/atlas/v2/groups/([^/]+)/liveMigrations/validate/([^/]+)$')
JOB_RE = re.compile(r'^/api/atlas/v2/groups/([^/]+)/liveMigrations/([^/]+)$')
CUTOVER_RE = re.compile(r'^/api/atlas/v2/groups/([^/]+)/liveMigrations/([^/]+)/cutover$')

# (pattern, method, versions the spec lists, handler name); the first matching pattern wins.
ROUTES = (
    (PROJECTS_RE, 'GET', (V20230101,), '_projects'),
    (CREATE_RE, 'POST', (V20230101, V20240530), '_create'),
    (VALIDATE_RE, 'POST', (V20230101, V20240530), '_validate'),
    (VALIDATION_RE, 'GET', (V20230101,), '_validation'),
    (CUTOVER_RE, 'PUT', (V20230101,), '_cutover'),
    (JOB_RE, 'GET', (V20230101,), '_job'),
)

HOSTNAME_SCHEMA_TYPES = ('PUBLIC', 'PRIVATE_LINK', 'VPC_PEERING')
SIMULATED_VALIDATION_FAILURE = 'Simulated validation failure: the destination cluster does not have enough disk space.'


def matches(path):
    return any(pattern.match(path) for pattern, _method, _versions, _name in ROUTES)


def handle(request, core):
    """Route one authenticated Atlas live-migration request (``matches(request.path)`` is true)."""
    for pattern, method, versions, name in ROUTES:
        match = pattern.match(request.path)
        if not match:
            continue
        if request.method != method:
            return method_not_allowed(request, (method,))
        accepted = [value for value in media_types(request.header('Accept')) if value in versions]
        if not accepted:
            return api_error(406, 'INVALID_ACCEPT_HEADER', 'Invalid accept header or version date: this resource serves %s.'
                             % ', '.join(versions))
        ids = match.groups()
        if name == '_projects':
            refusal = org_and_query_error(request, ids[0])
        else:
            refusal = _ids_error(request, ids)
        if refusal:
            return refusal
        return globals()[name](request, core, accepted[0], *ids)
    return None


def _ids_error(request, ids):
    for value in ids:
        if not re.fullmatch(ORG_ID_PATTERN, value):
            return api_error(400, 'INVALID_ID', 'The specified ID %s is invalid: expected 24 hexadecimal characters.' % value, [value])
    return org_and_query_error(request, ids[0])


def _answer(status, document, version, pretty=False):
    return json_response(status, document, version + ';charset=utf-8', pretty=pretty)


# -- available projects -------------------------------------------------------------------------

def available_projects(core, org_id):
    """Source projects of the Cloud/Ops Manager organizations linked (SYNCED) to Atlas organization ``org_id``."""
    with core.lock:
        orgs = [om for om, record in sorted(core.state.om.items())
                if record['atlasOrgId'] == org_id and core.state.link_status(om) == 'SYNCED']
        return [project for om in orgs for project in core.migrations.sources.of(om)]


def _projects(request, core, version, org_id):
    return _answer(200, available_projects(core, org_id), version, request.flag('pretty'))


def _find_source(core, group_id):
    """(om org id, project) for a source project of any linked organization, or (None, None)."""
    with core.lock:
        linked = [om for om in sorted(core.state.om) if core.state.link_status(om) == 'SYNCED']
        for om in linked:
            for project in core.migrations.sources.of(om):
                if project['projectId'] == group_id:
                    return om, project
    return None, None


# -- request bodies -----------------------------------------------------------------------------

def _document(request, version):
    """(document, None) or (None, error answer)."""
    if not request.body:
        return None, api_error(400, 'INVALID_JSON', 'A request body is required.')
    content = media_types(request.header('Content-Type'))[:1]
    if content not in ([version], [JSON]):
        return None, api_error(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be %s.' % version)
    try:
        document = json.loads(request.body.decode('utf-8'))
    except (UnicodeError, ValueError):
        return None, api_error(400, 'INVALID_JSON', 'The request body is not valid JSON.')
    if not isinstance(document, dict):
        return None, api_error(400, 'INVALID_JSON', 'The request body must be a JSON object.')
    return document, None


def _bad(detail, field):
    return api_error(400, 'INVALID_ATTRIBUTE', detail, [field])


def _request_error(document, version, group_id):
    """The 400 answer for a body that breaks LiveMigrationRequest(20240530), else None."""
    drop = 'dropDestinationData' if version == V20240530 else 'dropEnabled'
    known = {'source', 'destination', 'migrationHosts', 'sharding', drop}
    unknown = sorted(set(document) - known)
    if unknown:
        return _bad('Invalid attribute %s specified.' % unknown[0], unknown[0])
    required = ['source', 'destination', 'migrationHosts'] + ([] if version == V20240530 else ['dropEnabled'])
    for name in required:
        if name not in document:
            return _bad('The required attribute %s was not specified.' % name, name)
    if drop in document and not isinstance(document[drop], bool):
        return _bad('%s must be a boolean.' % drop, drop)
    hosts = document['migrationHosts']
    if not isinstance(hosts, list) or len(hosts) != 1 or not isinstance(hosts[0], str) or not hosts[0]:
        return _bad('migrationHosts must list exactly one migration host.', 'migrationHosts')
    source, destination = document['source'], document['destination']
    if not isinstance(source, dict):
        return _bad('source must be an object.', 'source')
    for name, kind in (('clusterName', str), ('groupId', str), ('managedAuthentication', bool), ('ssl', bool)):
        if not isinstance(source.get(name), kind):
            return _bad('The required attribute source.%s is missing or has the wrong type.' % name, 'source.' + name)
    if source['managedAuthentication'] and (source.get('username') or source.get('password')):
        return _bad('Do not send source.username or source.password with managedAuthentication true.', 'source.username')
    if not isinstance(destination, dict):
        return _bad('destination must be an object.', 'destination')
    for name in ('clusterName', 'groupId', 'hostnameSchemaType'):
        if not isinstance(destination.get(name), str) or not destination[name]:
            return _bad('The required attribute destination.%s was not specified.' % name, 'destination.' + name)
    if destination['hostnameSchemaType'] not in HOSTNAME_SCHEMA_TYPES:
        return _bad('destination.hostnameSchemaType must be one of %s.' % ', '.join(HOSTNAME_SCHEMA_TYPES),
                    'destination.hostnameSchemaType')
    if destination['groupId'] != group_id:
        return _bad('destination.groupId %s is not the project of the request (%s).' % (destination['groupId'], group_id),
                    'destination.groupId')
    return None


def _source_problem(core, document):
    """(om org, why the source cannot be migrated or None)."""
    source = document['source']
    om_org, project = _find_source(core, source['groupId'])
    if project is None:
        return None, ('Source project %s is not available for migration: link its Cloud Manager / Ops Manager organization '
                      'to Atlas first.' % source['groupId'])
    if source['clusterName'] not in [deployment['name'] for deployment in project['deployments']]:
        return om_org, 'Source project %s has no deployment named %s.' % (source['groupId'], source['clusterName'])
    if document['migrationHosts'][0] not in project['migrationHosts']:
        return om_org, 'Migration host %s is not a migration host of source project %s.' % (document['migrationHosts'][0], source['groupId'])
    return om_org, None


# -- validation ---------------------------------------------------------------------------------

def _validate(request, core, version, group_id):
    document, refusal = _document(request, version)
    if refusal:
        return refusal
    refusal = _request_error(document, version, group_id)
    if refusal:
        return refusal
    dummy, problem = _source_problem(core, document)
    with core.lock:
        settings = core.migration_settings
        if problem is None and settings.validation_outcome == 'failed':
            problem = SIMULATED_VALIDATION_FAILURE
        view = core.migrations.add_validation(group_id, document['source']['groupId'], problem, settings.validation_seconds)
    return _answer(200, view, version, request.flag('pretty'))


def _validation(request, core, version, group_id, validation_id):
    with core.lock:
        view = core.migrations.validation_view(validation_id)
    if view is None or view['groupId'] != group_id:
        return api_error(404, 'VALIDATION_NOT_FOUND', 'No validation %s exists in project %s.' % (validation_id, group_id), [validation_id])
    return _answer(200, view, version)


# -- jobs ---------------------------------------------------------------------------------------

def _create(request, core, version, group_id):
    document, refusal = _document(request, version)
    if refusal:
        return refusal
    refusal = _request_error(document, version, group_id)
    if refusal:
        return refusal
    om_org, problem = _source_problem(core, document)
    if problem:
        return api_error(400, 'INVALID_LIVE_MIGRATION_SOURCE', problem, [document['source']['groupId']])
    with core.lock:  # count and add under one lock: concurrent starts cannot both slip under the limit
        limit = core.migration_settings.max_running_per_source_org
        running = core.migrations.running_jobs_of(om_org)
        if not limit or running < limit:
            view = core.migrations.add_job(group_id, document, om_org, core.migration_settings)
    if limit and running >= limit:
        # The simulator's assumption: Atlas's real answer to too many migrations of one organization is unknown.
        return api_error(400, 'TOO_MANY_LIVE_MIGRATIONS',
                         'The source organization %s already has %d running live migrations (limit %d); MongoDB advises '
                         'migrating the deployments of one organization one at a time.' % (om_org, running, limit), [om_org])
    return _answer(201, view, version, request.flag('pretty'))


def _not_found(group_id, job_id):
    return api_error(404, 'LIVE_MIGRATION_NOT_FOUND', 'No live migration %s exists in project %s.' % (job_id, group_id), [job_id])


def _job(request, core, version, group_id, job_id):
    with core.lock:
        view = core.migrations.job_view(job_id, group_id)
    if view is None:
        return _not_found(group_id, job_id)
    return _answer(200, view, version, request.flag('pretty'))


def _cutover(request, core, version, group_id, job_id):
    with core.lock:
        if core.migrations.job_view(job_id, group_id) is None:
            return _not_found(group_id, job_id)
        problem = core.migrations.cutover(job_id)
    if problem:
        return api_error(400, 'CANNOT_CUTOVER_LIVE_MIGRATION', problem, [job_id])
    return Response(202, b'', version + ';charset=utf-8')
