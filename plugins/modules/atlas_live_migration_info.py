#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_live_migration_info
short_description: Read the state of one push live migration to MongoDB Atlas
version_added: 0.1.0
description:
  - Reads one migration job (status, replication lag, whether it is ready for cutover).
  - A migration Atlas does not know (HTTP 404) is not an error; RV(exists) is then V(false).
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
  project_id:
    description:
      - ID of the destination Atlas project (24 lowercase hexadecimal characters).
    type: str
    required: true
  live_migration_id:
    description:
      - ID of the migration (24 lowercase hexadecimal characters), as returned by M(livemigrate.mongodb.atlas_live_migration).
    type: str
    required: true
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs at least the Organization Member role.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_live_migration
  - name: Return One Migration Job (Atlas Administration API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-getgrouplivemigration
'''

EXAMPLES = r'''
- name: Watch a migration
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.atlas:
      public_key: "{{ atlas_public_key }}"
      private_key: "{{ atlas_private_key }}"
  tasks:
    - name: Read the migration until it is ready for cutover
      livemigrate.mongodb.atlas_live_migration_info:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        live_migration_id: 6f0a1b2c3d4e5f6071829304
      register: migration
      until: migration.ready_for_cutover or migration.status in ['FAILED', 'EXPIRED', 'COMPLETE']
      retries: 120
      delay: 60
'''

RETURN = r'''
exists:
  description: Whether Atlas knows the migration. When V(false), the other job fields are V(null) or empty.
  returned: always
  type: bool
  sample: true
id:
  description: ID of the migration.
  returned: always
  type: str
  sample: 6f0a1b2c3d4e5f6071829304
status:
  description: C(NEW), C(WORKING), C(FAILED), C(COMPLETE) or C(EXPIRED).
  returned: always
  type: str
  sample: WORKING
lag_time_seconds:
  description: Replication lag between source and destination; Atlas reports it only while the migration replicates.
  returned: always
  type: int
  sample: 2
ready_for_cutover:
  description: Whether the migration can be cut over now.
  returned: always
  type: bool
  sample: true
migration_hosts:
  description: The migration host(s) of the migration.
  returned: always
  type: list
  elements: str
  sample: [mh1.example.com]
project_id:
  description: The destination Atlas project.
  returned: always
  type: str
  sample: 64b7c2e9d1a3b6c8e0f1a2b3
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import job_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id


def validate(module):
    validate_object_id(module.params['project_id'], 'project_id')
    validate_object_id(module.params['live_migration_id'], 'live_migration_id')


def run(module, client):
    project_id = module.params['project_id']
    job = AtlasLiveMigrations(client).get(project_id, module.params['live_migration_id'])
    result = dict(changed=False, project_id=project_id, exists=job is not None)
    result.update(job_result(job))
    if job is None:
        result['id'] = module.params['live_migration_id']
    return result, None


def main():
    run_module(arguments.atlas_live_migration_info(), run, validate=validate)


if __name__ == '__main__':
    main()
