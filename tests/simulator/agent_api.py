"""Agents: the agent API keys endpoints of Cloud/Ops Manager, the stand-in agent's registration, the agent download.

- ``/api/public/v1.0/groups/{groupId}/agentapikeys[/{id}]`` (authenticated like every Cloud/Ops Manager
  call, routed here by dispatch.py): GET lists (keys masked), POST ``{"desc"}`` creates (the full key in
  this answer only), DELETE removes.
- ``/_sim/agents...`` (control API, unauthenticated): what a real agent does by talking to the server,
  reduced to one call: ``POST /_sim/agents/register`` with a live agent API key of the project.
- ``GET /download/agent/automation/{file}``: the packages the tests ``PUT /_sim/agents/packages/{file}``.
See AGENTS.md.
"""

import json
import re

from .agent_state import PACKAGE_NAME_RE
from .constants import JSON, ORG_ID_PATTERN
from .incoming import media_types
from .responses import Response, api_error, empty, json_response
from .validation import method_not_allowed

KEYS_RE = re.compile(r'^/api/public/v1.0/groups/([^/]+)/agentapikeys(?:/([^/]+))?$')
REGISTER_PATH = '/_sim/agents/register'
UNREGISTER_RE = re.compile(r'^/_sim/agents/register/([^/]+)/([^/]+)$')
PACKAGE_RE = re.compile(r'^/_sim/agents/packages/([^/]+)$')
DOWNLOAD_PREFIX = '/download/agent/automation/'
MAX_DESC = 1000


def owns(path):
    """Whether an authenticated Cloud/Ops Manager request is for the agent API keys."""
    return KEYS_RE.match(path) is not None


def handle(request, core):
    """One authenticated request to the agent API keys of a project."""
    group_id, key_id = KEYS_RE.match(request.path).groups()
    allowed = ('DELETE',) if key_id else ('GET', 'POST')
    if request.method not in allowed:
        return method_not_allowed(request, allowed)
    if not re.fullmatch(ORG_ID_PATTERN, group_id):
        return api_error(404, 'GROUP_NOT_FOUND', 'No group with ID %s exists.' % group_id, [group_id])
    if request.flag('envelope'):
        return api_error(400, 'INVALID_QUERY_PARAMETER', 'The simulator refuses envelope=true: clients must not send it.', ['envelope'])
    pretty = request.flag('pretty')
    if request.method == 'GET':
        with core.lock:
            return json_response(200, core.agents.keys_of(group_id), pretty=pretty)
    if request.method == 'DELETE':
        with core.lock:
            removed = core.agents.delete_key(group_id, key_id)
        if not removed:
            return api_error(404, 'RESOURCE_NOT_FOUND', 'No agent API key with ID %s exists in group %s.' % (key_id, group_id),
                             [key_id, group_id])
        return empty(204)
    return _create(request, core, group_id, pretty)


def _create(request, core, group_id, pretty):
    if media_types(request.header('Content-Type'))[:1] != [JSON]:
        return api_error(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json.')
    try:
        body = json.loads(request.body.decode('utf-8'))
    except (UnicodeError, ValueError):
        return api_error(400, 'INVALID_JSON', 'The request body is not valid JSON.')
    desc = body.get('desc') if isinstance(body, dict) else None
    if not isinstance(desc, str) or not desc.strip():
        return api_error(400, 'MISSING_ATTRIBUTE', 'The required attribute desc was not specified.', ['desc'])
    if len(desc) > MAX_DESC:
        return api_error(400, 'INVALID_ATTRIBUTE', 'Invalid attribute desc specified: at most 1,000 characters.', ['desc'])
    unknown = sorted(set(body) - {'desc'})
    if unknown:
        return api_error(400, 'INVALID_ATTRIBUTE', 'Invalid attribute %s specified.' % unknown[0], [unknown[0]])
    with core.lock:
        record = core.agents.create_key(group_id, desc, '127.0.0.1')
    return json_response(200, record, pretty=pretty)  # the docs' example answers 200 OK


# -- control API --------------------------------------------------------------------------------

def _error(status, message):
    return json_response(status, {'error': message})


def control(request, simulator):
    """``/_sim/agents...``; None when the path is not one of them."""
    core = simulator.core
    path = request.path.rstrip('/')
    if path == '/_sim/agents':
        if request.method != 'GET':
            return _error(405, 'method %s not allowed on %s' % (request.method, path))
        with core.lock:
            return json_response(200, core.agents.snapshot())
    if path == REGISTER_PATH:
        if request.method != 'POST':
            return _error(405, 'method %s not allowed on %s' % (request.method, path))
        return _register(request, core)
    unregister = UNREGISTER_RE.match(path)
    if unregister:
        if request.method != 'DELETE':
            return _error(405, 'method %s not allowed on %s' % (request.method, path))
        with core.lock:
            removed = core.agents.unregister(*unregister.groups())
        return empty(204) if removed else _error(404, 'no agent %s registered in group %s' % unregister.groups()[::-1])
    package = PACKAGE_RE.match(path)
    if package:
        return _package(request, core, package.group(1))
    return None


def _register(request, core):
    try:
        body = json.loads(request.body.decode('utf-8')) if request.body else None
    except (UnicodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        return _error(400, 'send {"groupId", "apiKey", "hostname", "cloudMigrationEnabled"}')
    group_id, api_key, hostname = body.get('groupId'), body.get('apiKey'), body.get('hostname')
    enabled = body.get('cloudMigrationEnabled', False)
    if not isinstance(group_id, str) or not re.fullmatch(ORG_ID_PATTERN, group_id):
        return _error(400, 'groupId must be 24 lowercase hexadecimal characters (mmsGroupId)')
    if not isinstance(hostname, str) or not hostname.strip() or '/' in hostname:
        return _error(400, 'hostname must be a host name')
    if not isinstance(enabled, bool):
        return _error(400, 'cloudMigrationEnabled must be true or false')
    with core.lock:
        live = isinstance(api_key, str) and bool(api_key) and core.agents.key_is_live(group_id, api_key)
        if not live:
            # Never echo the key: the agent log of a real agent does not either.
            return _error(401, 'the apiKey (mmsApiKey) is not a live agent API key of group %s' % group_id)
        return json_response(200, core.agents.register(group_id, hostname.strip(), enabled))


def _package(request, core, name):
    if not PACKAGE_NAME_RE.match(name) or '..' in name:
        return _error(400, 'bad package file name %r' % name)
    with core.lock:
        if request.method == 'PUT':
            core.agents.packages[name] = bytes(request.body or b'')
            return json_response(201, {'filename': name, 'size': len(core.agents.packages[name])})
        if request.method == 'DELETE':
            return empty(204) if core.agents.packages.pop(name, None) is not None else _error(404, 'no package %s' % name)
    return _error(405, 'method %s not allowed on %s' % (request.method, request.path))


def download(request, core):
    """GET (or HEAD) /download/agent/automation/{file}: unauthenticated, like MongoDB's download server."""
    name = request.path[len(DOWNLOAD_PREFIX):]
    if request.method not in ('GET', 'HEAD'):
        return method_not_allowed(request, ('GET', 'HEAD'))
    with core.lock:
        data = core.agents.packages.get(name) if PACKAGE_NAME_RE.match(name) else None
    if data is None:
        return api_error(404, 'RESOURCE_NOT_FOUND', 'Cannot find resource %s.' % request.path)
    return Response(200, data, 'application/octet-stream')
