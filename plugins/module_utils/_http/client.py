# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""HTTP client shared by every module: one requests.Session per module run.

It knows HTTP, not Ansible: authentication (Digest or OAuth 2.0 client credentials),
timeouts, TLS, retries (rules in retry.py), error mapping (errors.py) and redaction of
secrets (secrets.py). The resource files (plugins/module_utils/_atlas/, _om/) build on it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import time
from importlib.util import find_spec

# requests is imported on first use (Client.session): importing it takes ~60 ms of a module run,
# and a run that sends nothing (check mode of atlas_link_token, the link role's first task) needs
# no HTTP at all. Whether it is installed is known without importing it.
HAS_REQUESTS = find_spec('requests') is not None
REQUESTS_IMPORT_ERROR = None if HAS_REQUESTS else 'ModuleNotFoundError: No module named requests'

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError, TransportError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.secrets import Secrets
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.version import COLLECTION_VERSION

USER_AGENT = 'livemigrate.mongodb/%s (Ansible collection)' % COLLECTION_VERSION
OAUTH_TOKEN_PATH = '/api/oauth/token'


class Response:
    """What the endpoint layers need from an answer, decoupled from requests."""

    def __init__(self, status, reason, headers, text):
        self.status = status
        self.reason = reason
        self.headers = headers
        self.text = text
        self.json = _parse_json(text)


def _parse_json(text):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


class Client:
    """Sends requests to one server root (``base_url``) with one set of credentials.

    Exactly one auth method: ``public_key``/``private_key`` (HTTP Digest) or
    ``client_id``/``client_secret`` (OAuth 2.0 client credentials, one token per client
    unless the server rejects it as expired). plugins/module_utils/_module/connection.py checks the choice.
    """

    def __init__(self, base_url, public_key=None, private_key=None, client_id=None, client_secret=None,
                 validate_certs=True, ca_path=None, timeout=30, retries=3, warn=None, sleep=time.sleep,
                 retry_policy=None):
        self.base_url = base_url.rstrip('/')
        self.timeout = timeout
        self.policy = retry_policy or RetryPolicy(retries=retries)
        self._warn = warn or (lambda msg: None)
        self._sleep = sleep
        self.secrets = Secrets(known=(private_key, client_secret))
        self._client_credentials = (client_id, client_secret) if client_id else None
        self._access_token = None
        self._digest = (public_key, private_key) if public_key else None
        self._session = None
        # Passed on every request: a Session-level verify loses against REQUESTS_CA_BUNDLE /
        # CURL_CA_BUNDLE in the environment, which would silently ignore ca_path and validate_certs.
        # A private CA only matters while verification is on.
        self._verify = (ca_path or True) if validate_certs else False

    @property
    def session(self):
        """The requests.Session of this run, made (and requests imported) on the first request."""
        if self._session is None:
            try:
                import requests
                from requests.auth import HTTPDigestAuth
            except ImportError as exc:  # installed (find_spec) but broken, for example an incompatible urllib3
                raise TransportError('The Python library requests is installed but cannot be imported: %s. Reinstall it '
                                     'on the host the modules run on (pip install --force-reinstall requests).' % exc)
            self._session = requests.Session()
            self._session.headers['User-Agent'] = USER_AGENT
            if self._digest:
                self._session.auth = HTTPDigestAuth(*self._digest)
            if self._verify is False:
                _silence_insecure_warning()
        return self._session

    # -- public API ---------------------------------------------------------------------------

    def request(self, method, path, body=None, media_type='application/json', ok=(200,)):
        """Send one API request; return a Response whose status is in ``ok``.

        ``media_type`` goes on Accept (and Content-Type when there is a body). Any other
        status raises ApiError; failures without an answer raise TransportError.
        """
        headers = {'Accept': media_type}
        data = None
        if body is not None:
            headers['Content-Type'] = media_type
            data = json.dumps(body)
        response = self._send(method, path, headers=headers, data=data, bearer=True)
        if response.status not in ok:
            raise ApiError.from_response(response, method, path)
        return response

    def remember_secret(self, value):
        """A secret learnt at run time (a link-token, an agent API key): never in a message; on
        ansible-core 2.22+ registered so that Ansible masks it wherever the value shows."""
        self.secrets.learn(value)

    def remember_secrets(self, values):
        for value in values:
            self.secrets.learn(value)

    def redact(self, value):
        """``value`` without any secret of this run (strings, and the strings inside lists and dicts)."""
        return self.secrets.redact(value)

    def close(self):
        if self._session is not None:
            self._session.close()

    # -- sending, retries -------------------------------------------------------------------

    def _send(self, method, path, headers, data=None, bearer=False, auth=None):
        url = self.base_url + path
        # Fetching an OAuth token changes nothing on the server: safe to resend like a read.
        idempotent = method in IDEMPOTENT_METHODS or path == OAUTH_TOKEN_PATH
        import requests  # imported already by self.session; a local name for the except clauses
        session = self.session
        refreshed = False
        waited = 0.0
        attempt = 0
        while True:
            if bearer and self._client_credentials:
                headers['Authorization'] = 'Bearer %s' % self._token()
            try:
                raw = session.request(method, url, headers=headers, data=data, timeout=self.timeout, auth=auth,
                                      verify=self._verify)
            except requests.exceptions.RequestException as exc:
                failure = self._transport_error(exc, method, path, idempotent)
                # A TLS failure does not heal by waiting; a write that may have been processed must not be resent.
                tls = isinstance(exc, requests.exceptions.SSLError)
                if tls or (failure.maybe_processed and not idempotent) or attempt >= self.policy.retries:
                    raise failure
                delay = self.policy.delay(attempt)
                self._warn_retry(method, path, str(failure), attempt, delay)
            else:
                response = Response(raw.status_code, raw.reason, raw.headers, raw.text)
                if response.status == 401 and not refreshed and (
                        (bearer and self._client_credentials) or _stale_nonce(response)):
                    # An expired access token (fetch a new one) or a stale digest nonce (requests answers
                    # only one challenge per request, so the handshake's own request can end here):
                    # resend once; requests picks up the new challenge.
                    refreshed = True
                    self._access_token = None
                    continue
                if not self.policy.retryable_status(response.status, idempotent) or attempt >= self.policy.retries:
                    return response
                retry_after = parse_retry_after(response.headers.get('Retry-After'))
                delay = self.policy.delay(attempt, retry_after)
                if waited + delay > self.policy.budget:
                    raise ApiError.from_response(
                        response, method, path,
                        hint='The service asked to wait %ss, more than this module waits (%ss in all); run the task again later.'
                             % (_seconds(delay), _seconds(self.policy.budget)))
                self._warn_retry(method, path, 'HTTP %s' % response.status, attempt, delay)
            self._sleep(delay)
            waited += delay
            attempt += 1

    def _warn_retry(self, method, path, what, attempt, delay):
        # A transport error's message names the request already: say it once.
        prefix = '%s %s: ' % (method, path)
        text = self.redact(what if what.startswith(prefix) else prefix + what).rstrip('.')
        self._warn('%s; retry %d of %d in %ss.' % (text, attempt + 1, self.policy.retries, _seconds(delay)))

    def _transport_error(self, exc, method, path, idempotent):
        """Map a requests exception; says whether the request may have been processed."""
        import requests
        if isinstance(exc, requests.exceptions.SSLError):
            return TransportError(
                '%s %s: TLS verification failed (%s). For a server with a private CA set ca_path to its CA '
                'bundle; validate_certs=false turns verification off (not recommended).'
                % (method, self.base_url + path, self.redact(_short(exc))))
        not_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or _refused(exc)
        if isinstance(exc, requests.exceptions.Timeout):
            what = 'no answer within %ss (timeout)' % _seconds(self.timeout)
        elif not_sent:
            what = 'could not connect to %s' % self.base_url
        else:
            what = 'the connection was dropped before an answer came'
        if not not_sent and not idempotent:
            return TransportError(
                '%s %s: %s. The request may have been processed, so it was not sent again: '
                'check the state before running the task again.' % (method, path, what),
                maybe_processed=True)
        return TransportError('%s %s: %s (%s).' % (method, path, what, self.redact(_short(exc))),
                              maybe_processed=not not_sent)

    # -- OAuth -------------------------------------------------------------------------------

    def _token(self):
        if self._access_token is None:
            from requests.auth import HTTPBasicAuth
            client_id, client_secret = self._client_credentials[0], self._client_credentials[1]
            response = self._send(
                'POST', OAUTH_TOKEN_PATH,
                headers={'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded'},
                data='grant_type=client_credentials',
                auth=HTTPBasicAuth(client_id, client_secret))
            token = response.json.get('access_token') if isinstance(response.json, dict) else None
            if response.status != 200 or not token:
                error = ApiError.from_response(
                    response, 'POST', OAUTH_TOKEN_PATH,
                    hint='Check client_id and client_secret of the service account, and its API access list.')
                if isinstance(response.json, dict) and response.json.get('error') and not error.detail:
                    error = ApiError(response.status, 'POST', OAUTH_TOKEN_PATH, error_code=response.json.get('error'),
                                     detail=response.json.get('error_description'), reason=response.reason,
                                     hint=error.hint)
                raise error
            self._access_token = token
            self.secrets.learn(token)
        return self._access_token


def _stale_nonce(response):
    challenge = response.headers.get('WWW-Authenticate') or ''
    return challenge.lower().startswith('digest') and 'stale=true' in challenge.replace(' ', '').lower()


def _refused(exc):
    """True when no connection was made, so nothing reached the server (any method may be resent)."""
    pending, seen = [exc], set()
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, ConnectionRefusedError) or type(error).__name__ in ('NewConnectionError', 'NameResolutionError'):
            return True
        pending.extend([getattr(error, 'reason', None), error.__cause__, error.__context__])
        pending.extend(arg for arg in getattr(error, 'args', ()) if isinstance(arg, BaseException))
    return False


def _short(exc):
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + '...'


def _seconds(value):
    return ('%.1f' % value).rstrip('0').rstrip('.')


def _silence_insecure_warning():
    # The module warns once itself; urllib3 would otherwise warn on every request.
    try:
        from urllib3.exceptions import InsecureRequestWarning
        import warnings
        warnings.simplefilter('ignore', InsecureRequestWarning)
    except ImportError:
        pass
