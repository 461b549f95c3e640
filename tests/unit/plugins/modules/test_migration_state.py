# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""migration_state: validate() and run() on real files (the module calls no API)."""

import json
import os

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import with_diff
from ansible_collections.livemigrate.mongodb.plugins.modules import migration_state

PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
SOURCE_PROJECT = '6a1b2c3d4e5f60718293a4b5'
JOB = '6f0a1b2c3d4e5f6071829304'
ARGUMENTS = arguments.migration_state()
BASE = {}


def record(cluster='Cluster0', **fields):
    base = dict(key='%s/%s' % (PROJECT, cluster), id=JOB, org_id='6a1b2c3d4e5f60718293a4b1',
                source=dict(project_id=SOURCE_PROJECT, cluster_name='rs0'),
                destination=dict(project_id=PROJECT, cluster_name=cluster), migration_host='mh1.example.com',
                status='WORKING', ready_for_cutover=False, lag_time_seconds=None, cut_over=False)
    base.update(fields)
    return base


def run(mod):
    migration_state.validate(mod)
    return with_diff(mod, *migration_state.run(mod, None))


@pytest.fixture
def path(tmp_path):
    return str(tmp_path / 'campaign' / 'state.json')


def file_migrations(path):
    with open(path) as handle:
        return json.load(handle)['migrations']


# -- validate ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('params, option', [
    (dict(records=[dict(record(), source=dict(project_id=SOURCE_PROJECT, cluster_name='rs0', password='s3cr3t-Passw0rd'))]),
     'records[0].source.password'),
    (dict(records=[record(), dict(record('C2'), username='s3cr3t-Passw0rd')]), 'records[1].username'),
    (dict(records=[dict(record(), key=None)]), 'records[0].key'),
    (dict(records=[dict(record(), key='%s/Other' % PROJECT)]), 'records[0].key'),
    (dict(records=[record(id='6F0A1B2C3D4E5F6071829304')]), 'records[0].id'),
    (dict(records=[record(org_id='nope')]), 'records[0].org_id'),
    (dict(records=[record(lag_time_seconds=-1)]), 'records[0].lag_time_seconds'),
    (dict(records=[record(ready_for_cutover='yes')]), 'records[0].ready_for_cutover'),
    (dict(records=[record(updated_at='2026-12-01 22:01')]), 'records[0].updated_at'),
    (dict(records=[record(), record()]), 'records[1].key'),
    (dict(migrations={'%s/Cluster0' % PROJECT: record(status=3)}), 'migrations[%s/Cluster0].status' % PROJECT),
    (dict(migrations={'x/y': record()}), 'migrations[x/y].key'),
    (dict(remove=['']), 'remove[0]'),
    (dict(records=[record()], remove=['%s/Cluster0' % PROJECT]), 'remove[0]'),
    (dict(lock_timeout=-1), 'lock_timeout'),
])
def test_validate_refuses_bad_input_naming_it(module, params, option, path):
    with pytest.raises(InputError) as err:
        migration_state.validate(module(path=path, **params))
    assert err.value.option == option
    assert 's3cr3t-Passw0rd' not in str(err.value)
    assert not os.path.exists(os.path.dirname(path))  # nothing read or written


def test_handed_in_records_take_their_key_from_the_dict(module):
    bare = record()
    del bare['key']
    result = run(module(migrations={'%s/Cluster0' % PROJECT: bare}))
    assert result['migrations']['%s/Cluster0' % PROJECT]['key'] == '%s/Cluster0' % PROJECT
    assert result['changed'] is False and result['path'] is None and result['written'] is False


# -- run ------------------------------------------------------------------------------------------

def test_check_apply_reapply_remove_remove_again(module, path):
    check = run(module(path=path, records=[record()], check_mode=True, diff=True))
    assert check['changed'] is True and check['written'] is False and 'check mode' in check['msg']
    assert check['diff'] == dict(before={'%s/Cluster0' % PROJECT: None}, after=check['migrations'])
    assert not os.path.exists(os.path.dirname(path))  # not even the directory or the lock file

    applied = run(module(path=path, records=[record()]))
    assert applied['changed'] is True and applied['written'] is True
    stored = file_migrations(path)
    assert stored == applied['migrations'] and stored['%s/Cluster0' % PROJECT]['updated_at'].endswith('Z')
    mtime = os.stat(path).st_mtime_ns

    again = run(module(path=path, records=[record()], diff=True))
    assert again['changed'] is False and again['written'] is False and 'diff' not in again
    assert again['migrations'] == stored and os.stat(path).st_mtime_ns == mtime

    removed = run(module(path=path, remove=['%s/Cluster0' % PROJECT], diff=True))
    assert removed['changed'] is True and removed['written'] is True and removed['migrations'] == {}
    assert removed['diff']['after'] == {'%s/Cluster0' % PROJECT: None}
    assert file_migrations(path) == {}

    removed_again = run(module(path=path, remove=['%s/Cluster0' % PROJECT]))
    assert removed_again['changed'] is False and removed_again['written'] is False


def test_a_changed_record_replaces_the_stored_one_and_the_diff_shows_only_it(module, path):
    run(module(path=path, records=[record(), record('C2')]))
    update = run(module(path=path, records=[record(status='COMPLETE', cut_over=True), record('C2')], diff=True))
    assert update['changed'] is True
    assert list(update['diff']['before']) == ['%s/Cluster0' % PROJECT]
    assert update['diff']['before']['%s/Cluster0' % PROJECT]['status'] == 'WORKING'
    assert file_migrations(path)['%s/Cluster0' % PROJECT]['status'] == 'COMPLETE'


def test_a_newer_handed_in_record_updates_the_file_an_older_one_does_not(module, path):
    run(module(path=path, records=[record(updated_at='2026-12-01T10:00:00Z')]))
    key = '%s/Cluster0' % PROJECT
    older = run(module(path=path, migrations={key: record(status='NEW', updated_at='2026-12-01T09:00:00Z')}))
    assert older['changed'] is False and older['migrations'][key]['status'] == 'WORKING'
    newer = run(module(path=path, migrations={key: record(status='COMPLETE', updated_at='2026-12-01T11:00:00Z')}))
    assert newer['changed'] is True and file_migrations(path)[key]['status'] == 'COMPLETE'


def test_templated_strings_are_read_as_their_type(module, path):
    run(module(path=path, records=[record(lag_time_seconds=2, ready_for_cutover=True, note=None)]))
    again = run(module(path=path, records=[record(lag_time_seconds='2', ready_for_cutover='True', note='')]))
    assert again['changed'] is False


def test_without_path_nothing_is_written(module, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(module(records=[record()]))
    assert result['changed'] is True and result['written'] is False and result['path'] is None
    assert list(result['migrations']) == ['%s/Cluster0' % PROJECT]
    assert os.listdir(str(tmp_path)) == []


def test_a_foreign_file_is_never_overwritten(module, path):
    os.makedirs(os.path.dirname(path))
    with open(path, 'w') as handle:
        handle.write('{"some": "other file"}')
    with pytest.raises(InputError) as err:
        run(module(path=path, records=[record()]))
    assert err.value.option == 'path' and path in str(err.value)
    with open(path) as handle:
        assert handle.read() == '{"some": "other file"}'


def test_a_file_with_a_secret_in_a_record_is_refused(module, path):
    os.makedirs(os.path.dirname(path))
    with open(path, 'w') as handle:
        json.dump(dict(format=1, collection='livemigrate.mongodb', migrations={'k': dict(key='k', password='s3cr3t-Passw0rd')}), handle)
    with pytest.raises(InputError) as err:
        run(module(path=path, check_mode=True))
    assert 'migrations[k].password' in str(err.value) and 's3cr3t-Passw0rd' not in str(err.value)
