# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cloud Manager / Ops Manager public API v1.0 calls for the migration link.

Absorbs the documented unknowns: "no link" is either 404 or 200 NOT_SYNCED; creating a
link answers 200 or 201 with either ``{"status": ...}`` or the older SourceOrgView body.
``envelope=true`` is never sent: its ``status`` would collide with the link's own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import ApiError

API_PREFIX = '/api/public/v1.0'
SYNCED = 'SYNCED'
NOT_SYNCED = 'NOT_SYNCED'


def migration_link_path(org_id):
    return '%s/orgs/%s/liveExport/migrationLink' % (API_PREFIX, org_id)


class OpsManagerApi:
    def __init__(self, client):
        self.client = client

    def get_link_status(self, org_id):
        """``SYNCED``, ``NOT_SYNCED``, or None when the service says no link exists (404)."""
        path = migration_link_path(org_id) + '/status'
        response = self.client.request('GET', path, ok=(200, 404))
        if response.status == 404:
            return None
        status = response.json.get('status') if isinstance(response.json, dict) else None
        if not status:
            raise ApiError(response.status, 'GET', path, reason=response.reason,
                           detail='the answer carried no status', hint='Check that base_url points to Cloud Manager or Ops Manager.')
        return status

    def create_link(self, org_id, link_token):
        """Link the organization with the token; return the status the answer implies."""
        self.client.remember_link_token(link_token)
        path = migration_link_path(org_id)
        response = self.client.request('POST', path, body={'linkToken': link_token}, ok=(200, 201))
        body = response.json if isinstance(response.json, dict) else {}
        if body.get('status'):
            return body['status']
        # The older SourceOrgView answer has no status; an errorMessage means the sync failed.
        return NOT_SYNCED if body.get('errorMessage') else SYNCED

    def delete_link(self, org_id):
        """Remove the link; False when there was none. 409 (a migration runs) raises with the project ids."""
        path = migration_link_path(org_id)
        response = self.client.request('DELETE', path, ok=(200, 202, 204, 404, 409))
        if response.status == 409:
            body = response.json if isinstance(response.json, dict) else {}
            projects = ', '.join(str(p) for p in (body.get('parameters') or [])) or 'listed in the detail'
            raise ApiError.from_response(response, 'DELETE', path, hint=(
                'A live migration is running in project(s) %s. Cut it over (or let it end) before removing the link.' % projects))
        return response.status != 404
