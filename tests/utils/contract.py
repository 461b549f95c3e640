"""Validate recorded Atlas requests against the official OpenAPI subset (the contract).

Used by the unit tests and by playbook-level suites: they hand over entries of the
simulator's request log; every Atlas API request must validate (path, method, query,
media types, body and the presence of an authentication scheme the spec allows).
"""

import json
import os
from pathlib import Path

from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest
import requests

SPEC = Path(os.environ.get('LIVEMIGRATE_SHARED', Path(__file__).resolve().parents[2].parent / 'shared')) \
    / 'reference' / 'atlas-live-migration-openapi.yaml'
ATLAS_PREFIX = '/api/atlas/v2/'
# The spec names its production server; the path, not the host, is what is checked.
SPEC_SERVER = 'https://cloud.mongodb.com'

_openapi = None


def spec_path():
    if not SPEC.is_file():
        raise RuntimeError('Atlas OpenAPI spec not found at %s (set LIVEMIGRATE_SHARED to the shared/ folder)' % SPEC)
    return SPEC


def openapi():
    global _openapi  # pylint: disable=global-statement
    if _openapi is None:
        # Atlas' versioned media types are JSON; openapi-core only knows application/json by name.
        versions = {'application/vnd.atlas.%s+json' % v: json.loads for v in ('2023-01-01', '2023-02-01', '2024-05-30')}
        _openapi = OpenAPI.from_file_path(str(spec_path()), config=Config(extra_media_type_deserializers=versions))
    return _openapi


def atlas_entries(log):
    """The Atlas API requests of a simulator log, leaving out bare digest challenges."""
    return [e for e in log if e['path'].startswith(ATLAS_PREFIX) and not e.get('challenge')]


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
