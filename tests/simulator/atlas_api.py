"""Atlas Admin API v2: /api/atlas/v2/orgs/{orgId}/liveMigrations/linkTokens (POST create, DELETE all)."""

import ipaddress
import json
import re

from . import migration_api
from .constants import ATLAS_LINK_TOKEN_MEDIA_TYPE, JSON
from .incoming import media_types
from .responses import api_error, empty, json_response
from .validation import method_not_allowed, not_found, org_and_query_error

LINK_TOKENS_RE = re.compile(r'^/api/atlas/v2/orgs/([^/]+)/liveMigrations/linkTokens$')
SUCCESS_CONTENT_TYPE = ATLAS_LINK_TOKEN_MEDIA_TYPE + ';charset=utf-8'

# Atlas's own answer when DELETE finds nothing; clients must decide on the status, never on errorCode.
NO_LINK_DETAIL = 'Could not find the requested external organization link.'


def handle(request, core):
    """Route one authenticated Atlas request."""
    if migration_api.matches(request.path):
        return migration_api.handle(request, core)
    match = LINK_TOKENS_RE.match(request.path)
    if not match:
        return not_found(request)
    if request.method not in ('POST', 'DELETE'):
        return method_not_allowed(request, ('POST', 'DELETE'))
    if ATLAS_LINK_TOKEN_MEDIA_TYPE not in media_types(request.header('Accept')):
        return api_error(406, 'INVALID_ACCEPT_HEADER',
                         'Invalid accept header or version date: this resource only serves %s.' % ATLAS_LINK_TOKEN_MEDIA_TYPE)
    org_id = match.group(1)
    refusal = org_and_query_error(request, org_id)
    if refusal:
        return refusal
    if request.method == 'DELETE':
        with core.lock:
            removed = core.state.delete_tokens(org_id)
        return empty(204) if removed else api_error(404, 'UNEXPECTED_ERROR', NO_LINK_DETAIL)
    return _create(request, core, org_id)


def _create(request, core, org_id):
    if not request.body:
        return api_error(400, 'INVALID_JSON', 'A request body {"accessListIps": [...]} is required.')
    if media_types(request.header('Content-Type'))[:1] not in ([ATLAS_LINK_TOKEN_MEDIA_TYPE], [JSON]):
        return api_error(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be %s.' % ATLAS_LINK_TOKEN_MEDIA_TYPE)
    try:
        document = json.loads(request.body.decode('utf-8'))
    except (UnicodeError, ValueError):
        return api_error(400, 'INVALID_JSON', 'The request body is not valid JSON.')
    if not isinstance(document, dict):
        return api_error(400, 'INVALID_JSON', 'The request body must be a JSON object.')
    unknown = sorted(set(document) - {'accessListIps'})
    if unknown:
        return api_error(400, 'INVALID_ATTRIBUTE', 'Invalid attribute %s specified.' % unknown[0], [unknown[0]])
    ips = document.get('accessListIps', [])
    bad = _bad_ip(ips)
    if bad is not None:
        return api_error(400, 'INVALID_IP_ADDRESS_OR_CIDR_NOTATION', 'The address %s must be in valid IP address or CIDR notation.' % bad, [bad])
    with core.lock:
        token = core.state.create_token(org_id, ips)
    return json_response(201, {'linkToken': token}, SUCCESS_CONTENT_TYPE, pretty=request.flag('pretty'))


def _bad_ip(ips):
    """The first entry that is not an IP or CIDR (as text), or None when all are fine."""
    if not isinstance(ips, list):
        return json.dumps(ips)
    for entry in ips:
        if not isinstance(entry, str):
            return json.dumps(entry)
        try:
            if '/' in entry:
                ipaddress.ip_network(entry, strict=False)
            else:
                ipaddress.ip_address(entry)
        except ValueError:
            return entry
    return None
