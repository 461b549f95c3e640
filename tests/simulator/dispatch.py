"""One API request from arrival to answer: faults, authentication, routing, logging."""

import json
import time
from urllib.parse import parse_qsl

from . import agent_api, atlas_api, opsmanager_api
from .constants import ATLAS_PREFIX, OAUTH_REVOKE_PATH, OAUTH_TOKEN_PATH, OM_PREFIX
from .digest_auth import BAD_URI, OK, STALE_NONCE, parse_digest
from .incoming import media_types
from .oauth import parse_basic
from .responses import Response, api_error, json_response, reason

UNAUTHORIZED_DETAIL = 'You are not authorized for this resource.'
HTML_PAGE = ('<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n'
             '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n')


def serve(core, request, conn):
    """The answer to ``request`` (None: drop the connection without answering); logs it."""
    entry = {'time': time.time(), 'conn': conn, 'method': request.method, 'path': request.path, 'query': dict(request.query),
             'status': None, 'auth': _auth_scheme(request), 'challenge': False,
             'headers': {name: value for name, value in request.headers.items() if name.lower() != 'authorization'},
             'body': request.body.decode('utf-8', 'replace') if request.body else None, 'fault': None}
    response = _serve(core, request, entry)
    if response is not None:
        entry['status'] = response.status
        entry['challenge'] = response.status == 401 and response.headers.get('WWW-Authenticate', '').startswith('Digest ')
    core.record(entry)
    return response


def _serve(core, request, entry):
    if not request.path.startswith('/api/'):
        return api_error(404, 'RESOURCE_NOT_FOUND', 'Cannot find resource %s.' % request.path)
    fault = core.faults.take('pre_auth', request.method, request.path)
    if fault:
        entry['fault'] = fault.kind
        return _pre_auth_fault(fault)
    if request.path in (OAUTH_TOKEN_PATH, OAUTH_REVOKE_PATH):
        return _processed(core, request, entry, _oauth)
    if not request.path.startswith((ATLAS_PREFIX, OM_PREFIX)):
        return api_error(404, 'RESOURCE_NOT_FOUND', 'Cannot find resource %s.' % request.path)  # unauthenticated, like a router
    refusal = _authenticate(core, request, entry)
    if refusal is not None:
        return refusal
    if request.path.startswith(ATLAS_PREFIX):
        route = atlas_api.handle
    else:
        route = agent_api.handle if agent_api.owns(request.path) else opsmanager_api.handle
    return _processed(core, request, entry, route)


def _processed(core, request, entry, route):
    """Run ``route`` under the processed-request faults (slow, drop_after, empty 2xx)."""
    fault = core.faults.take('processed', request.method, request.path)
    if fault:
        entry['fault'] = fault.kind
        if fault.kind == 'slow':
            time.sleep(fault.delay)  # the work still happens, even if the client gave up meanwhile
    response = route(request, core)
    if fault and fault.kind == 'drop_after':
        return None
    if fault and fault.kind == 'empty':
        return Response(fault.status, b'', 'application/json')
    return response


def _pre_auth_fault(fault):
    if fault.kind == 'drop_before':
        return None
    if fault.kind == 'empty':
        return Response(fault.status, b'', 'application/json')
    headers = {'Retry-After': str(fault.retry_after)} if fault.retry_after is not None else {}
    if fault.kind == 'html':
        page = fault.body if fault.body is not None else HTML_PAGE.format(status=fault.status, reason=reason(fault.status))
        return Response(fault.status, page.encode('utf-8'), 'text/html', headers)
    if fault.body is not None:
        text = fault.body if isinstance(fault.body, str) else json.dumps(fault.body)
        return Response(fault.status, text.encode('utf-8'), 'application/json', headers)
    if fault.status == 429:
        after = fault.retry_after if fault.retry_after is not None else 60
        return api_error(429, 'RATE_LIMITED_TOKEN_BUCKET', 'Rate limit exceeded for %s. Please retry after %s seconds.' % (fault.path or 'api', after),
                         headers=headers)
    return api_error(fault.status, 'UNEXPECTED_ERROR' if fault.status >= 500 else 'SIMULATED_FAULT',
                     'Simulated %s answer.' % fault.status, headers=headers)


def _auth_scheme(request):
    value = request.header('Authorization')
    return value.split(' ', 1)[0].lower() if value else None


def _digest_challenge(core, stale=False):
    with core.lock:
        nonce = core.digest.new_nonce()
    return api_error(401, 'UNAUTHORIZED', UNAUTHORIZED_DETAIL, headers={'WWW-Authenticate': core.digest.challenge(nonce, stale)})


def _authenticate(core, request, entry):
    """None when the request may proceed, else the 401 (or 400) answer."""
    scheme, _sep, credentials = (request.header('Authorization') or '').partition(' ')
    scheme = scheme.lower()
    if scheme == 'digest':
        params = parse_digest(credentials)
        with core.lock:
            outcome = core.digest.verify(params, request.method, request.target)
        if outcome == OK:
            fault = core.faults.take('auth', request.method, request.path, kinds=('stale_nonce',))
            if not fault:
                return None
            entry['fault'] = fault.kind
            with core.lock:
                core.digest.mark_stale(params['nonce'])
            return _digest_challenge(core, stale=True)
        if outcome == BAD_URI:
            return api_error(400, 'INVALID_DIGEST_URI', 'The digest uri does not match the request target.')
        return _digest_challenge(core, stale=outcome == STALE_NONCE)
    if scheme == 'bearer':
        token = credentials.strip()
        with core.lock:
            valid = core.oauth.valid(token)
        if valid:
            fault = core.faults.take('auth', request.method, request.path, kinds=('expire_token',))
            if not fault:
                return None
            entry['fault'] = fault.kind
            with core.lock:
                core.oauth.expire(token)
        return api_error(401, 'UNAUTHORIZED', 'The access token is invalid or expired.',
                         headers={'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid or expired"'})
    return _digest_challenge(core)


def _oauth_error(status, error, description):
    headers = {'Cache-Control': 'no-store'}
    if status == 401:
        headers['WWW-Authenticate'] = 'Basic realm="oauth"'
    return json_response(status, {'error': error, 'error_description': description}, headers=headers)


def _oauth(request, core):
    """POST /api/oauth/token (client credentials grant) and POST /api/oauth/revoke, both with Basic client auth."""
    if request.method != 'POST':
        return _oauth_error(405, 'invalid_request', 'Use POST.')
    scheme, _sep, credentials = (request.header('Authorization') or '').partition(' ')
    client = parse_basic(credentials) if scheme.lower() == 'basic' else None
    with core.lock:
        client_ok = client is not None and core.oauth.client_ok(*client)
    if not client_ok:
        return _oauth_error(401, 'invalid_client', 'Client authentication failed.')
    if media_types(request.header('Content-Type'))[:1] != ['application/x-www-form-urlencoded']:
        return _oauth_error(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.')
    form = dict(parse_qsl(request.body.decode('utf-8', 'replace'), keep_blank_values=True))
    if request.path == OAUTH_REVOKE_PATH:
        if not form.get('token'):
            return _oauth_error(400, 'invalid_request', 'The token parameter is required.')
        with core.lock:
            core.oauth.revoke(form['token'])
        return Response(200)
    if form.get('grant_type') != 'client_credentials':
        return _oauth_error(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.')
    with core.lock:
        ttl = core.settings.oauth_token_ttl
        token = core.oauth.issue(client[0], ttl)
    return json_response(200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': ttl},
                         headers={'Cache-Control': 'no-store', 'Pragma': 'no-cache'})
