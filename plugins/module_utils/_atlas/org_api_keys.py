# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Atlas organization API keys (Atlas Administration API v2): list all, delete one by id.

The operations of the official spec: ``GET /api/atlas/v2/orgs/{orgId}/apiKeys`` (listOrgApiKeys, a page of
``ApiKeyUserDetails``, Organization Member) and ``DELETE /api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}``
(deleteOrgApiKey, 204, Organization Owner), each in version 2023-01-01 only. Whether the list shows the API key
a link-token created is not documented: callers must treat a key they do not find as "not listed", not as gone.
The list never returns the (redacted) private key.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.api import API_PREFIX, media_type
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.resource import Resource

# listOrgApiKeys and deleteOrgApiKey list one version each.
VERSION = '2023-01-01'
# itemsPerPage: the spec's maximum (default 100).
PAGE_SIZE = 500
# A bound on the pages read, so that a service that keeps answering full pages cannot keep the module forever.
MAX_PAGES = 100


def api_keys_path(org_id, api_key_id=None):
    path = '%s/orgs/%s/apiKeys' % (API_PREFIX, org_id)
    return path if api_key_id is None else '%s/%s' % (path, api_key_id)


def _key(document):
    """One ApiKeyUserDetails, without its private key: id, public_key, desc, roles."""
    return dict(id=document.get('id'), public_key=document.get('publicKey'), desc=document.get('desc'),
                roles=list(document.get('roles') or []))


class AtlasOrgApiKeys(Resource):
    def list(self, org_id):
        """Every API key of the organization (all pages), as [{id, public_key, desc, roles}]. A read: sent in check mode."""
        keys = []
        for page in range(1, MAX_PAGES + 1):
            path = '%s?itemsPerPage=%d&pageNum=%d' % (api_keys_path(org_id), PAGE_SIZE, page)
            response = self.client.request('GET', path, media_type=media_type(VERSION))
            body = response.json if isinstance(response.json, dict) else {}
            results = body.get('results')
            if not isinstance(results, list):
                raise ApiError(response.status, 'GET', path, reason=response.reason, detail='the answer carried no results list')
            keys.extend(_key(document) for document in results if isinstance(document, dict))
            total = body.get('totalCount')
            if len(results) < PAGE_SIZE or (isinstance(total, int) and len(keys) >= total):
                return keys
            if page == MAX_PAGES:
                raise ApiError(response.status, 'GET', path, reason=response.reason,
                               detail='more than %d pages of API keys; stopped reading' % MAX_PAGES)
        return keys

    def delete(self, org_id, api_key_id):
        """Remove one organization API key; False when Atlas answers 404 (no such key: removed already).

        In check mode nothing is sent and the removal is predicted.
        """
        if self.check_mode:
            return True
        response = self.client.request('DELETE', api_keys_path(org_id, api_key_id), media_type=media_type(VERSION),
                                       ok=(200, 202, 204, 404))
        return response.status != 404
