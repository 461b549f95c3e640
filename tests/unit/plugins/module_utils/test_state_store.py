# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_migration/state_store.py: the state file's format, the lock, the atomic write and the merge, on real files and processes."""

import json
import multiprocessing
import os
import stat

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import state_store
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError, LiveMigrateError

PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'


def record(cluster, **fields):
    key = '%s/%s' % (PROJECT, cluster)
    return dict(dict(key=key, destination=dict(project_id=PROJECT, cluster_name=cluster), status='NEW'), **fields)


# -- file ----------------------------------------------------------------------------------------

def test_a_missing_file_is_an_empty_store(tmp_path):
    assert state_store.read(str(tmp_path / 'state.json')) == {}


def test_write_then_read_with_format_mode_and_directory(tmp_path):
    path = str(tmp_path / 'new' / 'dir' / 'state.json')
    migrations = {record('C1')['key']: record('C1')}
    state_store.write(path, migrations)
    assert state_store.read(path) == migrations
    text = open(path).read()
    assert json.loads(text) == dict(format=1, collection='livemigrate.mongodb', migrations=migrations)
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2) + '\n'
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert sorted(os.listdir(os.path.dirname(path))) == ['state.json']  # no temporary file left


@pytest.mark.parametrize('content, what', [
    ('{"format": 1, "collection"', 'not valid JSON'),
    ('[]', 'not a state file'),
    ('{"format": 2, "collection": "livemigrate.mongodb", "migrations": {}}', 'not a state file'),
    ('{"format": 1, "collection": "other", "migrations": {}}', 'not a state file'),
    ('{"format": 1, "collection": "livemigrate.mongodb", "migrations": []}', 'not a state file'),
])
def test_a_foreign_file_is_refused_naming_the_path(tmp_path, content, what):
    path = tmp_path / 'state.json'
    path.write_text(content)
    with pytest.raises(InputError) as err:
        state_store.read(str(path))
    assert err.value.option == 'path' and str(path) in str(err.value) and what in str(err.value)
    assert path.read_text() == content


# -- lock ----------------------------------------------------------------------------------------

def test_the_lock_times_out_clearly(tmp_path):
    path = str(tmp_path / 'state.json')
    with state_store.locked(path, 1):
        with pytest.raises(LiveMigrateError) as err:
            with state_store.locked(path, 0.2):
                pass
    assert 'lock_timeout' in str(err.value) and path + '.lock' in str(err.value)
    with state_store.locked(path, 0.2):  # released
        pass


def _upsert_many(path, worker, count):
    for number in range(count):
        with state_store.locked(path, 30):
            stored = state_store.read(path)
            state_store.write(path, state_store.merge(stored, {}, [record('W%d-%d' % (worker, number))], []))


def test_processes_writing_at_once_lose_no_record(tmp_path):
    path = str(tmp_path / 'state.json')
    context = multiprocessing.get_context('fork')
    workers = [context.Process(target=_upsert_many, args=(path, worker, 10)) for worker in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    stored = state_store.read(path)
    assert sorted(stored) == sorted('%s/W%d-%d' % (PROJECT, worker, number) for worker in range(6) for number in range(10))


# -- merge ---------------------------------------------------------------------------------------

def test_records_win_and_are_stamped_when_they_change():
    stored = {'a': dict(key='a', status='NEW', updated_at='2026-12-01T10:00:00Z')}
    merged = state_store.merge(stored, {}, [dict(key='a', status='WORKING'), dict(key='b', status='NEW')], [],
                               stamp='2026-12-01T11:00:00Z')
    assert merged == {'a': dict(key='a', status='WORKING', updated_at='2026-12-01T11:00:00Z'),
                      'b': dict(key='b', status='NEW', updated_at='2026-12-01T11:00:00Z')}
    assert stored['a']['status'] == 'NEW'  # inputs untouched


def test_a_record_updates_the_stored_one_of_the_same_migration_field_by_field():
    stored = {'a': dict(key='a', id='1' * 24, status='NEW', validation_status='SUCCESS', started_at='2026-12-01T10:00:00Z',
                        updated_at='2026-12-01T10:00:00Z')}
    merged = state_store.merge(stored, {}, [dict(key='a', id='1' * 24, status='COMPLETE', cut_over=True)], [],
                               stamp='2026-12-02T00:00:00Z')
    assert merged['a'] == dict(key='a', id='1' * 24, status='COMPLETE', cut_over=True, validation_status='SUCCESS',
                               started_at='2026-12-01T10:00:00Z', updated_at='2026-12-02T00:00:00Z')
    # A validation recorded before the start is kept by the start's record (no id yet on the stored side).
    validated = {'a': dict(key='a', validation_status='SUCCESS')}
    assert state_store.merge(validated, {}, [dict(key='a', id='1' * 24, status='NEW')], [])['a']['validation_status'] == 'SUCCESS'


def test_a_record_of_another_migration_replaces_the_stored_one_whole():
    stored = {'a': dict(key='a', id='1' * 24, status='FAILED', validation_status='SUCCESS', note='old')}
    merged = state_store.merge(stored, {}, [dict(key='a', id='2' * 24, status='NEW')], [], stamp='2026-12-02T00:00:00Z')
    assert merged['a'] == dict(key='a', id='2' * 24, status='NEW', updated_at='2026-12-02T00:00:00Z')


def test_a_record_equal_but_for_updated_at_changes_nothing():
    stored = {'a': dict(key='a', status='NEW', updated_at='2026-12-01T10:00:00Z')}
    for upsert in (dict(key='a', status='NEW'), dict(key='a', status='NEW', updated_at='2026-12-02T00:00:00Z')):
        assert state_store.merge(stored, {}, [upsert], [], stamp='2026-12-03T00:00:00Z') == stored


def test_between_file_and_handed_in_the_newer_wins():
    stored = {'a': dict(key='a', status='NEW', updated_at='2026-12-01T10:00:00Z'),
              'b': dict(key='b', status='COMPLETE', updated_at='2026-12-01T12:00:00Z')}
    handed = {'a': dict(key='a', status='WORKING', updated_at='2026-12-01T10:00:00.5Z'),
              'b': dict(key='b', status='NEW', updated_at='2026-12-01T11:00:00Z'),
              'c': dict(key='c', status='NEW')}
    merged = state_store.merge(stored, handed, [], [])
    assert {key: value['status'] for key, value in merged.items()} == {'a': 'WORKING', 'b': 'COMPLETE', 'c': 'NEW'}


def test_remove_drops_and_ignores_unknown_keys():
    stored = {'a': dict(key='a'), 'b': dict(key='b')}
    merged = state_store.merge(stored, {}, [], ['a', 'zzz'])
    assert merged == {'b': dict(key='b')}
    assert state_store.changed_keys(stored, merged) == ['a']


def test_a_field_a_record_carries_as_null_is_dropped():
    """An answer that no longer reports a field (record.carried names it null) does not keep the stored value."""
    stored = {'a': dict(key='a', id='1' * 24, status='WORKING', lag_time_seconds=2, started_at='2026-12-01T10:00:00Z')}
    merged = state_store.merge(stored, {}, [dict(key='a', id='1' * 24, status='COMPLETE', lag_time_seconds=None)], [],
                               stamp='2026-12-02T00:00:00Z')
    assert merged['a'] == dict(key='a', id='1' * 24, status='COMPLETE', started_at='2026-12-01T10:00:00Z',
                               updated_at='2026-12-02T00:00:00Z')
