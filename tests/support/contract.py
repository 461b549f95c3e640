# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validate recorded Atlas requests against the official OpenAPI subset (the contract).

Used by the unit tests and by playbook-level suites: they hand over entries of the
simulator's request log; every Atlas API request must validate (path, method, query,
media types, body and the presence of an authentication scheme the spec allows).
"""

import json
import os
import re
from pathlib import Path

from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest
import requests

from tests.support.request_log import is_challenge

SPEC_NAME = 'atlas-live-migration-openapi.yaml'
_ROOT = Path(__file__).resolve().parents[2]
# ansible-test passes no LIVEMIGRATE_SHARED (nor CI) to integration targets: the integration sessions copy the
# shared folder's reference/*.yaml here in their copy of the collection, with a REQUIRED file when CI is set
# (noxfile.py, provide_reference). Not committed (.gitignore).
COPIED = _ROOT / 'tests' / 'integration' / 'targets' / 'setup_simulator' / 'files' / 'reference'


def spec_candidates():
    """Where the spec may be, first match wins: $LIVEMIGRATE_SHARED/reference/, the integration sessions' copy,
    ../shared/reference/ beside the checkout."""
    if os.environ.get('LIVEMIGRATE_SHARED'):
        yield Path(os.environ['LIVEMIGRATE_SHARED']) / 'reference' / SPEC_NAME
    yield COPIED / SPEC_NAME
    yield _ROOT.parent / 'shared' / 'reference' / SPEC_NAME


SPEC = next((path for path in spec_candidates() if path.is_file()), next(spec_candidates()))
ATLAS_PREFIX = '/api/atlas/v2/'
# The spec names its production server; the path, not the host, is what is checked.
SPEC_SERVER = 'https://cloud.mongodb.com'

_openapi = None


def spec_path():
    if not SPEC.is_file():
        raise RuntimeError('Atlas OpenAPI spec %s not found in %s (set LIVEMIGRATE_SHARED to the shared/ folder)'
                           % (SPEC_NAME, ', '.join(str(path.parent) for path in spec_candidates())))
    return SPEC


def spec_required():
    """True in CI (which always has the shared folder): a missing spec is a failure there, not a skip."""
    return bool(os.environ.get('CI')) or (COPIED / 'REQUIRED').is_file()


def openapi():
    global _openapi  # pylint: disable=global-statement
    if _openapi is None:
        # Atlas' versioned media types are JSON; openapi-core only knows application/json by name.
        versions = {'application/vnd.atlas.%s+json' % v: json.loads for v in ('2023-01-01', '2023-02-01', '2024-05-30')}
        _openapi = OpenAPI.from_file_path(str(spec_path()), config=Config(extra_media_type_deserializers=versions))
    return _openapi


def atlas_entries(log):
    """The Atlas API requests of a simulator log, leaving out bare digest challenges."""
    return [e for e in log if e['path'].startswith(ATLAS_PREFIX) and not is_challenge(e)]


def validate_entry(entry):
    """Raise an openapi-core validation error when the recorded request breaks the contract."""
    headers = dict(entry['headers'])
    # The log drops Authorization (it carries secrets); put back a placeholder of the same scheme.
    if entry.get('auth') == 'digest':
        headers['Authorization'] = 'Digest username="x"'
    elif entry.get('auth') == 'bearer':
        headers['Authorization'] = 'Bearer x'
    request = requests.Request(
        method=entry['method'],
        url=SPEC_SERVER + entry['path'],
        params=entry.get('query') or {},
        headers=headers,
        data=entry.get('body') or None,
    ).prepare()
    openapi().validate_request(RequestsOpenAPIRequest(request))


def validate_log(log):
    """Validate every Atlas request of a log; return how many were checked."""
    entries = atlas_entries(log)
    for entry in entries:
        validate_entry(entry)
    return len(entries)


def body_json(entry):
    return json.loads(entry['body']) if entry.get('body') else None


# -- Cloud Manager / Ops Manager: the documented request shapes ----------------------------------
# There is no machine-readable spec for these three calls; the shapes below are the ones
# MongoDB documents (shared/reference/api-facts.md, section 2).

OM_PREFIX = '/api/public/v1.0/'
_OM_LINK = r'/api/public/v1\.0/orgs/[a-f0-9]{24}/liveExport/migrationLink'
OM_ROUTES = (
    ('GET', re.compile('^%s/status$' % _OM_LINK)),
    ('POST', re.compile('^%s$' % _OM_LINK)),
    ('DELETE', re.compile('^%s$' % _OM_LINK)),
)
OM_QUERY = frozenset(['pretty'])  # envelope is documented, but its status hides the link's own: never send it


class OmContractError(AssertionError):
    """A recorded Cloud/Ops Manager request that breaks the documented shape."""


def om_entries(log):
    """The Cloud/Ops Manager API requests of a simulator log (bare digest challenges included: same shape)."""
    return [e for e in log if e['path'].startswith(OM_PREFIX)]


def _header(entry, name):
    for key, value in (entry.get('headers') or {}).items():
        if key.lower() == name.lower():
            return value
    return None


def validate_om_entry(entry):
    """Raise OmContractError when the request is not one of the documented calls, exactly."""
    where = '%s %s' % (entry['method'], entry['path'])
    if not any(method == entry['method'] and pattern.match(entry['path']) for method, pattern in OM_ROUTES):
        raise OmContractError('%s: not a documented migration-link call' % where)
    query = entry.get('query') or {}
    if set(query) - OM_QUERY:
        raise OmContractError('%s: query parameters %s (envelope must never be sent)' % (where, sorted(set(query) - OM_QUERY)))
    accept = _header(entry, 'Accept')
    if accept is None or [part.split(';')[0].strip().lower() for part in accept.split(',')] != ['application/json']:
        raise OmContractError('%s: Accept must be application/json, got %r' % (where, accept))
    body = entry.get('body')
    if entry['method'] == 'POST':
        content_type = (_header(entry, 'Content-Type') or '').split(';')[0].strip().lower()
        if content_type != 'application/json':
            raise OmContractError('%s: Content-Type must be application/json, got %r' % (where, content_type))
        try:
            document = json.loads(body or '')
        except ValueError:
            raise OmContractError('%s: the body is not JSON' % where) from None
        if not isinstance(document, dict) or set(document) != {'linkToken'} or not isinstance(document['linkToken'], str) \
                or not document['linkToken']:
            # The value is a secret: name the keys only.
            raise OmContractError('%s: the body must be exactly {"linkToken": <str>}, got keys %s'
                                  % (where, sorted(document) if isinstance(document, dict) else type(document).__name__))
    elif body:
        raise OmContractError('%s: a %s carries no body' % (where, entry['method']))


def validate_om_log(log):
    """Validate every Cloud/Ops Manager request of a log; return how many were checked."""
    entries = om_entries(log)
    for entry in entries:
        validate_om_entry(entry)
    return len(entries)
