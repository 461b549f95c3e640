# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Every error class of the collection: raised by the client, the validators, the resources and the modules.

Nothing here depends on Ansible, so the client can be used and tested on its own.
Messages are built from option names, HTTP facts and the service's own ``detail``;
never from a credential or a link-token.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


# What a user can do about an error, by HTTP status.
HINTS = {
    400: 'Check the values sent (organization id, access list entries, link-token).',
    401: 'Check the API key pair or service account credentials, and that the caller\'s IP address is on the key\'s API access list.',
    403: 'The API key or service account needs the Organization Owner role in this organization.',
    404: 'Check the organization id and base_url (the server root, for example https://cloud.mongodb.com).',
    406: 'The server rejected the requested API version; the collection may be too old for this server.',
    409: 'Another operation holds the resource; see the detail.',
    429: 'The API rate limit was reached; wait and retry, or raise the retries option.',
    500: 'The service failed; retry later and contact MongoDB support if it persists.',
    502: 'A proxy or the service is unavailable; retry later.',
    503: 'The service is unavailable; retry later.',
    504: 'The service did not answer in time; retry later.',
}


class LiveMigrateError(Exception):
    """Base class: every error the collection raises on purpose."""

    def to_result(self):
        """Extra keys a module adds to its failure result."""
        return {}


class InputError(LiveMigrateError):
    """An option has a value the collection refuses before sending anything."""

    def __init__(self, option, message):
        self.option = option
        super(InputError, self).__init__('%s: %s' % (option, message))


class BatchError(LiveMigrateError):
    """A module that works on several items failed for some of them.

    ``result`` holds what the module reports besides the message (per-item results, public
    key ids of tokens made before the failure): never a secret. ``cause`` is the first error.
    ``diff`` is the diff of the items that did not fail; the runner shows it in diff mode.
    """

    def __init__(self, message, result, cause=None, diff=None):
        self.result = result
        self.cause = cause
        self.diff = diff
        super(BatchError, self).__init__(message)

    def to_result(self):
        out = dict(self.cause.to_result()) if self.cause else {}
        out.update(self.result)
        return out


class WaitError(LiveMigrateError):
    """A wait ended without reaching its goal (timeout, or a status that can never reach it)."""

    def __init__(self, message, last=None):
        self.last = last or {}
        super(WaitError, self).__init__(message)

    def to_result(self):
        return dict((key, value) for key, value in self.last.items() if key not in ('msg', 'changed', 'failed'))


class StoppedError(LiveMigrateError):
    """A module stopped on purpose and returns what it knows in ``result`` (never a secret): a recorded migration
    that ended, or a migration started whose record could not be written to the state file."""

    def __init__(self, message, result=None):
        self.result = result or {}
        super(StoppedError, self).__init__(message)

    def to_result(self):
        return dict(self.result)


class TransportError(LiveMigrateError):
    """No HTTP answer: connection refused or dropped, timeout, TLS failure.

    ``maybe_processed`` is true when the request may have reached the service
    (a dropped connection or a read timeout after sending a write).
    """

    def __init__(self, message, maybe_processed=False):
        self.maybe_processed = maybe_processed
        super(TransportError, self).__init__(message)

    def to_result(self):
        return {'maybe_processed': self.maybe_processed}


class ApiError(LiveMigrateError):
    """The service answered with an error status (or an answer the collection cannot use)."""

    def __init__(self, status, method, path, error_code=None, detail=None, reason=None,
                 parameters=None, hint=None):
        self.status = status
        self.method = method
        self.path = path
        self.error_code = error_code
        self.detail = detail
        self.reason = reason
        self.parameters = parameters
        self.hint = hint if hint is not None else HINTS.get(status)
        super(ApiError, self).__init__(self._message())

    @classmethod
    def from_response(cls, response, method, path, hint=None):
        """Build from a ``Response``; tolerant of null fields and non-JSON bodies."""
        body = response.json if isinstance(response.json, dict) else {}
        detail = body.get('detail')
        if detail is None and not body and response.text:
            detail = _text_excerpt(response.text)
        return cls(
            status=response.status,
            method=method,
            path=path,
            error_code=body.get('errorCode'),
            detail=detail,
            reason=body.get('reason') or response.reason,
            parameters=body.get('parameters'),
            hint=hint,
        )

    def _message(self):
        msg = '%s %s failed: HTTP %s' % (self.method, self.path, self.status)
        if self.reason:
            msg += ' %s' % self.reason
        if self.error_code:
            msg += ' (errorCode %s)' % self.error_code
        if self.detail:
            msg += ': %s' % self.detail
        if self.hint:
            msg += ('%s %s' % ('' if msg.endswith(('.', '!', '?')) else '.', self.hint))
        return msg

    def to_result(self):
        return {
            'http_status': self.status,
            'error_code': self.error_code,
            'detail': self.detail,
            'parameters': self.parameters,
        }


def _text_excerpt(text, limit=200):
    """A short, single-line look at a non-JSON body (for example a proxy's HTML page)."""
    import re
    plain = re.sub(r'<[^>]*>', ' ', text)
    plain = ' '.join(plain.split())
    if len(plain) > limit:
        plain = plain[:limit] + '...'
    return 'non-JSON answer: %s' % plain if plain else None
