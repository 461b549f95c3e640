"""The answer objects every route returns, and MongoDB's ApiError body."""

import json
from http import HTTPStatus

from .constants import JSON


class Response:
    """One HTTP answer; built by the routes, written by the handler (which may still fault it)."""

    def __init__(self, status, body=b'', content_type=None, headers=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        if content_type:
            self.headers['Content-Type'] = content_type


def reason(status):
    """The HTTP reason phrase MongoDB puts in the ApiError ``reason`` field."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return 'Unknown'


def json_response(status, document, content_type=JSON, headers=None, pretty=False):
    """Serialise ``document`` as the body of a JSON answer."""
    text = json.dumps(document, indent=2 if pretty else None)
    return Response(status, text.encode('utf-8'), content_type, headers)


def api_error_body(status, error_code, detail, parameters=None):
    """The ApiError document: the same five keys on every MongoDB error."""
    return {
        'detail': detail,
        'error': status,
        'errorCode': error_code,
        'parameters': parameters,
        'reason': reason(status),
    }


def api_error(status, error_code, detail, parameters=None, headers=None):
    """An ApiError answer; errors are always plain ``application/json``, even on Atlas v2."""
    return json_response(status, api_error_body(status, error_code, detail, parameters), headers=headers)


def empty(status=204):
    """An answer without a body (204 for deletes)."""
    return Response(status)
