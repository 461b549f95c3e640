#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_live_migration_validation
short_description: Validate a push live migration to MongoDB Atlas before starting it
version_added: 0.1.0
description:
  - Asks Atlas to check a migration request (credentials, disk space, MongoDB versions, the migration host) before the
    migration is started with M(livemigrate.mongodb.atlas_live_migration), and waits for the answer.
  - Takes the same request options as M(livemigrate.mongodb.atlas_live_migration).
  - Fails when the validation is C(FAILED), with the reason Atlas gives in RV(error_message).
  - A validation changes nothing in either deployment, so the module reports C(changed=false).
  - With O(state_file), the module records the validation (C(validation_id), C(validation_status)) in the record of
    the destination cluster (key C(<project_id>/<destination.cluster_name>)) of the JSON state file of
    M(livemigrate.mongodb.migration_state), right after Atlas answers the validation request (usually C(PENDING)),
    and again after the wait (C(SUCCESS), C(FAILED), or the status it still had when the wait timed out). The other
    fields of the record (the migration's ID and status) stay as they are; a record that does not exist yet is
    created with the source and destination clusters and the migration host, without a migration ID.
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.atlas_api
  - livemigrate.mongodb.connection
  - livemigrate.mongodb.migration_request
  - livemigrate.mongodb.attributes
  - livemigrate.mongodb.attributes.actiongroup_atlas
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is sent (a validation is a POST); RV(status) is V(null).
      - O(state_file) is read (without its lock) and never written; RV(record) is the record it holds.
  diff_mode:
    support: none
options:
  # The request options are in the migration_request fragment; a validation needs all of them.
  source:
    required: true
  destination:
    required: true
  migration_host:
    required: true
  wait:
    description:
      - Wait until the validation is C(SUCCESS) or C(FAILED).
      - V(false) returns at once, usually with status C(PENDING); read it later with O(validation_id).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait at most.
    type: int
    default: 600
  poll_interval:
    description:
      - Seconds between two reads of the validation while waiting.
    type: float
    default: 5
  validation_id:
    description:
      - ID of a validation started earlier (24 lowercase hexadecimal characters), as returned in RV(validation_id).
      - The module then reads (and waits for) that validation instead of starting a new one; the request options are
        not sent.
    type: str
  state_file:
    description:
      - The JSON state file of M(livemigrate.mongodb.migration_state) on the host the module runs on (the controller),
        where the validation is recorded, as the description says. The same file as the O(state_file) of
        M(livemigrate.mongodb.atlas_live_migration). Its directory is created (mode C(0700)) if missing; a file that is
        not a state file fails the task before any request and is never overwritten.
      - A record that cannot be updated is a warning; the validation's outcome is returned all the same.
      - Not set (the default), nothing is read or written; RV(record) is still returned.
    type: path
    version_added: 0.1.0
  state_lock_timeout:
    description:
      - Seconds to wait for the lock of O(state_file) while another run holds it (it is held for each write only).
    type: int
    default: 60
    version_added: 0.1.0
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs the Organization Owner role.
  - The request is sent with resource version 2024-05-30; the status is read with version 2023-01-01 (the only one).
  - Keep O(state_file) on a local disk of the controller (C(flock)).
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_live_migration
  - module: livemigrate.mongodb.atlas_live_migration_projects_info
  - module: livemigrate.mongodb.migration_state
  - name: Validate One Migration Request (Atlas Administration API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-validategrouplivemigrations
'''

EXAMPLES = r'''
- name: Validate a migration, then start it
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.atlas:
      public_key: "{{ atlas_public_key }}"
      private_key: "{{ atlas_private_key }}"
  tasks:
    - name: Validate the migration request
      livemigrate.mongodb.atlas_live_migration_validation:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        source:
          project_id: 6a1b2c3d4e5f60718293a4b5
          cluster_name: rs0
          managed_authentication: true
        destination:
          cluster_name: Cluster0
        migration_host: mh1.example.com
        wait_timeout: 900

    - name: Start the migration
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        source:
          project_id: 6a1b2c3d4e5f60718293a4b5
          cluster_name: rs0
          managed_authentication: true
        destination:
          cluster_name: Cluster0
        migration_host: mh1.example.com

- name: Collect a failed validation's reason without failing
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Validate
      livemigrate.mongodb.atlas_live_migration_validation:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        source:
          project_id: 6a1b2c3d4e5f60718293a4b5
          cluster_name: rs0
          username: migration-user
          password: "{{ vault_source_password }}"
        destination:
          cluster_name: Cluster0
        migration_host: mh1.example.com
      register: validation
      ignore_errors: true

    - name: Show the reason
      ansible.builtin.debug:
        msg: "{{ validation.status }}: {{ validation.error_message }}"
'''

RETURN = r'''
validation_id:
  description: ID of the validation. V(null) in check mode.
  returned: always
  type: str
  sample: 6f1b2c3d4e5f607182930a4b
status:
  description: C(PENDING), C(SUCCESS) or C(FAILED); V(null) in check mode.
  returned: always
  type: str
  sample: SUCCESS
error_message:
  description: Why the validation failed, as Atlas says; V(null) otherwise.
  returned: always
  type: str
  sample: The destination cluster does not have enough disk space.
source_project_id:
  description: The source project that was validated.
  returned: always
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
project_id:
  description: The destination Atlas project.
  returned: always
  type: str
  sample: 64b7c2e9d1a3b6c8e0f1a2b3
msg:
  description: The outcome.
  returned: always
  type: str
  sample: Validation 6f1b2c3d4e5f607182930a4b of the migration to project 64b7c2e9d1a3b6c8e0f1a2b3 is SUCCESS.
record:
  description:
    - The record of the destination cluster as O(state_file) holds it after the run (without O(state_file), as it would
      be recorded; in check mode, as the file holds it, or V(null)). Never a secret, only the fields of a migration
      record. Also returned when the validation fails or the wait times out.
  returned: always
  type: dict
  sample:
    key: 64b7c2e9d1a3b6c8e0f1a2b3/Cluster0
    source: {project_id: 6a1b2c3d4e5f60718293a4b5, cluster_name: rs0}
    destination: {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, cluster_name: Cluster0}
    migration_host: mh1.example.com
    validation_id: 6f1b2c3d4e5f607182930a4b
    validation_status: SUCCESS
    updated_at: '2026-12-01T21:58:02Z'
  version_added: 0.1.0
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import WaitError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.recorder import request_recorder
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.request import request_body
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import validation_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.polling import poll
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import (
    validate_object_id, validate_recording, validate_request, validate_waits)


def validate(module):
    params = module.params
    validate_request(params)
    if params['validation_id'] is not None:
        validate_object_id(params['validation_id'], 'validation_id')
    validate_recording(params)
    validate_waits(params)


def run(module, client):
    params = module.params
    project_id = params['project_id']
    source_project_id = params['source']['project_id']
    migrations = AtlasLiveMigrations(client, module.check_mode)
    recorder = request_recorder(params, module.check_mode, module.warn)
    if migrations.check_mode:
        # A validation is a POST: nothing is sent, not even the read of a known validation_id (the docs promise nothing sent).
        result = validation_result(project_id, migrations.validate(project_id, request_body(params)), source_project_id)
        result.update(changed=False, record=recorder.read(), msg='Would validate the migration of %s to project %s (check mode: '
                      'nothing sent).' % (params['source']['cluster_name'], project_id))
        return result, None

    if params['validation_id']:
        validation = migrations.get_validation(project_id, params['validation_id'])
    else:
        validation = migrations.validate(project_id, request_body(params))
    validation_id = validation['_id'] if validation.get('_id') else params['validation_id']
    recorder.validation(validation_id, validation.get('status'))  # right after Atlas answered

    if params['wait']:
        validation, finished = poll(lambda: migrations.get_validation(project_id, validation_id),
                                    lambda current: current.get('status') in ('SUCCESS', 'FAILED'),
                                    params['wait_timeout'], params['poll_interval'], first=validation)
        recorder.validation(validation_id, validation.get('status'))
        if not finished:
            result = validation_result(project_id, dict(validation, _id=validation_id), source_project_id)
            raise WaitError('Validation %s of the migration to project %s is still %s after %s seconds; read it again with '
                            'validation_id=%s.' % (validation_id, project_id, validation.get('status'), params['wait_timeout'],
                                                   validation_id), dict(result, record=recorder.record))

    result = validation_result(project_id, dict(validation, _id=validation_id), source_project_id)
    result.update(changed=False, record=recorder.record,
                  msg='Validation %s of the migration to project %s is %s.' % (validation_id, project_id, result['status']))
    if result['status'] == 'FAILED':
        raise WaitError('Validation %s of the migration to project %s FAILED: %s' % (
            validation_id, project_id, result['error_message'] or 'Atlas gave no reason.'), result)
    return result, None


def main():
    run_module(arguments.atlas_live_migration_validation(), run, validate=validate)


if __name__ == '__main__':
    main()
