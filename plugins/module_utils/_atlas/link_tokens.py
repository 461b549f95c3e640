# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Atlas link-tokens (Atlas Administration API v2): create and delete.

Each call states its path, its versioned media type and the statuses it accepts once, so that
what the live service really answers (201 where the spec says 200, 404 on deleting nothing) is
absorbed here. In check mode nothing is sent and each write returns what it would return.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.api import API_PREFIX, media_type
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.resource import Resource
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om import link_token_format

# Link tokens have exactly one resource version.
VERSION = '2023-01-01'


def link_tokens_path(org_id):
    return '%s/orgs/%s/liveMigrations/linkTokens' % (API_PREFIX, org_id)


class AtlasLinkTokens(Resource):
    def create(self, org_id, access_list_ips=None):
        """Create one link-token; return it (a secret: it carries a live private key). None in check mode."""
        if self.check_mode:
            return None
        path = link_tokens_path(org_id)
        body = {} if access_list_ips is None else {'accessListIps': list(access_list_ips)}
        response = self.client.request('POST', path, body=body, media_type=media_type(VERSION), ok=(200, 201))
        token = response.json.get('linkToken') if isinstance(response.json, dict) else None
        if not token:
            raise ApiError(response.status, 'POST', path, reason=response.reason,
                           detail='the answer carried no linkToken',
                           hint='A token may have been created anyway; remove unused tokens with state=absent.')
        self.client.remember_secrets(link_token_format.secrets(token))
        return token

    def delete(self, org_id):
        """Remove the organization's link-token(s); False when there was nothing to remove.

        Atlas decides on the status code: 404 means nothing to delete, whatever errorCode says
        (it has been both null and UNEXPECTED_ERROR). Atlas cannot list link-tokens, so check
        mode predicts a removal.
        """
        if self.check_mode:
            return True
        path = link_tokens_path(org_id)
        response = self.client.request('DELETE', path, media_type=media_type(VERSION), ok=(200, 202, 204, 404))
        return response.status != 404
