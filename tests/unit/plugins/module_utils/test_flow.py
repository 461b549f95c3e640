# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_migration/flow.py (resume, start or refuse a recorded migration) and record.carried with the store's merge: pure functions."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration import flow
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import (
    build_record, carried, validate_migration_record)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.recorder import merged

KEY = '64b7c2e9d1a3b6c8e0f1a2b3/Cluster0'
JOB = '6f0a1b2c3d4e5f6071829304'
OTHER = '6f0a1b2c3d4e5f6071829305'


def record(**fields):
    return dict(dict(key=KEY, id=JOB, status='WORKING'), **fields)


# -- decide_start: on Atlas's answer ------------------------------------------------------------------

@pytest.mark.parametrize('stored', [None, {}, dict(key=KEY), dict(key=KEY, validation_status='SUCCESS')])
def test_nothing_recorded_starts(stored):
    action, why = flow.decide_start(stored, None, False)
    assert action == flow.START and 'no migration is recorded' in why


@pytest.mark.parametrize('status', ['NEW', 'WORKING', 'COMPLETE'])
def test_a_recorded_migration_atlas_runs_is_resumed_whatever_restart_says(status):
    for restart in (False, True):
        action, why = flow.decide_start(record(status='FAILED'), {'_id': JOB, 'status': status}, restart)
        assert action == flow.RESUME and JOB in why and status in why


@pytest.mark.parametrize('job, status', [({'_id': JOB, 'status': 'FAILED'}, 'FAILED'),
                                         ({'_id': JOB, 'status': 'EXPIRED'}, 'EXPIRED'),
                                         (None, 'NOT_FOUND')])
def test_a_recorded_migration_that_ended_is_refused_unless_restart(job, status):
    action, why = flow.decide_start(record(), job, False)
    assert action == flow.REFUSE
    assert why == ('The migration recorded for cluster %s, %s, is %s: nothing was started. Look at it in Atlas, then set '
                   'restart=true to start a new one.' % (KEY, JOB, status))
    action, why = flow.decide_start(record(), job, True)
    assert action == flow.START and 'restart=true: starting a new one' in why and status in why


def test_the_option_named_is_the_callers():
    assert 'set migrate_restart=true' in flow.decide_start(record(), None, False, 'migrate_restart')[1]


# -- decide: on the recorded status (the migrate role's filter) ----------------------------------------

def test_decide_on_a_recorded_status():
    assert flow.decide(KEY, JOB, 'WORKING', False)[0] == flow.RESUME
    assert flow.decide(KEY, JOB, None, False)[0] == flow.RESUME
    assert flow.decide(KEY, JOB, 'NOT_FOUND', False)[0] == flow.REFUSE
    assert flow.decide(KEY, None, 'FAILED', False)[0] == flow.START


def test_cutover_id_prefers_the_given_id():
    assert flow.cutover_id(OTHER, record()) == OTHER
    assert flow.cutover_id(None, record()) == JOB
    assert flow.cutover_id(None, dict(key=KEY)) is None
    assert flow.cutover_id(None, None) is None


# -- record.carried and the store's merge: what a new answer keeps of the stored record ---------------

STAMP = '2026-12-01T22:00:00Z'
LATER = '2026-12-01T23:00:00Z'
KNOWN = dict(org_id='6a1b2c3d4e5f60718293a4b1', source=dict(project_id='6a1b2c3d4e5f60718293a4b5', cluster_name='rs0'),
             destination=dict(project_id='64b7c2e9d1a3b6c8e0f1a2b3', cluster_name='Cluster0'), migration_host='mh1')


def kept(stored, record):
    """The record the state file holds after ``record`` is written over ``stored`` (recorder.merged)."""
    return merged({KEY: stored} if stored else {}, KEY, record)[KEY]


def test_an_update_of_the_same_migration_keeps_its_start_validation_and_cutover_not_an_old_lag():
    stored = build_record(KEY, STAMP, JOB, job=dict(status='WORKING', ready_for_cutover=True, lag_time_seconds=2), started=True,
                          cut_over=True, validation_status='SUCCESS', validation_id=OTHER, **KNOWN)
    new = build_record(KEY, LATER, JOB, job=dict(status='WORKING', ready_for_cutover=False, lag_time_seconds=None))
    expected = dict(stored, updated_at=LATER, ready_for_cutover=False)
    del expected['lag_time_seconds']  # a lag Atlas no longer reports is not kept
    assert kept(stored, new) == expected
    validate_migration_record(kept(stored, new), 'kept')


def test_another_migration_replaces_the_migration_fields_but_keeps_the_validation():
    stored = build_record(KEY, STAMP, JOB, job=dict(status='FAILED'), started=True, cut_over=True, validation_status='SUCCESS',
                          note='old', **KNOWN)
    new = build_record(KEY, LATER, OTHER, job=dict(status='NEW', ready_for_cutover=False), started=True, **KNOWN)
    result = kept(stored, new)
    assert result['id'] == OTHER and result['status'] == 'NEW' and result['started_at'] == LATER
    assert 'cut_over' not in result and 'note' not in result
    assert result['validation_status'] == 'SUCCESS'
    assert carried(stored, new)['validation_status'] == 'SUCCESS' and 'validation_status' not in new  # inputs untouched


def test_a_validation_keeps_the_migration():
    stored = build_record(KEY, STAMP, JOB, job=dict(status='WORKING', lag_time_seconds=3), started=True, **KNOWN)
    result = kept(stored, build_record(KEY, LATER, validation_status='PENDING', validation_id=OTHER))
    assert result == dict(stored, validation_status='PENDING', validation_id=OTHER, updated_at=LATER)
    assert kept(None, dict(key=KEY, updated_at=LATER)) == dict(key=KEY, updated_at=LATER)


def test_a_record_missing_the_request_takes_it_from_the_stored_one():
    stored = build_record(KEY, STAMP, JOB, job=dict(status='WORKING'), **KNOWN)
    result = kept(stored, build_record(KEY, LATER, JOB, job=dict(status='COMPLETE')))
    assert result['source'] == KNOWN['source'] and result['org_id'] == KNOWN['org_id'] and result['cut_over'] is True


def test_the_same_content_keeps_the_stored_record_and_its_time():
    stored = build_record(KEY, STAMP, JOB, job=dict(status='WORKING', lag_time_seconds=2), **KNOWN)
    assert kept(stored, build_record(KEY, LATER, JOB, job=dict(status='WORKING', lag_time_seconds=2), **KNOWN)) == stored
