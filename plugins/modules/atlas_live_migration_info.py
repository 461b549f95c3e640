#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_live_migration_info
short_description: Read the state of push live migrations to MongoDB Atlas, one or many in one run
version_added: 0.1.0
description:
  - Reads one migration job (status, replication lag, whether it is ready for cutover), or with O(live_migrations)
    many of them in one module run.
  - A migration Atlas does not know (HTTP 404) is not an error; RV(exists) is then V(false).
  - With O(live_migrations), the module sends one C(GET) per migration, in the order given, over one HTTP session (one
    authentication, one connection kept open), and returns them in RV(live_migrations) in the same order. This is the
    read of a campaign pass, every recorded migration in one module run, however many there are.
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
      - Required unless O(live_migrations) is given; goes with O(live_migration_id).
    type: str
  live_migration_id:
    description:
      - ID of the migration (24 lowercase hexadecimal characters), as returned by M(livemigrate.mongodb.atlas_live_migration).
      - Required with O(project_id).
    type: str
  live_migrations:
    description:
      - Many migrations to read in one run, each C({project_id, live_migration_id}) (both required, both 24 lowercase
        hexadecimal characters); for example the C(destination.project_id) and C(id) of the records of
        M(livemigrate.mongodb.migration_state).
      - Mutually exclusive with O(project_id) and O(live_migration_id). An empty list reads nothing.
      - Every entry is checked before any request is sent; a bad one fails the task, naming it
        (for example C(live_migrations[3].project_id)). A migration listed twice is refused.
    type: list
    elements: dict
    suboptions:
      project_id:
        description: ID of the destination Atlas project. Required.
        type: str
      live_migration_id:
        description: ID of the migration. Required.
        type: str
    version_added: 0.1.0
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

- name: Read many migrations in one module run
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Read three migrations (one GET each, one HTTP session)
      livemigrate.mongodb.atlas_live_migration_info:
        live_migrations:
          - {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, live_migration_id: 6f0a1b2c3d4e5f6071829304}
          - {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, live_migration_id: 6f0a1b2c3d4e5f6071829305}
          - {project_id: 64b7c2e9d1a3b6c8e0f1a2b4, live_migration_id: 6f0a1b2c3d4e5f6071829306}
      register: read

    - name: Show the ones ready for cutover, and those Atlas no longer knows
      ansible.builtin.debug:
        msg:
          ready: "{{ read.live_migrations | selectattr('ready_for_cutover') | map(attribute='id') | list }}"
          unknown: "{{ read.live_migrations | rejectattr('exists') | map(attribute='id') | list }}"
'''

RETURN = r'''
exists:
  description: Whether Atlas knows the migration. When V(false), the other job fields are V(null) or empty.
  returned: without O(live_migrations)
  type: bool
  sample: true
id:
  description: ID of the migration.
  returned: without O(live_migrations)
  type: str
  sample: 6f0a1b2c3d4e5f6071829304
status:
  description: C(NEW), C(WORKING), C(FAILED), C(COMPLETE) or C(EXPIRED).
  returned: without O(live_migrations)
  type: str
  sample: WORKING
lag_time_seconds:
  description: Replication lag between source and destination; Atlas reports it only while the migration replicates.
  returned: without O(live_migrations)
  type: int
  sample: 2
ready_for_cutover:
  description: Whether the migration can be cut over now.
  returned: without O(live_migrations)
  type: bool
  sample: true
migration_hosts:
  description: The migration host(s) of the migration.
  returned: without O(live_migrations)
  type: list
  elements: str
  sample: [mh1.example.com]
project_id:
  description: The destination Atlas project.
  returned: without O(live_migrations)
  type: str
  sample: 64b7c2e9d1a3b6c8e0f1a2b3
live_migrations:
  description:
    - One entry per entry of O(live_migrations), in the same order. A migration Atlas does not know (HTTP 404) has
      C(exists=false), C(status=null) and empty C(migration_hosts).
  returned: with O(live_migrations)
  type: list
  elements: dict
  contains:
    project_id:
      description: The destination Atlas project.
      type: str
      sample: 64b7c2e9d1a3b6c8e0f1a2b3
    id:
      description: ID of the migration.
      type: str
      sample: 6f0a1b2c3d4e5f6071829304
    exists:
      description: Whether Atlas knows the migration.
      type: bool
      sample: true
    status:
      description: C(NEW), C(WORKING), C(FAILED), C(COMPLETE) or C(EXPIRED); V(null) when Atlas does not know it.
      type: str
      sample: WORKING
    ready_for_cutover:
      description: Whether the migration can be cut over now.
      type: bool
      sample: true
    lag_time_seconds:
      description: Replication lag; Atlas reports it only while the migration replicates.
      type: int
      sample: 2
    migration_hosts:
      description: The migration host(s) of the migration.
      type: list
      elements: str
      sample: [mh1.example.com]
  sample:
    - {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, id: 6f0a1b2c3d4e5f6071829304, exists: true, status: WORKING,
       ready_for_cutover: true, lag_time_seconds: 2, migration_hosts: [mh1.example.com]}
    - {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, id: 6f0a1b2c3d4e5f6071829305, exists: false, status: null,
       ready_for_cutover: null, lag_time_seconds: null, migration_hosts: []}
  version_added: 0.1.0
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import job_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id

ENTRY_OPTIONS = ('project_id', 'live_migration_id')


def validate(module):
    params = module.params
    if params['live_migrations'] is None:
        validate_object_id(params['project_id'], 'project_id')
        validate_object_id(params['live_migration_id'], 'live_migration_id')
        return
    seen = {}
    for index, entry in enumerate(params['live_migrations']):
        name = 'live_migrations[%d]' % index
        for option in ENTRY_OPTIONS:
            if entry.get(option) is None:
                raise InputError('%s.%s' % (name, option), 'is required: each entry is {project_id, live_migration_id}.')
            entry[option] = validate_object_id(entry[option], '%s.%s' % (name, option))
        pair = (entry['project_id'], entry['live_migration_id'])
        if pair in seen:
            raise InputError(name, 'lists migration %s of project %s again (as %s); give each migration once.' % (
                pair[1], pair[0], seen[pair]))
        seen[pair] = name


def read(migrations, project_id, live_migration_id):
    """One job as the module returns it; a job Atlas does not know (404) is exists=false, not an error."""
    job = migrations.get(project_id, live_migration_id)
    result = dict(project_id=project_id, exists=job is not None)
    result.update(job_result(job))
    if job is None:
        result['id'] = live_migration_id
    return result


def run(module, client):
    params = module.params
    migrations = AtlasLiveMigrations(client)  # one client: one HTTP session for every read
    if params['live_migrations'] is None:
        return dict(read(migrations, params['project_id'], params['live_migration_id']), changed=False), None
    return dict(changed=False, live_migrations=[read(migrations, entry['project_id'], entry['live_migration_id'])
                                                for entry in params['live_migrations']]), None


def main():
    run_module(arguments.atlas_live_migration_info(), run, validate=validate)


if __name__ == '__main__':
    main()
