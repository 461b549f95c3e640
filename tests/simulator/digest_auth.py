"""HTTP Digest (RFC 7616, MD5, qop=auth) the way MongoDB's public APIs do it."""

import hashlib
import hmac
import re
import secrets

from .constants import DIGEST_REALM

_PARAM_RE = re.compile(r'([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')

# Outcomes of verify(); the handler turns everything but OK into a 401 (or 400 for BAD_URI).
OK, NO_USER, BAD_RESPONSE, UNKNOWN_NONCE, STALE_NONCE, MALFORMED, BAD_URI = (
    'ok', 'no_user', 'bad_response', 'unknown_nonce', 'stale_nonce', 'malformed', 'bad_uri')


def _md5(text):
    return hashlib.md5(text.encode('utf-8')).hexdigest()  # nosec - MD5 is what the protocol mandates


def parse_digest(header_value):
    """The parameters of an ``Authorization: Digest ...`` header value (without the scheme)."""
    params = {}
    for match in _PARAM_RE.finditer(header_value):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        params[match.group(1).lower()] = re.sub(r'\\(.)', r'\1', value)
    return params


class DigestAuthority:
    """Issues nonces and checks responses; callers hold the server lock.

    Nonces stay valid for the server's life (``requests`` reuses one pre-emptively for the whole
    session, so one handshake per session) unless a ``stale_nonce`` fault retires one.
    """

    def __init__(self):
        self.users = {}
        self._nonces = set()
        self._stale = set()

    def new_nonce(self):
        nonce = secrets.token_urlsafe(24)
        self._nonces.add(nonce)
        return nonce

    def mark_stale(self, nonce):
        self._nonces.discard(nonce)
        self._stale.add(nonce)

    @staticmethod
    def challenge(nonce, stale=False):
        return 'Digest realm="%s", domain="", nonce="%s", algorithm=MD5, qop="auth", stale=%s' % (
            DIGEST_REALM, nonce, 'true' if stale else 'false')

    def verify(self, params, method, request_uri):
        """One of the outcome constants above."""
        needed = ('username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce')
        if any(key not in params for key in needed) or params['qop'] != 'auth':
            return MALFORMED
        if params.get('algorithm', 'MD5').upper() != 'MD5' or params['realm'] != DIGEST_REALM:
            return MALFORMED
        password = self.users.get(params['username'])
        if password is None:
            return NO_USER
        ha1 = _md5('%s:%s:%s' % (params['username'], DIGEST_REALM, password))
        ha2 = _md5('%s:%s' % (method, params['uri']))
        expected = _md5(':'.join((ha1, params['nonce'], params['nc'], params['cnonce'], 'auth', ha2)))
        if not hmac.compare_digest(expected, params['response'].lower()):
            return BAD_RESPONSE
        if params['nonce'] in self._stale:
            return STALE_NONCE
        if params['nonce'] not in self._nonces:
            return UNKNOWN_NONCE
        if params['uri'] != request_uri:
            return BAD_URI
        return OK
