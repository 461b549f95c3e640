# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one decoder of the link-token format: standard base64 of a JSON object with the keys
orgId, orgName, publicApiKey and privateApiKey.

Used by the resources that create or send a token (to register it and the private key inside as
secrets), by validation (to refuse what is not a token) and by atlas_link_token (to return the
public parts).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import json

TOKEN_KEYS = frozenset(['orgId', 'orgName', 'publicApiKey', 'privateApiKey'])


def decode(token):
    """The JSON object inside a token (surrounding white space ignored), or None when it is not one."""
    try:
        inner = json.loads(base64.b64decode(token.strip(), validate=True).decode('utf-8'))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, AttributeError):
        return None
    return inner if isinstance(inner, dict) else None


def is_complete(token):
    """Whether the token decodes and holds every documented key."""
    inner = decode(token)
    return inner is not None and TOKEN_KEYS.issubset(inner)


def private_key(token):
    """The live private API key a token carries, or None."""
    inner = decode(token) or {}
    value = inner.get('privateApiKey')
    return value if isinstance(value, str) and value else None


def public_parts(token):
    """The token's non-secret parts (org_id, org_name, public_api_key), or None when it is not in the documented format."""
    inner = decode(token)
    if inner is None or not TOKEN_KEYS.difference(['privateApiKey']).issubset(inner):
        return None
    return dict(org_id=inner['orgId'], org_name=inner['orgName'], public_api_key=inner['publicApiKey'])


def secrets(token):
    """What of a token must never show: the token as given, without surrounding white space, and its private key."""
    if not isinstance(token, str):
        return []
    return [value for value in (token, token.strip(), private_key(token)) if value]
