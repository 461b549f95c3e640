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
  - B(Idempotency.) Atlas offers no way to list migrations, so a migration is only found again by its ID. Either the
    module keeps it in a state file (O(state_file)), or you pass the ID that the first run returned as
    O(live_migration_id). Without either, every run with O(state=present) starts a new migration.
  - B(Recorded at the source.) With O(state_file), the module keeps the record of the migration of the destination
    cluster (key C(<project_id>/<destination.cluster_name>)) in the JSON state file of
    M(livemigrate.mongodb.migration_state) itself, and a run with the same options resumes the recorded migration
    instead of starting a second one.
  - B(What is written when.) (1) Before anything else, under the file's lock, it reads the record of the destination cluster; when it names
    a migration, one read of that migration follows and its answer is recorded (C(NOT_FOUND) for HTTP 404);
    (2) a start request that Atlas answers is recorded B(at once) (C(id), C(status), C(started_at), the source and
    destination clusters, C(org_id), C(migration_host)), still under the lock and before the module waits, polls or
    returns; (3) after the wait (also when it fails or times out) and after the cutover, the record is updated
    (C(status), C(ready_for_cutover), C(lag_time_seconds), C(cut_over)). A record is written only when more than its
    C(updated_at) changes, atomically (a temporary file renamed over the old one), with mode C(0600); it never holds a
    password (its fields are an allow-list).
  - B(The one window left.) If the run is killed after Atlas received the start request and before its answer
    reached the module (the HTTP round trip; also a timeout or a dropped connection after the request was sent,
    which the module reports), Atlas may have started a migration whose ID nobody knows. Nothing in a client can
    close that window. Look at the destination cluster in the Atlas UI before starting again.
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
      - In check mode only reads are sent (the migration named by O(live_migration_id) or recorded in O(state_file));
        nothing is started or cut over, and the module does not wait (the cutover gate is decided on one read).
      - O(state_file) is read (without its lock) and never written; RV(record) is the record as it would be.
  diff_mode:
    support: none
options:
  state:
    description:
      - V(present) starts the migration, unless O(live_migration_id) names one that exists (then it is only read), or
        O(state_file) holds a record of a migration into the destination cluster that has not ended (then that one is
        read and resumed; see O(restart) for one that ended).
      - V(cutover) cuts the migration O(live_migration_id) (or the one recorded in O(state_file)) over. Nothing is sent when it is C(COMPLETE) already. It fails
        when the migration is not ready for cutover, or is C(FAILED) or C(EXPIRED). O(cutover_max_lag) adds a gate on
        the replication lag.
    type: str
    choices: [present, cutover]
    default: present
  live_migration_id:
    description:
      - ID of an existing migration (24 lowercase hexadecimal characters), as returned in RV(id) by an earlier run.
      - With O(state=present) the module reads this migration instead of starting one, and fails if Atlas does not know
        it. O(state_file) is then not consulted for which migration to read, but the record of the destination cluster
        is updated with this migration.
      - Required with O(state=cutover), unless O(state_file) and O(destination) are given; then the migration recorded
        for the destination cluster is cut over.
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
  state_file:
    description:
      - The JSON state file of M(livemigrate.mongodb.migration_state) on the host the module runs on (the controller).
        The module reads and writes the record of the destination cluster there itself, as the description says; the
        other records of the file stay as they are. Its directory is created (mode C(0700)) if missing. A file that is
        not valid JSON or not a state file fails the task before any request and is never overwritten.
      - With O(state=present) and without O(live_migration_id), O(destination) names the record; O(source) and
        O(migration_host) are then needed only when a migration is started.
      - A record that names a migration Atlas still runs (or that is C(COMPLETE)) is resumed, never started again. A
        recorded migration that ended (C(FAILED), C(EXPIRED), or C(NOT_FOUND) when Atlas answers 404) fails the task,
        naming it, unless O(restart=true).
      - If the record of a migration that this run started cannot be written, the task fails with the migration's ID
        (in the message and in RV(id)); pass it as O(live_migration_id) on the next run.
      - Not set (the default), nothing is read or written; RV(record) is still returned.
    type: path
    version_added: 0.1.0
  source_org_id:
    description:
      - ID of the source Cloud Manager / Ops Manager organization (24 lowercase hexadecimal characters). Only recorded
        (the C(org_id) of RV(record)); nothing is sent with it.
    type: str
    version_added: 0.1.0
  restart:
    description:
      - With O(state_file), start a new migration when the one recorded for the destination cluster ended (C(FAILED),
        C(EXPIRED), or C(NOT_FOUND)). Its record is replaced by the new migration's.
      - Without O(state_file), or with O(live_migration_id), it has no effect.
    type: bool
    default: false
    version_added: 0.1.0
  state_lock_timeout:
    description:
      - Seconds to wait for the lock of O(state_file) while another run holds it.
      - The lock is held while the module reads the record, reads the recorded migration, starts one and records it
        (a few requests), and for each later update of the record; never while it waits. So two runs at once into the
        same destination cluster cannot both start a migration.
    type: int
    default: 60
    version_added: 0.1.0
notes:
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - The Atlas API key needs the Organization Owner role.
  - After the migration becomes ready for cutover, Atlas waits 120 hours for the cutover; then the migration becomes
    C(EXPIRED).
  - Options O(source), O(destination) and O(migration_host) are required to start a migration (O(state=present) without
    O(live_migration_id)). With O(state_file), O(destination) is always required then, and O(source) and
    O(migration_host) when no migration to resume is recorded.
  - O(state_file) is the same file that M(livemigrate.mongodb.migration_state) and the C(livemigrate.mongodb.migrate)
    role use; keep it on a local disk of the controller (C(flock)). In AWX/AAP, where every job starts in a fresh
    container, keep it on persistent storage or hand RV(record) on with C(ansible.builtin.set_stats).
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.atlas_live_migration_validation
  - module: livemigrate.mongodb.atlas_live_migration_info
  - module: livemigrate.mongodb.atlas_live_migration_projects_info
  - module: livemigrate.mongodb.migration_state
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

- name: Keep the migration in a state file, so that a run killed after the start, or run twice, starts it once
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Start the migration, or resume the one recorded for Cluster0
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        source_org_id: 6a1b2c3d4e5f60718293a4b1
        source:
          project_id: 6a1b2c3d4e5f60718293a4b5
          cluster_name: rs0
          managed_authentication: true
        destination:
          cluster_name: Cluster0
        migration_host: mh1.example.com
        state_file: "{{ playbook_dir }}/campaign-state.json"
        wait_for: ready_for_cutover
        wait_timeout: 86400
        poll_interval: 60
      register: migration

    - name: Cut over the migration recorded for Cluster0 (no ID needed)
      livemigrate.mongodb.atlas_live_migration:
        project_id: 64b7c2e9d1a3b6c8e0f1a2b3
        destination:
          cluster_name: Cluster0
        state_file: "{{ playbook_dir }}/campaign-state.json"
        state: cutover
        cutover_max_lag: 10
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
record:
  description:
    - The record of this migration, as O(state_file) holds it after the run (without O(state_file), as it would be
      recorded), so that it can be kept in another store as well (host facts, C(ansible.builtin.set_stats), the
      O(livemigrate.mongodb.migration_state#module:records) of M(livemigrate.mongodb.migration_state)). Never a secret,
      only the fields of a migration record.
    - V(null) when no migration is known (check mode, when one would be started), and when the destination cluster is
      not known (no O(destination), and no record of O(live_migration_id) in O(state_file)).
    - Also returned when the task fails after Atlas answered.
  returned: always
  type: dict
  sample:
    key: 64b7c2e9d1a3b6c8e0f1a2b3/Cluster0
    id: 6f0a1b2c3d4e5f6071829304
    org_id: 6a1b2c3d4e5f60718293a4b1
    source: {project_id: 6a1b2c3d4e5f60718293a4b5, cluster_name: rs0}
    destination: {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, cluster_name: Cluster0}
    migration_host: mh1.example.com
    status: WORKING
    ready_for_cutover: true
    lag_time_seconds: 2
    validation_status: SUCCESS
    validation_id: 6f1b2c3d4e5f607182930a4b
    started_at: '2026-12-01T22:01:21Z'
    updated_at: '2026-12-01T22:31:40Z'
  version_added: 0.1.0
state_written:
  description:
    - Whether this run wrote O(state_file) (never in check mode; not when the record did not change). Writing the
      record alone does not make the task changed.
  returned: always
  type: bool
  sample: true
  version_added: 0.1.0
'''

import time

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.live_migrations import AtlasLiveMigrations
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import (
    InputError, LiveMigrateError, StoppedError, WaitError)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.flow import REFUSE, RESUME, cutover_id, decide_start
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.recorder import request_recorder
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.request import request_body
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.results import job_result
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.states import COMPLETE, EXPIRED, FAILED
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.polling import poll
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import (
    validate_cutover_gate, validate_object_id, validate_recording, validate_request, validate_waits)

GOALS = {
    'ready_for_cutover': ('ready for cutover', lambda job: job.get('readyForCutover') is True or job.get('status') == COMPLETE),
    'complete': ('complete', lambda job: job.get('status') == COMPLETE),
}


REQUEST_OPTIONS = ('source', 'destination', 'migration_host')


def validate(module):
    params = module.params
    validate_object_id(params['project_id'], 'project_id')
    recorded = bool(params['state_file'])
    if params['live_migration_id'] is not None:
        validate_object_id(params['live_migration_id'], 'live_migration_id')
    elif params['state'] == 'cutover':
        if not (recorded and params['destination']):
            raise InputError('live_migration_id', 'is required with state=cutover (or state_file and destination, to cut over '
                                                  'the migration recorded for the destination cluster).')
    elif recorded and not params['destination']:
        raise InputError('destination', 'is required with state_file: it names the record (state=present without '
                                        'live_migration_id).')
    elif recorded and not all(params[option] for option in REQUEST_OPTIONS):
        pass  # needed only if a migration is started: require_request() says so then, before the start
    else:
        require_request(params, 'is required to start a migration (state=present without live_migration_id).')
    validate_recording(params)
    validate_waits(params)
    validate_cutover_gate(params)


def require_request(params, message):
    """The request options needed to start a migration, checked (before any request is sent for the start)."""
    for option in REQUEST_OPTIONS:
        if not params[option]:
            raise InputError(option, message)
    validate_request(params)


def _describe(job):
    text = 'status %s' % job.get('status')
    if job.get('readyForCutover'):
        text += ', ready for cutover'
    if job.get('lagTimeSeconds') is not None:
        text += ', lag %s s' % job.get('lagTimeSeconds')
    return text


def _wait(module, migrations, recorder, project_id, job):
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
            recorder.gone(job_id)
            raise StoppedError('Live migration %s disappeared from project %s while waiting (HTTP 404).' % (job_id, project_id),
                               dict(job_result(None), id=job_id, project_id=project_id, record=recorder.record))
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


def _read(migrations, recorder, project_id, job_id, recorded):
    """The job ``job_id``, its answer recorded. A 404 fails: for a ``recorded`` migration recorded as NOT_FOUND first."""
    job = migrations.get(project_id, job_id)
    if job is not None:
        recorder.observe(job_result(job))
        return job
    if not recorded:
        raise InputError('live_migration_id', 'Atlas knows no live migration %s in project %s (HTTP 404). Check both IDs; '
                                              'leave out live_migration_id to start a new migration.' % (job_id, project_id))
    recorder.gone(job_id)
    raise StoppedError('Atlas knows no live migration %s in project %s (HTTP 404), the migration recorded for cluster %s in %s; '
                       'it is recorded as NOT_FOUND. Nothing was cut over.' % (job_id, project_id, recorder.key, recorder.path),
                       dict(job_result(None), id=job_id, project_id=project_id, cut_over=False, record=recorder.record))


def _record_lost(job, project_id, recorder):
    """What a start does when its record cannot be written: fail, naming the migration (never lose its ID)."""
    def failed(reason):
        raise StoppedError('Live migration %s was started in project %s, but its record could not be written to the state file '
                           '%s (%s). Pass live_migration_id=%s on the next run, so that no second migration is started, and '
                           'fix the state file.' % (job['_id'], project_id, recorder.path, reason, job['_id']),
                           dict(job_result(job), project_id=project_id, changed=True, cut_over=False))
    return failed


def present(module, migrations, recorder, project_id):
    """state=present: read the migration given or recorded, or start one (recorded at once); (changed, job, message)."""
    params = module.params
    job_id = params['live_migration_id']
    if job_id:
        job = _read(migrations, recorder, project_id, job_id, recorded=False)
        if job.get('status') in (FAILED, EXPIRED) and not params['wait_for']:
            module.warn('Live migration %s is %s. Start a new one by leaving out live_migration_id.' % (job_id, job.get('status')))
        return False, job, 'Live migration %s exists in project %s (%s); not started again.' % (job_id, project_id, _describe(job))
    why = ''
    stored = recorder.read()
    if stored and stored.get('id'):
        job = migrations.get(project_id, stored['id'])
        if job is None:
            recorder.gone(stored['id'])
        else:
            recorder.observe(job_result(job))
        action, why = decide_start(stored, job, params['restart'])
        if action == REFUSE:
            raise StoppedError(why, dict(job_result(job), id=stored['id'], project_id=project_id, cut_over=False, record=recorder.record))
        if action == RESUME:
            return False, job, 'Live migration %s, recorded for cluster %s in %s, exists in project %s (%s); not started again.' % (
                stored['id'], recorder.key, recorder.path, project_id, _describe(job))
    if recorder.path:
        require_request(params, 'is required to start a migration: %s in %s.' % (
            why or 'no migration is recorded for cluster %s' % recorder.key, recorder.path))
    job, msg = start(module, migrations, project_id)
    if job.get('_id'):
        # Recorded before anything else happens: a run killed from here on leaves the ID in the state file.
        recorder.observe(job_result(job), started=True, failed=_record_lost(job, project_id, recorder))
    return True, job, msg + (' (%s)' % why if why and stored and stored.get('id') else '')


def cutover(module, migrations, recorder, project_id):
    """state=cutover of the migration given or recorded; (changed, job, message)."""
    given = module.params['live_migration_id']
    job_id = cutover_id(given, None if given else recorder.read())
    if not job_id:
        raise InputError('live_migration_id', 'is required with state=cutover: no migration is recorded for cluster %s in %s.' % (
            recorder.key, recorder.path))
    job = _read(migrations, recorder, project_id, job_id, recorded=not given)
    return cut_over(module, migrations, project_id, job)


def run(module, client):
    params = module.params
    project_id = params['project_id']
    migrations = AtlasLiveMigrations(client, module.check_mode)
    recorder = request_recorder(params, module.check_mode, module.warn)
    if recorder.key is None and params['live_migration_id']:
        recorder.read(params['live_migration_id'], project_id)  # without destination, the record of this migration (if any)
    try:
        if params['state'] == 'cutover':
            changed, job, msg = cutover(module, migrations, recorder, project_id)
        else:
            with recorder.claim():  # read, decide, start and record under the lock: two runs at once start one migration
                changed, job, msg = present(module, migrations, recorder, project_id)
        if params['wait_for'] and migrations.check_mode:
            msg += ' Not waiting in check mode.'
        elif params['wait_for']:
            job = _wait(module, migrations, recorder, project_id, job)
            msg += ' Now %s.' % _describe(job)
    except WaitError as exc:
        recorder.observe(exc.last)  # what was last seen (FAILED, EXPIRED, a timeout) is recorded too
        exc.last['record'] = recorder.record
        raise
    cut = params['state'] == 'cutover' and changed
    record = recorder.observe(job_result(job), cut_over=cut) if job.get('_id') else None  # None: would start one (check mode)
    result = dict(job_result(job), changed=changed, cut_over=cut, project_id=project_id, msg=msg, record=record,
                  state_written=recorder.written)
    return result, None


def main():
    run_module(arguments.atlas_live_migration(), run, validate=validate)


if __name__ == '__main__':
    main()
