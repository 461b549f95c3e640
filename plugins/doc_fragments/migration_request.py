# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The migration request both atlas_live_migration and atlas_live_migration_validation take
(module_utils/_module/arguments.py, migration_request). atlas_live_migration_validation marks source,
destination and migration_host required in its own options (migration_request(required=True))."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  project_id:
    description:
      - ID of the destination Atlas project (24 lowercase hexadecimal characters), where the destination cluster lives.
    type: str
    required: true
  source:
    description:
      - The source deployment in Cloud Manager / Ops Manager. Find the values with
        M(livemigrate.mongodb.atlas_live_migration_projects_info).
    type: dict
    suboptions:
      project_id:
        description:
          - ID of the source Cloud Manager / Ops Manager project (24 hexadecimal characters).
        type: str
        required: true
      cluster_name:
        description:
          - Name of the source deployment (replica set or sharded cluster) in that project.
        type: str
        required: true
      managed_authentication:
        description:
          - Whether MongoDB Automation manages the authentication to the source deployment. Leave out O(source.username)
            and O(source.password) then.
        type: bool
        default: false
      username:
        description:
          - SCRAM-SHA user that connects to the source deployment. Goes with O(source.password).
        type: str
      password:
        description:
          - Password of O(source.username). Never logged.
        type: str
      ssl:
        description:
          - Whether the source deployment uses TLS.
        type: bool
        default: false
      ca_certificate_path:
        description:
          - Path, on the migration host, of the CA certificate that signed the source deployment's TLS certificates.
        type: str
  destination:
    description:
      - The destination Atlas cluster, in O(project_id).
    type: dict
    suboptions:
      cluster_name:
        description:
          - Name of the destination Atlas cluster.
        type: str
        required: true
      hostname_schema_type:
        description:
          - Network path from the migration host to the destination cluster.
        type: str
        choices: [PUBLIC, PRIVATE_LINK, VPC_PEERING]
        default: PUBLIC
      private_link_id:
        description:
          - The private endpoint to use; required with O(destination.hostname_schema_type=PRIVATE_LINK).
        type: str
  migration_host:
    description:
      - The one migration host (a MongoDB Agent host configured for migration in Cloud Manager / Ops Manager) that runs
        the migration. Atlas takes exactly one.
    type: str
  drop_destination_data:
    description:
      - Drop all collections of the destination cluster before the migration starts. B(Destroys data.)
    type: bool
    default: false
  sharding:
    description:
      - Sharding of the destination cluster when migrating a replica set to a sharded cluster (MongoDB 6.0 or higher).
        Leave out to shard nothing.
    type: dict
    suboptions:
      create_supporting_indexes:
        description:
          - Let the migration create the indexes the shard keys need.
        type: bool
        required: true
      sharding_entries:
        description:
          - The collections to shard.
        type: list
        elements: dict
        required: true
        suboptions:
          database:
            description: Database of the collection.
            type: str
            required: true
          collection:
            description: Collection to shard.
            type: str
            required: true
          shard_key:
            description:
              - "The shard key, sent to Atlas as given (C(shardCollection.key)), for example C([{\"location\": 1}])."
            type: list
            elements: dict
            required: true
'''
