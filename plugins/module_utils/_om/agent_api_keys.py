# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The agent API keys of a Cloud Manager / Ops Manager project (public API v1.0): list, create, delete.

The full key exists only in the answer to its creation; it is registered with the client as a
secret at once, so that no message can carry it. Absorbs the documented unknowns (docs/
api-facts-agent-api-keys.md): the id as ``id`` (docs) or ``_id`` (MongoDB's Go client),
``createdTime`` as an ISO 8601 string (docs) or epoch milliseconds (Go client), and the list as a
plain array (Go client) or a ``results`` page. Reads return the key masked; so do these views,
whatever the service sends. In check mode only reads are sent and each write returns a prediction.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import ApiError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.timestamps import format_utc
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.api import API_PREFIX
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.resource import Resource

MASK = '****'
NO_PROJECT_HINT = ('Check project_id: it must be the ID of the Cloud Manager / Ops Manager project (Project Settings), and '
                   'the API key needs Project Owner there (Project Read Only to list).')


def agent_api_keys_path(project_id, key_id=None):
    path = '%s/groups/%s/agentapikeys' % (API_PREFIX, project_id)
    return path if key_id is None else '%s/%s' % (path, key_id)


def masked(value):
    """The last four characters behind a mask: all a read may show of a key (never more, even if sent)."""
    return MASK + value[-4:] if isinstance(value, str) and value else None


def _created(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_utc(datetime.datetime.fromtimestamp(value / 1000.0, tz=datetime.timezone.utc))
    return value


def key_view(record):
    """One key as the modules return it: id, desc, created, masked_key (never the key itself)."""
    return dict(id=record.get('id') or record.get('_id'), desc=record.get('desc'),
                created=_created(record.get('createdTime')), masked_key=masked(record.get('key')))


class AgentApiKeys(Resource):
    def list(self, project_id):
        """Every agent API key of the project, as key_view()s. A missing project raises with a hint."""
        path = agent_api_keys_path(project_id)
        response = self.client.request('GET', path, ok=(200, 404))
        if response.status == 404:
            raise ApiError.from_response(response, 'GET', path, hint=NO_PROJECT_HINT)
        body = response.json
        records = body.get('results') if isinstance(body, dict) else body
        if not isinstance(records, list):
            raise ApiError(response.status, 'GET', path, reason=response.reason, detail='the answer carried no list of keys',
                           hint='Check that base_url points to Cloud Manager or Ops Manager.')
        return [key_view(record) for record in records if isinstance(record, dict)]

    def create(self, project_id, desc):
        """A new key: key_view() plus ``key``, the full key (a secret, returned by this answer only). None in check mode."""
        if self.check_mode:
            return None
        path = agent_api_keys_path(project_id)
        response = self.client.request('POST', path, body={'desc': desc}, ok=(200, 201, 404))
        if response.status == 404:
            raise ApiError.from_response(response, 'POST', path, hint=NO_PROJECT_HINT)
        record = response.json if isinstance(response.json, dict) else {}
        key = record.get('key')
        if not isinstance(key, str) or not key:
            raise ApiError(response.status, 'POST', path, reason=response.reason, detail='the answer carried no key',
                           hint='A key may have been created anyway: list the keys with om_agent_api_key_info and remove '
                                'unused ones.')
        self.client.remember_secret(key)
        return dict(key_view(record), key=key)

    def delete(self, project_id, key_id):
        """Remove one key; False when it was gone already (404). True (predicted) in check mode."""
        if self.check_mode:
            return True
        path = agent_api_keys_path(project_id, key_id)
        response = self.client.request('DELETE', path, ok=(200, 202, 204, 404))
        return response.status != 404
