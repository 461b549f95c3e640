#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: atlas_live_migration
short_description: Start a push live migration to MongoDB Atlas, wait for it, and cut it over
version_added: 0.1.0
description:
  - With O(state=present), starts the push live migration of one Cloud Manager / Ops Manager deployment to an Atlas
    cluster (Atlas Administration API, resource version 2024-05-30). The source organization must be linked to Atlas
    first (C(livemigrate.mongodb.link) role); validate the request first with
    M(livemigrate.mongodb.atlas_live_migration_validation).
  - With O(state=cutover), cuts the migration over to Atlas once it is ready for cutover. Atlas stops synchronizing
    with the source when the cutover completes.
  - Optionally waits (O(wait_for)) until the migration is ready for cutover, or complete.
  - B(Idempotency.) Atlas offers no way to list migrations, so a migration is only found again by its ID. Pass the ID
    that the first run returned as O(live_migration_id); the module then reads that migration and never starts another
    one. Without O(live_migration_id), every run with O(state=present) starts a new migration.
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
      - In check mode only reads are sent (the migration named by O(live_migration_id)); nothing is started or cut
        over, and the module does not wait (the cutover gate is decided on one read).
  diff_mode:
    support: none
options:
  state:
    description:
      - V(present) starts the migration, unless O(live_migration_id) names one that exists (then it is only read).
      - V(cutover) cuts the migration O(live_migration_id) over. Nothing is sent when it is C(COMPLETE) already. It fails
        when the migration is not ready for cutover, or is C(FAILED) or C(EXPIRED). O(cutover_max_lag) adds a gate on
        the replication lag.
    type: str
    choices: [present, cutover]
    default: present
  live_migration_id:
    description:
      - ID of an existing migration (24 lowercase hexadecimal characters), as returned in RV(id) by an earlier run.
      - Required with O(state=cutover). With O(state=present) the module reads this migration instead of starting one,
        and fails if Atlas does not know it.
    type: str
  wait_for:
    description:
      - V(ready_for_cutover) waits until the migration is ready for cutover (or complete).
      - V(complete) waits until the migration is C(COMPLETE); use it with O(state=cutover).
      - Waiting fails as soon as the migration is C(FAILED) or C(EXPIRED), or after O(wait_timeout) seconds.
      - Not set (the default) returns at once.
    type: str
    choices: [ready_for_cutover, complete]
  wait_timeout:
    description:
      - Seconds to wait at most with O(wait_for). The initial sync of a large deployment can take hours.
    type: int
    default: 3600
  poll_interval:
    description:
      - Seconds between two reads of the migration while waiting (also while waiting for the cutover gate).
    type: float
    default: 10
  cutover_max_lag:
    description:
      - With O(state=cutover), the cutover gate. The cutover is requested only when the migration is ready for cutover
        and Atlas reports its C(lagTimeSeconds) at or below this many seconds; the module waits for that up to
        O(cutover_gate_timeout) seconds, reading the migration every O(poll_interval) seconds.
      - When the gate is not met in time, the task fails, naming the lag, the threshold and the seconds waited, and
        returns the migration's RV(status), RV(lag_time_seconds) and RV(ready_for_cutover); nothing was cut over.
      - Not set (the default), the cutover is requested as soon as the migration is ready for cutover, whatever the lag.
      - In check mode the gate is decided on one read, without waiting.
    type: int
    version_added: 0.1.0
  cutover_gate_timeout:
    description:
      - Seconds to wait at most for the cutover gate (O(cutover_max_lag)). V(0) decides on the one read.
    type: int
    default: 0
    version_added: 0.1.0
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs the Organization Owner role.
  - After the migration becomes ready for cutover, Atlas waits 120 hours for the cutover; then the migration becomes
    C(EXPIRED).
  - Options O(source), O(destination) and O(migration_host) are required to start a migration (O(state=present) without
    O(live_migration_id)).
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_live_migration_validation
  - module: livemigrate.mongodb.atlas_live_migration_info
  - module: livemigrate.mongodb.atlas_live_migration_projects_info
  - name: Create One Migration (Atlas Administration API)
    description: The API this module calls to start a migration.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-creategrouplivemigration
'''

EXAMPLES = r'''
- name: Migrate one Ops Manager replica set to Atlas
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.atlas:
      public_key: "{{ atlas_public_key }}"
      private_key: "{{ atlas_private_key }}"
  tasks:
    - name: Start the migration and wait until it is ready for cutover
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        source:
          project_id: 6a1b2c3d4e5f60718293a4b5
          cluster_name: rs0
          username: migration-user
          password: "{{ vault_source_password }}"
        destination:
          cluster_name: Cluster0
        migration_host: mh1.example.com
        wait_for: ready_for_cutover
        wait_timeout: 86400
        poll_interval: 60
      register: migration

    - name: Keep the ID, so that a re-run does not start another migration
      ansible.builtin.debug:
        msg: "Migration {{ migration.id }}, lag {{ migration.lag_time_seconds }} s"

    - name: Cut over once the lag is 10 seconds or less (waiting up to 30 minutes), then wait until complete
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        live_migration_id: "{{ migration.id }}"
        state: cutover
        cutover_max_lag: 10
        cutover_gate_timeout: 1800
        wait_for: complete

- name: Read a known migration again (never starts another one), with the connection from group/all
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.all:
      client_id: "{{ atlas_client_id }}"
      client_secret: "{{ atlas_client_secret }}"
  tasks:
    - name: Ensure the migration runs
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        live_migration_id: 6f0a1b2c3d4e5f6071829304
'''

RETURN = r'''
id:
  description: ID of the migration. V(null) in check mode when a migration would be started.
  returned: always
  type: str
  sample: 6f0a1b2c3d4e5f6071829304
status:
  description:
    - Status of the migration, as Atlas reports it (C(NEW), C(WORKING), C(FAILED), C(COMPLETE), C(EXPIRED)).
    - V(null) in check mode when a migration would be started.
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
cut_over:
  description:
    - Whether this run requested the cutover (in check mode, would request it). V(false) when the migration was complete
      already, with O(state=present), and when the task fails.
  returned: always
  type: bool
  sample: true
  version_added: 0.1.0
project_id:
  description: The destination Atlas project.
  returned: always
  type: str
  sample: 64b7c2e9d1a3b6c8e0f1a2b3
msg:
  description: What was done, or what would be done in check mode.
  returned: always
  type: str
  sample: Started live migration 6f0a1b2c3d4e5f6071829304 in project 64b7c2e9d1a3b6c8e0f1a2b3 (status NEW).
'''

import time

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError, LiveMigrateError, WaitError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.request import request_body
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import job_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE, EXPIRED, FAILED
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.polling import poll
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import (
    validate_cutover_gate, validate_object_id, validate_request, validate_waits)

GOALS = {
    'ready_for_cutover': ('ready for cutover', lambda job: job.get('readyForCutover') is True or job.get('status') == COMPLETE),
    'complete': ('complete', lambda job: job.get('status') == COMPLETE),
}


def validate(module):
    params = module.params
    validate_object_id(params['project_id'], 'project_id')
    if params['live_migration_id'] is not None:
        validate_object_id(params['live_migration_id'], 'live_migration_id')
    elif params['state'] == 'cutover':
        raise InputError('live_migration_id', 'is required with state=cutover.')
    else:
        for option in ('source', 'destination', 'migration_host'):
            if not params[option]:
                raise InputError(option, 'is required to start a migration (state=present without live_migration_id).')
        validate_request(params)
    validate_waits(params)
    validate_cutover_gate(params)


def _describe(job):
    text = 'status %s' % job.get('status')
    if job.get('readyForCutover'):
        text += ', ready for cutover'
    if job.get('lagTimeSeconds') is not None:
        text += ', lag %s s' % job.get('lagTimeSeconds')
    return text


def _wait(module, migrations, project_id, job):
    goal, reached = GOALS[module.params['wait_for']]
    job_id = job['_id']

    def done(current):
        if reached(current):
            return True
        if current.get('status') in (FAILED, EXPIRED):
            raise WaitError('Live migration %s is %s, it can never be %s.%s' % (
                job_id, current.get('status'), goal,
                ' It was ready for cutover for longer than the cutover window (120 hours in Atlas).'
                if current.get('status') == EXPIRED else ' See the migration in the Atlas UI for the reason.'),
                dict(job_result(current), project_id=project_id))
        return False

    def read():
        current = migrations.get(project_id, job_id)
        if current is None:
            raise LiveMigrateError('Live migration %s disappeared from project %s while waiting (HTTP 404).' % (job_id, project_id))
        return current

    current, ok = poll(read, done, module.params['wait_timeout'], module.params['poll_interval'], first=job)
    if not ok:
        raise WaitError('Live migration %s was not %s after %s seconds (%s). Wait again with live_migration_id=%s.' % (
            job_id, goal, module.params['wait_timeout'], _describe(current), job_id), dict(job_result(current), project_id=project_id))
    return current


def start(module, migrations, project_id):
    """Start the migration asked for (predicted in check mode); return the job and the message."""
    params = module.params
    job = migrations.create(project_id, request_body(params))
    if migrations.check_mode:
        return job, 'Would start a live migration of %s in project %s to cluster %s of project %s (check mode).' % (
            params['source']['cluster_name'], params['source']['project_id'], params['destination']['cluster_name'], project_id)
    return job, 'Started live migration %s in project %s (%s).' % (job['_id'], project_id, _describe(job))


def _gate_open(max_lag):
    """The cutover gate: ready for cutover, and a reported lag at or below ``max_lag`` seconds."""
    def check(job):
        lag = job.get('lagTimeSeconds')
        return job.get('readyForCutover') is True and lag is not None and lag <= max_lag
    return check


def _gate(module, migrations, project_id, job, clock=time.monotonic):
    """Wait (not in check mode) until the gate is open, or the job is complete; fail clearly when it is not in time."""
    params = module.params
    max_lag = params['cutover_max_lag']
    timeout = 0 if migrations.check_mode else params['cutover_gate_timeout']
    job_id = job['_id']
    is_open = _gate_open(max_lag)

    def done(current):
        if current.get('status') in (FAILED, EXPIRED):
            raise WaitError('Live migration %s is %s and cannot be cut over.' % (job_id, current.get('status')),
                            dict(job_result(current), project_id=project_id, cut_over=False))
        return current.get('status') == COMPLETE or is_open(current)

    def read():
        current = migrations.get(project_id, job_id)
        if current is None:
            raise LiveMigrateError('Live migration %s disappeared from project %s while waiting for the cutover gate (HTTP 404).' % (
                job_id, project_id))
        return current

    started = clock()
    current, ok = poll(read, done, timeout, params['poll_interval'], first=job)
    if not ok:
        lag = current.get('lagTimeSeconds')
        raise WaitError('Live migration %s did not meet the cutover gate: lag %s, cutover_max_lag %s s, after waiting %d seconds '
                        '(status %s, ready for cutover: %s%s). Nothing was cut over; run again later or raise cutover_max_lag.' % (
                            job_id, 'not reported' if lag is None else '%s s' % lag, max_lag, round(clock() - started),
                            current.get('status'), 'yes' if current.get('readyForCutover') else 'no',
                            '; check mode decides on one read' if migrations.check_mode else ''),
                        dict(job_result(current), project_id=project_id, cut_over=False))
    return current


def cut_over(module, migrations, project_id, job):
    """Request the cutover of a job ready for it (predicted in check mode); return (changed, job, message)."""
    job_id = job['_id']
    status = job.get('status')
    if status == COMPLETE:
        return False, job, 'Live migration %s is complete already; nothing to cut over.' % job_id
    if status in (FAILED, EXPIRED):
        raise WaitError('Live migration %s is %s and cannot be cut over.' % (job_id, status), dict(job_result(job), project_id=project_id))
    if module.params['cutover_max_lag'] is not None:
        job = _gate(module, migrations, project_id, job)
        if job.get('status') == COMPLETE:
            return False, job, 'Live migration %s became complete while waiting for the cutover gate; nothing to cut over.' % job_id
    if not job.get('readyForCutover'):
        raise WaitError('Live migration %s is not ready for cutover (%s). Wait for it first (state=present, wait_for=ready_for_cutover). '
                        'If its cutover was requested already, wait with state=present and wait_for=complete.' % (job_id, _describe(job)),
                        dict(job_result(job), project_id=project_id))
    migrations.cutover(project_id, job_id)
    if migrations.check_mode:
        return True, job, 'Would cut over live migration %s (check mode).' % job_id
    job = migrations.get(project_id, job_id) or job
    max_lag = module.params['cutover_max_lag']
    gate = '' if max_lag is None else ' once its lag was at most cutover_max_lag=%s s' % max_lag
    return True, job, 'Requested the cutover of live migration %s%s (%s).' % (job_id, gate, _describe(job))


def run(module, client):
    params = module.params
    project_id = params['project_id']
    job_id = params['live_migration_id']
    migrations = AtlasLiveMigrations(client, module.check_mode)

    job = None
    if job_id:
        job = migrations.get(project_id, job_id)
        if job is None:
            raise InputError('live_migration_id', 'Atlas knows no live migration %s in project %s (HTTP 404). Check both IDs; '
                                                  'leave out live_migration_id to start a new migration.' % (job_id, project_id))

    if params['state'] == 'cutover':
        changed, job, msg = cut_over(module, migrations, project_id, job)
    elif job is None:
        changed = True
        job, msg = start(module, migrations, project_id)
    else:
        changed = False
        msg = 'Live migration %s exists in project %s (%s); not started again.' % (job_id, project_id, _describe(job))
        if job.get('status') in (FAILED, EXPIRED) and not params['wait_for']:
            module.warn('Live migration %s is %s. Start a new one by leaving out live_migration_id.' % (job_id, job.get('status')))

    if params['wait_for'] and migrations.check_mode:
        msg += ' Not waiting in check mode.'
    elif params['wait_for']:
        job = _wait(module, migrations, project_id, job)
        msg += ' Now %s.' % _describe(job)
    cut = params['state'] == 'cutover' and changed
    result = dict(job_result(job), changed=changed, cut_over=cut, project_id=project_id, msg=msg)
    return result, None


def main():
    run_module(arguments.atlas_live_migration(), run, validate=validate)


if __name__ == '__main__':
    main()
