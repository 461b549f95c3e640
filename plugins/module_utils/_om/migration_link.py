# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The Cloud Manager / Ops Manager migration link (public API v1.0): status, create, delete.

Absorbs the documented unknowns: "no link" is either 404 or 200 NOT_SYNCED; creating a
link answers 200 or 201 with either ``{"status": ...}`` or the older SourceOrgView body.
``envelope=true`` is never sent: its ``status`` would collide with the link's own.
In check mode only reads are sent and each write returns what it would return.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om import link_token_format
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.api import API_PREFIX
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.resource import Resource

SYNCED = 'SYNCED'
NOT_SYNCED = 'NOT_SYNCED'


class Unknown:
    """The status has not been read (and the caller did not say it)."""

    def __repr__(self):
        return 'UNKNOWN'


UNKNOWN = Unknown()


def migration_link_path(org_id):
    return '%s/orgs/%s/liveExport/migrationLink' % (API_PREFIX, org_id)


class MigrationLink(Resource):
    def status(self, org_id):
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

    def create(self, org_id, link_token):
        """Link the organization with the token; return the status the answer implies (SYNCED predicted in check mode)."""
        if self.check_mode:
            return SYNCED
        self.client.remember_secrets(link_token_format.secrets(link_token))
        path = migration_link_path(org_id)
        response = self.client.request('POST', path, body={'linkToken': link_token}, ok=(200, 201))
        body = response.json if isinstance(response.json, dict) else {}
        if body.get('status'):
            return body['status']
        # The older SourceOrgView answer has no status; an errorMessage means the sync failed.
        return NOT_SYNCED if body.get('errorMessage') else SYNCED

    def delete(self, org_id, current=UNKNOWN):
        """Remove the link; False when there was none. 409 (a migration runs) raises with the project ids.

        ``current`` is the status known already (None: no link, then nothing is sent). Unknown, the
        DELETE answer (204 or 404) tells on its own; check mode reads the status to predict.
        """
        if current is UNKNOWN and self.check_mode:
            current = self.status(org_id)
        if current is None:
            return False
        if self.check_mode:
            # NOT_SYNCED may be a dead link or the service's way of saying "no link": predicted as a removal.
            return True
        path = migration_link_path(org_id)
        response = self.client.request('DELETE', path, ok=(200, 202, 204, 404, 409))
        if response.status == 409:
            body = response.json if isinstance(response.json, dict) else {}
            projects = ', '.join(str(p) for p in (body.get('parameters') or [])) or 'listed in the detail'
            raise ApiError.from_response(response, 'DELETE', path, hint=(
                'A live migration is running in project(s) %s. Cut it over (or let it end) before removing the link.' % projects))
        return response.status != 404
