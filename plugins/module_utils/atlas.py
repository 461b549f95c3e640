# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Atlas Administration API v2 calls this collection makes.

Each call states its path, its versioned media type and the statuses it accepts once,
so that what the live service really answers (201 where the spec says 200, 404 on
deleting nothing) is absorbed here and modules see one clean answer.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import ApiError

API_PREFIX = '/api/atlas/v2'
# Link tokens have exactly one resource version.
LINK_TOKENS_VERSION = '2023-01-01'


def media_type(version):
    return 'application/vnd.atlas.%s+json' % version


def link_tokens_path(org_id):
    return '%s/orgs/%s/liveMigrations/linkTokens' % (API_PREFIX, org_id)


class AtlasApi:
    def __init__(self, client):
        self.client = client

    def create_link_token(self, org_id, access_list_ips=None):
        """Create one link-token; return it (a secret: it carries a live private key)."""
        path = link_tokens_path(org_id)
        body = {} if access_list_ips is None else {'accessListIps': list(access_list_ips)}
        response = self.client.request('POST', path, body=body, media_type=media_type(LINK_TOKENS_VERSION), ok=(200, 201))
        token = response.json.get('linkToken') if isinstance(response.json, dict) else None
        if not token:
            raise ApiError(response.status, 'POST', path, reason=response.reason,
                           detail='the answer carried no linkToken',
                           hint='A token may have been created anyway; remove unused tokens with state=absent.')
        self.client.remember_link_token(token)
        return token

    def delete_link_tokens(self, org_id):
        """Remove the organization's link-token(s); False when there was nothing to remove.

        Atlas decides on the status code: 404 means nothing to delete, whatever errorCode says
        (it has been both null and UNEXPECTED_ERROR).
        """
        path = link_tokens_path(org_id)
        response = self.client.request('DELETE', path, media_type=media_type(LINK_TOKENS_VERSION), ok=(200, 202, 204, 404))
        return response.status != 404
