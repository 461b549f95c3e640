"""Checks both services make on every request before looking at state."""

import json
import re

from .constants import JSON, ORG_ID_PATTERN
from .incoming import media_types
from .responses import api_error


def org_and_query_error(request, org_id):
    """The 400 answer for a malformed org id or ``envelope=true``, else None."""
    if not re.fullmatch(ORG_ID_PATTERN, org_id):
        return api_error(400, 'INVALID_ORG_ID', 'The specified organization ID %s is invalid.' % org_id, [org_id])
    if request.flag('envelope'):
        # Legal on both services, but the envelope's "status" hides the real one: clients must never send it.
        return api_error(400, 'INVALID_QUERY_PARAMETER', 'The simulator refuses envelope=true: clients must not send it.', ['envelope'])
    return None


def not_found(request):
    return api_error(404, 'RESOURCE_NOT_FOUND', 'Cannot find resource %s.' % request.path)


def method_not_allowed(request, allowed):
    return api_error(405, 'METHOD_NOT_ALLOWED', 'Method %s is not allowed on %s.' % (request.method, request.path),
                     headers={'Allow': ', '.join(allowed)})


def json_body(request):
    """(document, None) for a body sent as application/json, else (None, the 415 or 400 answer)."""
    if media_types(request.header('Content-Type'))[:1] != [JSON]:
        return None, api_error(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json.')
    try:
        return json.loads(request.body.decode('utf-8')), None
    except (UnicodeError, ValueError):
        return None, api_error(400, 'INVALID_JSON', 'The request body is not valid JSON.')
