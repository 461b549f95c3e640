# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The request body of a live migration and of its validation, built from the module options
(arguments.migration_request)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def request_body(params):
    """LiveMigrationRequest20240530 from the module options (None values left out)."""
    source = params['source']
    body_source = {'groupId': source['project_id'], 'clusterName': source['cluster_name'],
                   'managedAuthentication': source['managed_authentication'], 'ssl': source['ssl']}
    for option, field in (('username', 'username'), ('password', 'password'), ('ca_certificate_path', 'caCertificatePath')):
        if source.get(option) is not None:
            body_source[field] = source[option]
    destination = params['destination']
    body_destination = {'groupId': params['project_id'], 'clusterName': destination['cluster_name'],
                        'hostnameSchemaType': destination['hostname_schema_type']}
    if destination.get('private_link_id'):
        body_destination['privateLinkId'] = destination['private_link_id']
    body = {'source': body_source, 'destination': body_destination, 'migrationHosts': [params['migration_host']],
            'dropDestinationData': params['drop_destination_data']}
    sharding = params.get('sharding')
    if sharding:
        body['sharding'] = {
            'createSupportingIndexes': sharding['create_supporting_indexes'],
            'shardingEntries': [{'database': entry['database'], 'collection': entry['collection'],
                                 'shardCollection': {'key': entry['shard_key']}}
                                for entry in sharding['sharding_entries']],
        }
    return body
