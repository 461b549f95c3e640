#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: migration_state
short_description: Keep the records of a migration campaign in a JSON state file on the controller
version_added: 0.1.0
description:
  - The state store of a migration campaign. Atlas cannot list migrations, so the migrations a campaign started are
    found again through their records here (one per destination cluster, keyed
    C(<destination.project_id>/<destination.cluster_name>)).
  - Reads the JSON state file O(path), merges the records handed in with O(migrations) (for example the data that
    C(ansible.builtin.set_stats) passed to the next node of an AWX/AAP workflow), upserts O(records), drops O(remove),
    and writes the file when its content changes. Returns the merged store in RV(migrations).
  - "Merge, per key: a record of O(records) wins, field by field: the fields it carries replace the stored ones, the
    fields it lacks are kept (a status update keeps C(validation_status) and C(started_at)), the fields it gives as null
    (or as an empty string) are dropped, unless it is a record of
    another migration (another C(id): a restart), which replaces the stored record whole. Between the file and
    O(migrations), the record with the newer C(updated_at) wins."
  - A record of O(records) replaces the stored one only when it differs in more than C(updated_at), so a re-run with the
    same content changes nothing and does not rewrite the file. A new or changed record without C(updated_at) gets the
    current time.
  - B(Safe against two runs at once.) The read-modify-write holds an exclusive lock (C(flock)) of C(<path>.lock); the
    file is written to a temporary file in the same directory, synced and renamed over the old one, with mode C(0600).
  - Values that templating turned into strings are read back as their type (C("2") as a lag of 2 seconds, C("True") as
    true, an empty string as null), so a re-run with the same facts compares equal.
  - B(No secrets.) A record holds only the fields listed in O(records); any other field (a password, a user name, a
    key) fails the task before anything is read or written, naming the field and never showing its value.
  - The module runs on the controller and calls no API.
  - B(The same file, written at the source.) M(livemigrate.mongodb.atlas_live_migration) and
    M(livemigrate.mongodb.atlas_live_migration_validation) with their option C(state_file) read and write this file
    themselves, with the same lock, the same atomic write and the same merge rule, each updating the one record of its
    destination cluster. The migration module records a migration it starts right after Atlas answers the start
    request, before it waits; this module then only reads those records, merges records handed in, or removes them.
author:
  - livemigrate.mongodb contributors (@livemigrate)
attributes:
  check_mode:
    support: full
    details:
      - In check mode the file is read (without the lock) and the merged store returned; nothing is written.
  diff_mode:
    support: full
    details:
      - Before and after of the records that change (V(null) for a record that does not exist on that side).
options:
  path:
    description:
      - The JSON state file. Its parent directory is created (mode C(0700)) if missing.
      - 'Format: C({"format": 1, "collection": "livemigrate.mongodb", "migrations": {KEY: RECORD}}), sorted keys, indented.
        A file that is not valid JSON or not this format fails the task and is never overwritten.'
      - Not set or empty, nothing is read or written; the store is then only what O(migrations) and O(records) hold
        (for example with C(set_stats) in AWX, where each job runs in a fresh container).
    type: path
  migrations:
    description:
      - Records handed in, key to record, for example the C(migrations) a previous workflow node passed on with
        C(ansible.builtin.set_stats). Merged with the file (the newer C(updated_at) wins). A record without C(key) takes
        its key from the dict.
    type: dict
    default: {}
  records:
    description:
      - Records to insert or update. Each carries C(key).
      - "Fields a record may hold: C(key) (required, C(<destination.project_id>/<destination.cluster_name>) when
        C(destination) is given), C(id) (the migration ID, 24 hexadecimal characters), C(org_id) (the source
        organization), C(source) and C(destination) (each C({project_id, cluster_name})), C(migration_host), C(status),
        C(ready_for_cutover), C(lag_time_seconds), C(validation_status) and C(validation_id) (the last validation of the
        migration request, 24 hexadecimal characters), C(started_at) and C(updated_at) (ISO 8601 UTC such as
        C(2026-12-01T22:01:21Z)), C(cut_over) (bool) and C(note)."
    type: list
    elements: dict
    default: []
  remove:
    description:
      - Keys of records to drop. A key that is not stored is ignored.
    type: list
    elements: str
    default: []
  lock_timeout:
    description:
      - Seconds to wait for the lock of O(path) while another run holds it.
    type: int
    default: 60
notes:
  - Keep O(path) on a file system that supports C(flock) between the runs that share it (a local disk of the controller).
  - The state file records where each migration stands; it holds no secret, and its mode is C(0600) still.
seealso:
  - module: livemigrate.mongodb.atlas_live_migration
  - name: ansible.builtin.set_stats
    description: Pass the store to the next node of an AWX/AAP workflow.
    link: https://docs.ansible.com/ansible/latest/collections/ansible/builtin/set_stats_module.html
extends_documentation_fragment:
  - livemigrate.mongodb.attributes
'''

EXAMPLES = r'''
- name: Record a started migration in the campaign state file
  livemigrate.mongodb.migration_state:
    path: /var/lib/campaign/state.json
    records:
      - key: 64b7c2e9d1a3b6c8e0f1a2b3/Cluster0
        id: "{{ migration.id }}"
        org_id: 6a1b2c3d4e5f60718293a4b1
        source: {project_id: 6a1b2c3d4e5f60718293a4b5, cluster_name: rs0}
        destination: {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, cluster_name: Cluster0}
        migration_host: mh1.example.com
        status: "{{ migration.status }}"
        ready_for_cutover: "{{ migration.ready_for_cutover }}"
        cut_over: false
  delegate_to: localhost
  run_once: true
  register: campaign_state

- name: Hand the store to the next node of an AWX workflow
  ansible.builtin.set_stats:
    data:
      campaign_migrations: "{{ campaign_state.migrations }}"

- name: In the next node (a fresh container, no file), start from what the previous node handed on
  livemigrate.mongodb.migration_state:
    migrations: "{{ campaign_migrations | default({}) }}"
  register: campaign_state

- name: Forget a migration
  livemigrate.mongodb.migration_state:
    path: /var/lib/campaign/state.json
    remove: [64b7c2e9d1a3b6c8e0f1a2b3/Cluster0]
'''

RETURN = r'''
migrations:
  description: The store after this run (in check mode, as it would be), key to record.
  returned: always
  type: dict
  sample:
    64b7c2e9d1a3b6c8e0f1a2b3/Cluster0:
      key: 64b7c2e9d1a3b6c8e0f1a2b3/Cluster0
      id: 6f0a1b2c3d4e5f6071829304
      org_id: 6a1b2c3d4e5f60718293a4b1
      source: {project_id: 6a1b2c3d4e5f60718293a4b5, cluster_name: rs0}
      destination: {project_id: 64b7c2e9d1a3b6c8e0f1a2b3, cluster_name: Cluster0}
      migration_host: mh1.example.com
      status: WORKING
      ready_for_cutover: true
      lag_time_seconds: 2
      cut_over: false
      updated_at: '2026-12-01T22:01:21Z'
path:
  description: The state file, V(null) when O(path) is not set.
  returned: always
  type: str
  sample: /var/lib/campaign/state.json
written:
  description: Whether the file was written by this run (never in check mode, never when nothing changed).
  returned: always
  type: bool
  sample: true
msg:
  description: What was done, or what would be done in check mode.
  returned: always
  type: str
  sample: Wrote /var/lib/campaign/state.json (1 of 3 records changed).
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import state_store
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.diff import diff
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import (
    RECORD_BOOLS, RECORD_FIELDS, validate_migration_record)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.recorder import stored_records


def _hide_unknown_values(module, record):
    """Mask the values of fields a record may not hold (a password handed in by mistake) in the task's output."""
    for name, value in record.items():
        if name in ('source', 'destination') and isinstance(value, dict):
            values = [v for k, v in value.items() if k not in ('project_id', 'cluster_name')]
        elif name not in RECORD_FIELDS:
            values = [value]
        else:
            continue
        for hidden in values:
            if isinstance(hidden, (str, int, float)) and not isinstance(hidden, bool) and str(hidden):
                module.no_log_values.add(str(hidden))


def _check(module, record, option):
    if isinstance(record, dict) and hasattr(module, 'no_log_values'):
        _hide_unknown_values(module, record)
    validate_migration_record(record, option)


def _typed(record):
    """A record's values as templating may hand them over (strings): '2' -> 2, 'true' -> true, '' -> null."""
    if not isinstance(record, dict):
        return record
    typed = {}
    for name, value in record.items():
        if isinstance(value, str) and name != 'key':
            if value == '':
                value = None
            elif name in RECORD_BOOLS and value.lower() in ('true', 'false'):
                value = value.lower() == 'true'
            elif name == 'lag_time_seconds' and value.isdigit():
                value = int(value)
        typed[name] = value
    return typed


def handed_in(params):
    """O(migrations) with each record's key filled in from the dict."""
    return dict((key, dict(record, key=record.get('key', key)) if isinstance(record, dict) else record)
                for key, record in (params['migrations'] or {}).items())


def validate(module):
    params = module.params
    params['records'] = [_typed(record) for record in params['records']]
    params['migrations'] = dict((key, _typed(record)) for key, record in (params['migrations'] or {}).items())
    if params['lock_timeout'] < 0:
        raise InputError('lock_timeout', 'must be 0 or more seconds, got %r.' % params['lock_timeout'])
    for key, record in handed_in(params).items():
        option = 'migrations[%s]' % key
        _check(module, record, option)
        if record['key'] != key:
            raise InputError('%s.key' % option, '%r differs from the key %r it is stored under.' % (record['key'], key))
    seen = set()
    for index, record in enumerate(params['records']):
        _check(module, record, 'records[%d]' % index)
        if record['key'] in seen:
            raise InputError('records[%d].key' % index, '%r is listed twice; give each migration once.' % record['key'])
        seen.add(record['key'])
    for index, key in enumerate(params['remove']):
        if not key:
            raise InputError('remove[%d]' % index, 'is empty: give the key of a record.')
        if key in seen:
            raise InputError('remove[%d]' % index, '%r is also in records; upsert or remove a record, not both.' % key)


def run(module, client):
    params = module.params
    path = params['path'] or None
    stamp = state_store.now()

    def update(stored):
        return state_store.merge(stored, handed_in(params), params['records'], params['remove'], stamp=stamp)

    written = False
    if not path:
        before = handed_in(params)
        after = update({})
    elif module.check_mode:
        # Reads only: no lock file either (the write is atomic, so the read sees a whole file).
        before = stored_records(path)
        after = update(before)
    else:
        state_store.make_parent(path)
        with state_store.locked(path, params['lock_timeout']):
            before = stored_records(path)
            after = update(before)
            if state_store.changed_keys(before, after):
                state_store.write(path, after)
                written = True

    keys = state_store.changed_keys(before, after)
    changed = bool(keys)
    if not path:
        msg = 'No state file (path not set): %d record(s), %d changed.' % (len(after), len(keys))
    elif not changed:
        msg = '%s is up to date (%d record(s)).' % (path, len(after))
    elif module.check_mode:
        msg = 'Would write %s (%d of %d record(s) changed; check mode).' % (path, len(keys), len(after))
    else:
        msg = 'Wrote %s (%d of %d record(s) changed).' % (path, len(keys), len(after))
    result = dict(changed=changed, migrations=after, path=path, written=written, msg=msg)
    return result, diff(dict((key, before.get(key)) for key in keys), dict((key, after.get(key)) for key in keys)) if changed else None


def main():
    run_module(arguments.migration_state(), run, validate=validate)


if __name__ == '__main__':
    main()
