"""The migrate role's filters, on registered results shaped as the modules return them (no simulator)."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import (
    CHECK_MODE_HOST, FilterModule, migrate_host, migrate_result, migrate_resume)

ATLAS = '5f4b7c2e9d1a3b6c8e0f1a2b'
PROJECT = '6a1b2c3d4e5f60718293a4b6'
DIGITS = '650000000000000000000003'
JOB = '6f0a1b2c3d4e5f6071829304'


def projects(*entries):
    """An atlas_live_migration_projects_info result: (project_id, [hosts]) pairs."""
    return dict(changed=False, org_id=ATLAS, projects=[dict(project_id=p, name='P', migration_hosts=h, deployments=[])
                                                       for p, h in entries])


def test_every_filter_is_registered():
    assert sorted(FilterModule().filters()) == ['migrate_host', 'migrate_record', 'migrate_recorded_id', 'migrate_result',
                                                'migrate_resume']


def test_migrate_host_given_wins_and_needs_no_read():
    assert migrate_host(dict(skipped=True), dict(project_id=PROJECT), 'mh9.example.com') == 'mh9.example.com'


def test_migrate_host_is_empty_when_a_migration_is_resumed_by_its_id():
    """No projects were read (the task was skipped): resuming needs no host, and must not fail."""
    assert migrate_host(dict(skipped=True), dict(project_id=PROJECT), '', ATLAS, False, '6f1b2c3d4e5f60718293a4b1') == ''


def test_migrate_host_first_host_of_the_source_project():
    read = projects(('6a1b2c3d4e5f60718293a4b7', ['other']), (PROJECT, ['mh1', 'mh2']))
    assert migrate_host(read, dict(project_id=PROJECT, cluster_name='rs0')) == 'mh1'


def test_migrate_host_matches_an_unquoted_all_digit_project_id():
    """migrate_source.project_id written without quotes is an int; Atlas answers strings."""
    assert migrate_host(projects((DIGITS, ['mh1'])), dict(project_id=int(DIGITS))) == 'mh1'


def test_migrate_host_missing_fails_naming_the_project_and_what_to_do():
    read = projects(('6a1b2c3d4e5f60718293a4b7', ['mh1']), (PROJECT, []))
    for source in (dict(project_id=PROJECT), dict(project_id='6a1b2c3d4e5f60718293a4b8')):
        with pytest.raises(AnsibleFilterError) as info:
            migrate_host(read, source, '', ATLAS)
        assert str(info.value) == (
            'Source project %s is not available for migration to Atlas organization %s, or has no migration host '
            '(available: 6a1b2c3d4e5f60718293a4b7, %s). Link its organization (migrate_link), configure a migration '
            'host in Cloud Manager / Ops Manager, or set migrate_migration_host.' % (source['project_id'], ATLAS, PROJECT))
    with pytest.raises(AnsibleFilterError, match=r'\(available: none\)'):
        migrate_host(projects(), dict(project_id=PROJECT), '', ATLAS)


def test_migrate_host_check_mode_goes_on_with_a_placeholder():
    assert migrate_host(projects(), dict(project_id=PROJECT), '', ATLAS, True) == CHECK_MODE_HOST


@pytest.mark.parametrize('source, message', [
    (dict(cluster_name='rs0'), 'migrate_source.project_id: is required.'),
    (dict(project_id='nope'), "migrate_source.project_id: 'nope' is not a project id"),
    (dict(project_id=12345), 'Write the id in quotes'),
])
def test_migrate_host_refuses_a_bad_project_id_by_name(source, message):
    with pytest.raises(AnsibleFilterError) as info:
        migrate_host(projects((PROJECT, ['mh1'])), source)
    assert message in str(info.value)


def test_migrate_resume_only_for_a_migration_this_run_started():
    started = dict(changed=True, id=JOB, status='WORKING', ready_for_cutover=True)
    assert migrate_resume(started) == (
        'Live migration %s is WORKING, ready for cutover. Atlas cannot list migrations: pass '
        'migrate_live_migration_id=%s on later runs so that no second migration is started.' % (JOB, JOB))
    assert migrate_resume(dict(started, ready_for_cutover=False)).startswith('Live migration %s is WORKING. ' % JOB)
    assert migrate_resume(dict(started, changed=False)) == ''
    assert migrate_resume(dict(changed=True, id=None, status=None)) == ''  # check mode


def test_migrate_result_after_start():
    job = dict(changed=True, id=JOB, status='WORKING', ready_for_cutover=True, lag_time_seconds=2)
    assert migrate_result(job, dict(skipped=True, changed=False), dict(changed=False, status='SUCCESS')) == dict(
        id=JOB, status='WORKING', ready_for_cutover=True, lag_time_seconds=2, validation_status='SUCCESS',
        started=True, cut_over=False)


def test_migrate_result_after_cutover_takes_the_cutover_state():
    job = dict(changed=False, id=JOB, status='WORKING', ready_for_cutover=True, lag_time_seconds=2)
    cutover = dict(changed=True, id=JOB, status='COMPLETE', ready_for_cutover=False, lag_time_seconds=None)
    assert migrate_result(job, cutover, dict(skipped=True, changed=False)) == dict(
        id=JOB, status='COMPLETE', ready_for_cutover=False, lag_time_seconds=None, validation_status=None,
        started=False, cut_over=True)


# -- migrate_state_file: the recorded migration ------------------------------------------------------------------

PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
RECORD_KEY = PROJECT + '/Cluster0'


def recorded(status='WORKING'):
    return {'migrations': {RECORD_KEY: {'key': RECORD_KEY, 'id': 'a' * 24, 'status': status}}}


def test_recorded_id_prefers_the_given_id_then_the_record():
    from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import migrate_recorded_id
    assert migrate_recorded_id(recorded(), PROJECT, {'cluster_name': 'Cluster0'}, 'b' * 24) == 'b' * 24
    assert migrate_recorded_id(recorded(), PROJECT, {'cluster_name': 'Cluster0'}) == 'a' * 24
    assert migrate_recorded_id(recorded(), PROJECT, {'cluster_name': 'Other'}) == ''
    assert migrate_recorded_id({'skipped': True}, PROJECT, {'cluster_name': 'Cluster0'}) == ''


@pytest.mark.parametrize('status', ['FAILED', 'EXPIRED'])
def test_recorded_id_never_restarts_silently(status):
    from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import migrate_recorded_id
    with pytest.raises(AnsibleFilterError, match='migrate_restart=true'):
        migrate_recorded_id(recorded(status), PROJECT, {'cluster_name': 'Cluster0'})
    assert migrate_recorded_id(recorded(status), PROJECT, {'cluster_name': 'Cluster0'}, restart=True) == ''


def test_record_holds_no_secret():
    from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import migrate_record
    job = {'id': 'c' * 24, 'status': 'COMPLETE', 'ready_for_cutover': False, 'lag_time_seconds': None, 'changed': True}
    source = {'project_id': 'd' * 24, 'cluster_name': 'rs0', 'username': 'u', 'password': 'pw-secret-1234'}
    records = migrate_record(job, PROJECT, source, {'cluster_name': 'Cluster0'}, 'e' * 24, 'mh.example.com', now='2026-12-01T00:00:00Z')
    assert records == [{'key': RECORD_KEY, 'id': 'c' * 24, 'org_id': 'e' * 24, 'source': {'project_id': 'd' * 24, 'cluster_name': 'rs0'},
                        'destination': {'project_id': PROJECT, 'cluster_name': 'Cluster0'}, 'migration_host': 'mh.example.com',
                        'status': 'COMPLETE', 'ready_for_cutover': False, 'updated_at': '2026-12-01T00:00:00Z', 'cut_over': True}]
    assert migrate_record({'id': None}, PROJECT, source, {'cluster_name': 'Cluster0'}) == []
    assert migrate_record({'skipped': True}, PROJECT, source, {'cluster_name': 'Cluster0'}) == []


def test_record_is_the_one_the_module_returned_the_cutover_s_when_it_ran():
    from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import migrate_record
    started = {'key': RECORD_KEY, 'id': 'c' * 24, 'status': 'WORKING', 'updated_at': '2026-12-01T00:00:00Z'}
    cut = dict(started, status='COMPLETE', cut_over=True, updated_at='2026-12-01T01:00:00Z')
    job = {'id': 'c' * 24, 'status': 'WORKING', 'changed': True, 'record': started}
    source = {'project_id': 'd' * 24, 'cluster_name': 'rs0', 'password': 'pw-secret-1234'}
    assert migrate_record(job, PROJECT, source, {'cluster_name': 'Cluster0'}) == [started]
    assert migrate_record(job, PROJECT, source, {'cluster_name': 'Cluster0'}, cutover={'skipped': True, 'changed': False}) == [started]
    assert migrate_record(job, PROJECT, source, {'cluster_name': 'Cluster0'}, cutover={'changed': True, 'record': cut}) == [cut]
    assert migrate_record(dict(job, record=None, id=None), PROJECT, source, {'cluster_name': 'Cluster0'}) == []  # check mode


def test_resume_message_names_the_state_file():
    started = dict(changed=True, id=JOB, status='NEW', ready_for_cutover=False)
    assert migrate_resume(started, '/srv/campaign-state.json') == (
        'Live migration %s is NEW. It is recorded in /srv/campaign-state.json: later runs with the same variables resume it '
        '(or pass migrate_live_migration_id=%s).' % (JOB, JOB))
    assert 'Atlas cannot list migrations' in migrate_resume(started, '')


def test_recorded_id_of_a_migration_atlas_no_longer_knows():
    from ansible_collections.livemigrate.mongodb.plugins.filter.migrate import migrate_recorded_id
    with pytest.raises(AnsibleFilterError) as info:
        migrate_recorded_id(recorded('NOT_FOUND'), PROJECT, {'cluster_name': 'Cluster0'})
    assert str(info.value) == ('The migration recorded for cluster %s, %s, is NOT_FOUND: nothing was started. Look at it in '
                               'Atlas, then set migrate_restart=true to start a new one.' % (RECORD_KEY, 'a' * 24))
    assert migrate_recorded_id({'migrations': {RECORD_KEY: {'key': RECORD_KEY, 'validation_status': 'SUCCESS'}}}, PROJECT,
                               {'cluster_name': 'Cluster0'}) == ''
