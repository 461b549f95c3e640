# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Atlas live migrations (Atlas Administration API v2), after the link: available source
projects, validation, migration jobs and cutover.

Each call states its path, the exact resource version the OpenAPI spec lists for it
(``x-xgen-version``) and the statuses it accepts. In check mode only reads are sent and each
write returns what it would return.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.api import API_PREFIX, media_type
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.resource import Resource

# Versions per operation, as the spec lists them. Create and validate have two versions; the
# request body of 2024-05-30 (LiveMigrationRequest20240530, dropDestinationData) is the one sent.
CREATE_VERSION = '2024-05-30'
VALIDATE_VERSION = '2024-05-30'
GET_VALIDATION_VERSION = '2023-01-01'
GET_VERSION = '2023-01-01'
CUTOVER_VERSION = '2023-01-01'
AVAILABLE_PROJECTS_VERSION = '2023-01-01'


def groups_path(group_id, *rest):
    return '/'.join(('%s/groups/%s/liveMigrations' % (API_PREFIX, group_id),) + rest)


def available_projects_path(org_id):
    return '%s/orgs/%s/liveMigrations/availableProjects' % (API_PREFIX, org_id)


class AtlasLiveMigrations(Resource):
    def available_projects(self, org_id):
        response = self.client.request('GET', available_projects_path(org_id), media_type=media_type(AVAILABLE_PROJECTS_VERSION))
        return response.json if isinstance(response.json, list) else []

    def validate(self, group_id, body):
        """Start a validation; in check mode (a validation is a POST) an empty one: no _id, no status."""
        if self.check_mode:
            return {}
        path = groups_path(group_id, 'validate')
        response = self.client.request('POST', path, body=body, media_type=media_type(VALIDATE_VERSION), ok=(200, 201))
        document = _object(response, 'POST', path)
        if not document.get('_id'):
            raise ApiError(response.status, 'POST', path, reason=response.reason, detail='the answer carried no validation _id')
        return document

    def get_validation(self, group_id, validation_id):
        path = groups_path(group_id, 'validate', validation_id)
        response = self.client.request('GET', path, media_type=media_type(GET_VALIDATION_VERSION))
        return _object(response, 'GET', path)

    def create(self, group_id, body):
        """Start a migration; in check mode the job it would be: no _id, no status, the migration hosts asked for."""
        if self.check_mode:
            return {'migrationHosts': list(body['migrationHosts'])}
        path = groups_path(group_id)
        response = self.client.request('POST', path, body=body, media_type=media_type(CREATE_VERSION), ok=(200, 201))
        document = _object(response, 'POST', path)
        if not document.get('_id'):
            raise ApiError(response.status, 'POST', path, reason=response.reason, detail='the answer carried no migration _id',
                           hint='A migration may have started anyway: check the project in the Atlas UI before running again.')
        return document

    def get(self, group_id, live_migration_id):
        """The job, or None when Atlas answers 404."""
        path = groups_path(group_id, live_migration_id)
        response = self.client.request('GET', path, media_type=media_type(GET_VERSION), ok=(200, 404))
        if response.status == 404:
            return None
        return _object(response, 'GET', path)

    def cutover(self, group_id, live_migration_id):
        """Request the cutover (nothing sent in check mode)."""
        if self.check_mode:
            return
        path = groups_path(group_id, live_migration_id, 'cutover')
        self.client.request('PUT', path, media_type=media_type(CUTOVER_VERSION), ok=(200, 202, 204))


def _object(response, method, path):
    if not isinstance(response.json, dict):
        raise ApiError(response.status, method, path, reason=response.reason, detail='the answer was not a JSON object')
    return response.json
