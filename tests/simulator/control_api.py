"""The unauthenticated /_sim/ control API, so other processes (playbook tests) can drive the simulator."""

import json
import re

from . import agent_api
from .faults import Fault
from .responses import empty, json_response

RUNNING_RE = re.compile(r'^/_sim/om/orgs/([^/]+)/running$')
PROJECTS_RE = re.compile(r'^/_sim/om/orgs/([^/]+)/projects$')
JOB_RE = re.compile(r'^/_sim/migrations/jobs/([^/]+)$')


def _error(status, message):
    return json_response(status, {'error': message})


def _body(request):
    try:
        return json.loads(request.body.decode('utf-8')) if request.body else None
    except (UnicodeError, ValueError):
        raise ValueError('the body is not valid JSON') from None


def handle(request, simulator):
    try:
        return _route(request, simulator)
    except (TypeError, ValueError) as exc:
        return _error(400, str(exc))


def _route(request, simulator):
    key = (request.method, request.path.rstrip('/'))
    if key[1].startswith('/_sim/agents'):
        answer = agent_api.control(request, simulator)
        if answer is not None:
            return answer
    simple = {
        ('GET', '/_sim/health'): lambda: json_response(200, {'status': 'ok', 'url': simulator.url}),
        ('GET', '/_sim/log'): lambda: json_response(200, simulator.log),
        ('DELETE', '/_sim/log'): lambda: _done(simulator.clear_log),
        ('POST', '/_sim/reset'): lambda: _done(simulator.reset),
        ('GET', '/_sim/faults'): lambda: json_response(200, simulator.pending_faults()),
        ('DELETE', '/_sim/faults'): lambda: _done(simulator.clear_faults),
        ('GET', '/_sim/settings'): lambda: json_response(200, simulator.settings.as_dict()),
        ('GET', '/_sim/state'): lambda: json_response(200, simulator.state()),
        ('GET', '/_sim/secrets'): lambda: json_response(200, simulator.secrets()),
        ('GET', '/_sim/migrations'): lambda: json_response(200, simulator.migrations()),
        ('GET', '/_sim/migrations/settings'): lambda: json_response(200, simulator.migration_settings.as_dict()),
    }
    if key in simple:
        return simple[key]()
    if key == ('POST', '/_sim/faults'):
        return _add_faults(simulator, _body(request))
    if key == ('PUT', '/_sim/settings'):
        body = _body(request)
        if not isinstance(body, dict):
            raise ValueError('send a JSON object of settings')
        simulator.update_settings(**body)
        return json_response(200, simulator.settings.as_dict())
    if key == ('PUT', '/_sim/migrations/settings'):
        body = _body(request)
        if not isinstance(body, dict):
            raise ValueError('send a JSON object of migration settings')
        simulator.update_migration_settings(**body)
        return json_response(200, simulator.migration_settings.as_dict())
    if key == ('POST', '/_sim/credentials'):
        return _add_credentials(simulator, _body(request))
    running = RUNNING_RE.match(key[1])
    if running and key[0] == 'PUT':
        body = _body(request)
        if not isinstance(body, dict) or not isinstance(body.get('project_ids'), list):
            raise ValueError('send {"project_ids": [...]}')
        simulator.set_running_migration(running.group(1), body['project_ids'])
        return json_response(200, {'project_ids': body['project_ids']})
    projects = PROJECTS_RE.match(key[1])
    if projects and key[0] in ('GET', 'PUT'):
        return _source_projects(simulator, projects.group(1), key[0], request)
    job = JOB_RE.match(key[1])
    if job and key[0] in ('GET', 'PUT', 'DELETE'):
        return _job(simulator, job.group(1), key[0], request)
    known_paths = {path for dummy, path in simple} | {'/_sim/faults', '/_sim/settings', '/_sim/credentials'}
    if key[1] in known_paths or running or projects or job:
        return _error(405, 'method %s not allowed on %s' % key)
    return _error(404, 'no control endpoint %s' % key[1])


def _source_projects(simulator, om_org_id, method, request):
    if method == 'PUT':
        return json_response(200, simulator.set_source_projects(om_org_id, _body(request)))
    return json_response(200, simulator.source_projects(om_org_id))


def _job(simulator, job_id, method, request):
    missing = _error(404, 'no migration job %s' % job_id)
    if method == 'DELETE':
        return empty(204) if simulator.forget_migration_job(job_id) else missing
    if method == 'PUT':
        body = _body(request)
        if not isinstance(body, dict) or not body:
            raise ValueError('send a JSON object with status, lag_time_seconds and/or step_seconds')
        try:
            return json_response(200, simulator.update_migration_job(job_id, **body))
        except KeyError:
            return missing
    view = simulator.migration_job(job_id)
    return json_response(200, view) if view is not None else missing


def _done(action):
    action()
    return empty(204)


def _add_faults(simulator, body):
    specs = body if isinstance(body, list) else [body]
    if not specs or not all(isinstance(spec, dict) for spec in specs):
        raise ValueError('send a fault object or a list of them')
    faults = [Fault(**spec) for spec in specs]  # validate all before adding any
    for fault in faults:
        simulator.core.faults.add(fault)
    return json_response(201, {'added': len(faults)})


def _add_credentials(simulator, body):
    if not isinstance(body, dict) or set(body) - {'digest', 'oauth'} or not all(isinstance(value, dict) for value in body.values()):
        raise ValueError('send {"digest": {public: private}, "oauth": {client_id: secret}}')
    pairs = [(kind, user, secret) for kind in ('digest', 'oauth') for user, secret in (body.get(kind) or {}).items()]
    if not all(isinstance(user, str) and isinstance(secret, str) and user and secret for dummy, user, secret in pairs):
        raise ValueError('credentials must be non-empty strings')
    for kind, user, secret in pairs:
        (simulator.add_digest_user if kind == 'digest' else simulator.add_oauth_client)(user, secret)
    return empty(204)
