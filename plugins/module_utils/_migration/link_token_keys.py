# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Finding the Atlas API key of a link-token, to remove a token that ended unused.

A link-token carries the public key of the Atlas organization API key it created (``publicApiKey``). The
organization's API key list (listOrgApiKeys) names each key by its ``publicKey`` and ``id``; the key is
removed by id. Whether that list shows the keys of link-tokens is not documented (api-facts.md, Unknowns 7):
a public key that is not listed is reported, never guessed at, and nothing else is ever removed.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError

# The publicKey of ApiKeyUserDetails: 8 characters (the spec's minLength and maxLength); a link-token's are
# 8 lowercase letters.
PUBLIC_KEY_RE = re.compile(r'^[a-z0-9]{8}\Z')


def validate_public_keys(values, option='public_api_keys'):
    """Each entry a public API key (8 lowercase letters or digits); returns them without repeats, in order."""
    seen = []
    for value in values:
        if not isinstance(value, str) or not PUBLIC_KEY_RE.match(value):
            raise InputError(option, '%r is not the public key of an API key: expected 8 lowercase letters or digits '
                                     '(the public_api_key of a token_info).' % (value,))
        if value not in seen:
            seen.append(value)
    return seen


def match_keys(listed, public_keys):
    """(the listed keys whose public key is asked for, as [{public_key, id}] in the order asked; the public keys
    not listed). ``listed``: the resource's [{id, public_key, ...}]."""
    by_public_key = {}
    for key in listed:
        if key.get('id') and key.get('public_key'):
            by_public_key.setdefault(key['public_key'], []).append(key['id'])
    found = [dict(public_key=public_key, id=key_id) for public_key in public_keys for key_id in by_public_key.get(public_key, [])]
    return found, [public_key for public_key in public_keys if public_key not in by_public_key]


def not_listed_message(org_id, public_keys):
    """What a run says, once, about link-token API keys it could not find to remove."""
    return ('Atlas organization %s does not list the API key of %d unused link-token(s) (public keys %s) under GET '
            '/api/atlas/v2/orgs/%s/apiKeys, so they were not removed: whether Atlas lists the API keys of link-tokens '
            'there is not documented. Look for them in the Atlas UI (Organization Access Manager, API Keys) and delete '
            'them there.' % (org_id, len(public_keys), ', '.join(public_keys), org_id))
