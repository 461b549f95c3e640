#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_live_migration_projects_info
short_description: List the source projects, deployments and migration hosts available for push live migration
version_added: 0.1.0
description:
  - Lists the Cloud Manager / Ops Manager projects that can be migrated to an Atlas organization, with their deployments
    and migration hosts. Only projects of source organizations linked to the Atlas organization appear (see the
    C(livemigrate.mongodb.link) role).
  - Use the result to fill O(livemigrate.mongodb.atlas_live_migration#module:source) and
    O(livemigrate.mongodb.atlas_live_migration#module:migration_host).
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.atlas_api
  - livemigrate.mongodb.connection
  - livemigrate.mongodb.attributes
  - livemigrate.mongodb.attributes.actiongroup_atlas
attributes:
  check_mode:
    support: full
    details:
      - Reads only; runs the same in check mode.
  diff_mode:
    support: N/A
    details:
      - Changes nothing.
options:
  org_id:
    description:
      - ID of the Atlas organization (24 lowercase hexadecimal characters) that receives the migrated deployments.
    type: str
    required: true
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs the Organization Owner role.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_live_migration
  - module: livemigrate.mongodb.atlas_live_migration_validation
  - name: Return All Projects Available for Migration (Atlas Administration API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-listorglivemigrationavailableprojects
'''

EXAMPLES = r'''
- name: Find what can be migrated
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.atlas:
      public_key: "{{ atlas_public_key }}"
      private_key: "{{ atlas_private_key }}"
  tasks:
    - name: List the available source projects
      livemigrate.mongodb.atlas_live_migration_projects_info:
        org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
      register: available

    - name: Show the migration hosts of one source project
      ansible.builtin.debug:
        msg: "{{ (available.projects | selectattr('project_id', 'eq', '6a1b2c3d4e5f60718293a4b5') | first).migration_hosts }}"
'''

RETURN = r'''
projects:
  description: The source projects available for migration.
  returned: always
  type: list
  elements: dict
  contains:
    project_id:
      description: ID of the source project.
      type: str
      sample: 6a1b2c3d4e5f60718293a4b5
    name:
      description: Name of the source project.
      type: str
      sample: Payments
    migration_hosts:
      description: Migration hosts configured in that project.
      type: list
      elements: str
      sample: [mh1.example.com]
    deployments:
      description: Deployments of the project that can be migrated. Fields Atlas does not report are V(null).
      type: list
      elements: dict
      contains:
        name:
          description: Name of the deployment (use it as O(livemigrate.mongodb.atlas_live_migration#module:source.cluster_name)).
          type: str
          sample: rs0
        cluster_id:
          description: ID of the deployment.
          type: str
          sample: 32b6e34b3d91647abb20e7b8
        mongodb_version:
          description: MongoDB version it runs.
          type: str
          sample: 7.0.12
        feature_compatibility_version:
          description: Its feature compatibility version.
          type: str
          sample: '7.0'
        sharded:
          description: Whether it is a sharded cluster.
          type: bool
          sample: false
        shards_size:
          description: Number of shards.
          type: int
          sample: 0
        managed:
          description: Whether Automation manages it.
          type: bool
          sample: true
        tls_enabled:
          description: Whether it uses TLS.
          type: bool
          sample: false
        agent_version:
          description: Version of the MongoDB Agent.
          type: str
          sample: 107.0.12.8669-1
        db_size_bytes:
          description: Size on disk, in bytes.
          type: int
          sample: 73400320
        oplog_size_mb:
          description: Size of the oplog, in MB.
          type: int
          sample: 990
org_id:
  description: The Atlas organization.
  returned: always
  type: str
  sample: 5f4b7c2e9d1a3b6c8e0f1a2b
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import project_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_org_id


def validate(module):
    validate_org_id(module.params['org_id'])


def run(module, client):
    org_id = module.params['org_id']
    projects = AtlasLiveMigrations(client).available_projects(org_id)
    return dict(changed=False, org_id=org_id, projects=[project_result(project) for project in projects if isinstance(project, dict)]), None


def main():
    run_module(arguments.atlas_live_migration_projects_info(), run, validate=validate)


if __name__ == '__main__':
    main()
