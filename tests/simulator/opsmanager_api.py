"""Cloud Manager / Ops Manager: /api/public/v1.0/orgs/{orgId}/liveExport/migrationLink[/status]."""

import re

from .constants import JSON
from .incoming import media_types
from .link_state import decode_link_token
from .responses import api_error, empty, json_response
from .validation import json_body, method_not_allowed, not_found, org_and_query_error

MIGRATION_LINK_RE = re.compile(r'^/api/public/v1.0/orgs/([^/]+)/liveExport/migrationLink(/status)?$')


def handle(request, core):
    """Route one authenticated Cloud/Ops Manager request."""
    match = MIGRATION_LINK_RE.match(request.path)
    if not match:
        return not_found(request)
    allowed = ('GET',) if match.group(2) else ('POST', 'DELETE')
    if request.method not in allowed:
        return method_not_allowed(request, allowed)
    accepted = media_types(request.header('Accept'))
    if accepted and not {JSON, 'application/*', '*/*'} & set(accepted):
        return api_error(406, 'INVALID_ACCEPT_HEADER', 'This resource only serves application/json.')
    org_id = match.group(1)
    refusal = org_and_query_error(request, org_id)
    if refusal:
        return refusal
    pretty = request.flag('pretty')
    if request.method == 'GET':
        return _status(core, org_id, pretty)
    if request.method == 'DELETE':
        return _delete(core, org_id)
    return _create(request, core, org_id, pretty)


def _status(core, org_id, pretty):
    with core.lock:
        status = core.state.link_status(org_id)
        no_link_answer = core.settings.no_link_answer
    if status is None and no_link_answer == '404':
        return api_error(404, 'RESOURCE_NOT_FOUND', 'No migration link found for organization %s.' % org_id, [org_id])
    return json_response(200, {'status': status or 'NOT_SYNCED'}, pretty=pretty)


def _delete(core, org_id):
    with core.lock:
        # Set by hand (set_running_migration) or by a migration job of this organization that still runs.
        running = list(core.state.running.get(org_id, [])) + core.migrations.running_source_orgs().get(org_id, [])
        removed = not running and core.state.om.pop(org_id, None) is not None
    if running:
        ids = ', '.join(running)
        return api_error(409, 'CANNOT_DELETE_ORG_LINK_WITH_RUNNING_LIVE_EXPORT',
                         'Cannot delete organization link while there is active migration in following project ids: %s' % ids, [ids])
    if not removed:
        return api_error(404, 'RESOURCE_NOT_FOUND', 'No migration link found for organization %s.' % org_id, [org_id])
    return empty(204)


def _create(request, core, org_id, pretty):
    body, refusal = json_body(request)
    if refusal:
        return refusal
    token = body.get('linkToken') if isinstance(body, dict) else None
    document = decode_link_token(token)
    if document is None:
        # Never echo the token: it carries a live private key.
        return api_error(400, 'INVALID_LINK_TOKEN', 'The link token is invalid: it is not a base64 encoded link document.')
    with core.lock:
        if not core.state.key_is_live(document):
            return api_error(400, 'INVALID_LINK_TOKEN', 'The link token is invalid: its API key was rejected by Atlas.')
        record = core.state.link(org_id, token, document)
        answer = core.settings.om_create_answer
    if answer == 'status':
        return json_response(201, {'status': 'SYNCED'}, pretty=pretty)
    return json_response(200, {'sourceOrgId': org_id, 'createdAt': record['createdAt'], 'lastSyncedAt': record['createdAt'],
                               'errorMessage': None, 'targetOrg': {'linkToken': token}}, pretty=pretty)
