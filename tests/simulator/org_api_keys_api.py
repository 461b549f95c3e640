"""Atlas Admin API v2, organization API keys: GET /api/atlas/v2/orgs/{orgId}/apiKeys (listOrgApiKeys) and
DELETE /api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId} (deleteOrgApiKey), both in version 2023-01-01 only.

The list shows the organization's other API keys (added with the control API) and, with the setting
link_token_api_keys=listed (the default), the API key of every live link-token, with the token's public key:
the simulator's assumption (whether Atlas lists them is not documented). Deleting a link-token's key by its id
ends that token: links made with it turn NOT_SYNCED.
"""

import re

from .constants import ATLAS_LINK_TOKEN_MEDIA_TYPE, ORG_ID_PATTERN
from .incoming import media_types
from .responses import api_error, empty, json_response
from .validation import method_not_allowed, org_and_query_error

API_KEYS_RE = re.compile(r'^/api/atlas/v2/orgs/([^/]+)/apiKeys$')
API_KEY_RE = re.compile(r'^/api/atlas/v2/orgs/([^/]+)/apiKeys/([^/]+)$')
# Both operations list one version, the link-tokens' one.
MEDIA_TYPE = ATLAS_LINK_TOKEN_MEDIA_TYPE
SUCCESS_CONTENT_TYPE = MEDIA_TYPE + ';charset=utf-8'
MAX_ITEMS_PER_PAGE = 500


def matches(path):
    return bool(API_KEYS_RE.match(path) or API_KEY_RE.match(path))


def handle(request, core):
    """Route one authenticated request whose path ``matches``."""
    listing = API_KEYS_RE.match(request.path)
    match = listing or API_KEY_RE.match(request.path)
    allowed = 'GET' if listing else 'DELETE'
    if request.method != allowed:
        return method_not_allowed(request, (allowed,))
    if MEDIA_TYPE not in media_types(request.header('Accept')):
        return api_error(406, 'INVALID_ACCEPT_HEADER', 'Invalid accept header or version date: this resource only serves %s.' % MEDIA_TYPE)
    org_id = match.group(1)
    refusal = org_and_query_error(request, org_id)
    if refusal:
        return refusal
    if listing:
        return _list(request, core, org_id)
    api_key_id = match.group(2)
    if not re.fullmatch(ORG_ID_PATTERN, api_key_id):
        # The spec's pattern for apiUserId; the error code is the simulator's choice.
        return api_error(400, 'INVALID_PARAMETER', 'The API key ID %s is invalid.' % api_key_id, [api_key_id])
    with core.lock:
        removed = core.state.delete_api_key(org_id, api_key_id)
    if not removed:
        # Atlas's code for an unknown key is not documented: the simulator's choice.
        return api_error(404, 'API_KEY_NOT_FOUND', 'No API key with ID %s exists in organization %s.' % (api_key_id, org_id),
                         [api_key_id, org_id])
    return empty(204)


def _page_parameter(request, name, default, maximum=None):
    text = request.query.get(name)
    if text is None:
        return default, None
    if not text.isdigit() or int(text) < 1 or (maximum is not None and int(text) > maximum):
        return None, api_error(400, 'INVALID_QUERY_PARAMETER', 'Invalid value %s for query parameter %s.' % (text, name), [name])
    return int(text), None


def _list(request, core, org_id):
    per_page, refusal = _page_parameter(request, 'itemsPerPage', 100, MAX_ITEMS_PER_PAGE)
    if refusal:
        return refusal
    page, refusal = _page_parameter(request, 'pageNum', 1)
    if refusal:
        return refusal
    with core.lock:
        keys = core.state.org_api_keys(org_id, with_link_tokens=core.settings.link_token_api_keys == 'listed')
    start = (page - 1) * per_page
    document = {'links': [{'href': 'https://cloud.mongodb.com/api/atlas/v2/orgs/%s/apiKeys?pageNum=%d&itemsPerPage=%d'
                                   % (org_id, page, per_page), 'rel': 'self'}],
                'results': keys[start:start + per_page]}
    if request.query.get('includeCount', 'true').lower() != 'false':
        document['totalCount'] = len(keys)
    return json_response(200, document, SUCCESS_CONTENT_TYPE, pretty=request.flag('pretty'))
