"""OAuth 2.0 client credentials (MongoDB service accounts): clients and bearer tokens."""

import base64
import binascii
import secrets
import time


def parse_basic(header_value):
    """(client_id, secret) from the part after ``Basic ``, or None."""
    try:
        decoded = base64.b64decode(header_value.strip().encode('ascii'), validate=True).decode('utf-8')
    except (binascii.Error, UnicodeError, ValueError):
        return None
    if ':' not in decoded:
        return None
    client_id, secret = decoded.split(':', 1)
    return client_id, secret


class TokenIssuer:
    """Clients and live access tokens; callers hold the server lock."""

    def __init__(self):
        self.clients = {}
        self._tokens = {}  # access token -> (client id, expiry as time.monotonic())

    def client_ok(self, client_id, secret):
        known = self.clients.get(client_id)
        return known is not None and secrets.compare_digest(known.encode('utf-8'), secret.encode('utf-8'))

    def issue(self, client_id, ttl):
        token = secrets.token_urlsafe(48)
        self._tokens[token] = (client_id, time.monotonic() + ttl)
        return token

    def access_tokens(self):
        return list(self._tokens)

    def revoke(self, token):
        return self._tokens.pop(token, None) is not None

    def expire(self, token):
        """Make ``token`` invalid for good (the ``expire_token`` fault)."""
        self._tokens.pop(token, None)

    def valid(self, token):
        entry = self._tokens.get(token)
        if entry is None:
            return False
        if time.monotonic() >= entry[1]:
            del self._tokens[token]
            return False
        return True

    def clear_tokens(self):
        self._tokens = {}
