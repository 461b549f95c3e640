# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The link lock with real keeper processes and real flocks: stand-in "runs" are sleeping processes."""

import fcntl
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from ansible_collections.livemigrate.mongodb.plugins.plugin_utils import link_lock

ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'


@pytest.fixture
def runs():
    """Factory of stand-in ansible-playbook processes (their PIDs own locks); killed at the end."""
    started = []

    def factory():
        process = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])  # pylint: disable=consider-using-with
        started.append(process)
        return process

    yield factory
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait()


def _free(lock_dir):
    """Whether nobody holds the lock (tried with a fresh descriptor, then let go)."""
    fd = os.open(link_lock.lock_file(lock_dir, ORG), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _state(lock_dir, run_pid):
    try:
        with open(link_lock.run_file(lock_dir, ORG, run_pid)) as handle:
            return json.loads(handle.read() or '{}').get('state')
    except OSError:
        return None


def _wait_until(predicate, seconds=5.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_take_and_release(tmp_path, runs):
    lock_dir = str(tmp_path / 'locks')
    run = runs()
    taken = link_lock.acquire(lock_dir, ORG, run.pid, 'localhost', 5)
    assert taken == dict(lock_file=link_lock.lock_file(lock_dir, ORG), waited=taken['waited'], shared=False, holder={})
    assert oct(os.stat(lock_dir).st_mode & 0o777) == '0o700'
    assert not _free(lock_dir)
    holder = link_lock.read_holder(taken['lock_file'])
    assert holder['run_pid'] == run.pid and holder['org_id'] == ORG and holder['user'] and holder['since'].endswith('Z')
    assert link_lock.release(lock_dir, ORG, run.pid, 'localhost') is True
    assert _wait_until(lambda: _free(lock_dir), 3)  # the keeper lets go a moment after it cleared the file
    assert link_lock.read_holder(taken['lock_file']) == {}
    assert os.listdir(lock_dir) == ['%s.lock' % ORG]  # the run file is gone
    assert link_lock.release(lock_dir, ORG, run.pid, 'localhost') is False


def test_a_second_run_waits_and_times_out_with_a_message_naming_everything(tmp_path, runs):
    lock_dir = str(tmp_path)
    first, second = runs(), runs()
    link_lock.acquire(lock_dir, ORG, first.pid, 'localhost', 5)
    said = []
    started = time.time()
    with pytest.raises(link_lock.LockError) as err:
        link_lock.acquire(lock_dir, ORG, second.pid, 'localhost', 1, on_wait=said.append)
    assert 1 <= time.time() - started < 5
    text = str(err.value)
    assert 'The link lock of Atlas organization %s was not free after 1 second:' % ORG in text
    assert 'ansible-playbook PID %d' % first.pid in text and link_lock.lock_file(lock_dir, ORG) in text
    assert 'raise link_lock_timeout' in text
    assert len(said) == 1 and said[0].startswith('Waiting up to 1 second for the link lock of Atlas organization %s' % ORG)
    assert 'ansible-playbook PID %d' % first.pid in said[0]
    assert not os.path.exists(link_lock.run_file(lock_dir, ORG, second.pid))
    assert not _free(lock_dir)  # still the first run's


def test_the_second_run_gets_the_lock_when_the_first_releases_it(tmp_path, runs):
    lock_dir = str(tmp_path)
    first, second = runs(), runs()
    link_lock.acquire(lock_dir, ORG, first.pid, 'localhost', 5)
    # The second run's host waits in another process (as in another ansible-playbook run).
    waiter = subprocess.Popen([sys.executable, '-c', (  # pylint: disable=consider-using-with
        'import importlib.util, json; spec = importlib.util.spec_from_file_location("link_lock", %r); '
        'lock = importlib.util.module_from_spec(spec); spec.loader.exec_module(lock); '
        'print(json.dumps(lock.acquire(%r, %r, %d, "localhost", 20)))') % (link_lock.__file__, lock_dir, ORG, second.pid)],
        stdout=subprocess.PIPE, text=True)
    assert _wait_until(lambda: _state(lock_dir, second.pid) == 'waiting')
    time.sleep(0.5)
    link_lock.release(lock_dir, ORG, first.pid, 'localhost')
    taken = json.loads(waiter.communicate(timeout=20)[0])
    assert taken['waited'] >= 0.5 and taken['holder']['run_pid'] == first.pid
    assert link_lock.read_holder(taken['lock_file'])['run_pid'] == second.pid
    link_lock.release(lock_dir, ORG, second.pid, 'localhost')
    assert _wait_until(lambda: _free(lock_dir), 3)


def test_hosts_of_one_run_share_the_lock_until_the_last_releases_it(tmp_path, runs):
    lock_dir = str(tmp_path)
    run, other = runs(), runs()
    assert link_lock.acquire(lock_dir, ORG, run.pid, 'org-a', 5)['shared'] is False
    assert link_lock.acquire(lock_dir, ORG, run.pid, 'org-b', 0)['shared'] is True
    assert link_lock.acquire(lock_dir, ORG, run.pid, 'org-b', 0)['shared'] is True  # the role included twice
    for host in ('org-a', 'org-b'):
        assert link_lock.release(lock_dir, ORG, run.pid, host) is True
        time.sleep(0.5)
        assert not _free(lock_dir), 'released while org-b still holds it'
    with pytest.raises(link_lock.LockError):
        link_lock.acquire(lock_dir, ORG, other.pid, 'localhost', 0)
    assert link_lock.release(lock_dir, ORG, run.pid, 'org-b') is True
    assert _wait_until(lambda: _free(lock_dir), 3)
    assert link_lock.acquire(lock_dir, ORG, other.pid, 'localhost', 0)['shared'] is False


def test_a_killed_run_releases_its_lock(tmp_path, runs):
    lock_dir = str(tmp_path)
    run, other = runs(), runs()
    link_lock.acquire(lock_dir, ORG, run.pid, 'localhost', 5)
    keeper = json.loads(open(link_lock.run_file(lock_dir, ORG, run.pid)).read())['keeper_pid']
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert _wait_until(lambda: _free(lock_dir), 3), 'the lock outlived its run'
    assert _wait_until(lambda: not link_lock.alive(keeper), 3)
    assert not os.path.exists(link_lock.run_file(lock_dir, ORG, run.pid))
    assert link_lock.acquire(lock_dir, ORG, other.pid, 'localhost', 2)['holder'] == {}


def test_a_killed_keeper_releases_the_lock_at_once_and_the_run_takes_a_new_one(tmp_path, runs):
    lock_dir = str(tmp_path)
    run = runs()
    link_lock.acquire(lock_dir, ORG, run.pid, 'org-a', 5)
    keeper = json.loads(open(link_lock.run_file(lock_dir, ORG, run.pid)).read())['keeper_pid']
    os.kill(keeper, signal.SIGKILL)
    assert _wait_until(lambda: _free(lock_dir), 3)
    # A host of the same run that comes later does not trust the dead keeper: it starts a new one.
    assert link_lock.acquire(lock_dir, ORG, run.pid, 'org-b', 2)['shared'] is False
    assert not _free(lock_dir)


def test_a_run_file_left_behind_is_not_trusted(tmp_path, runs):
    lock_dir = str(tmp_path)
    run = runs()
    # What a reboot leaves: a "held" run file whose keeper id now belongs to another live process.
    with open(link_lock.run_file(lock_dir, ORG, run.pid), 'w') as handle:
        json.dump(dict(run_pid=run.pid, keeper_pid=os.getpid(), state='held', holders=['x'], holder={}), handle)
    assert link_lock.acquire(lock_dir, ORG, run.pid, 'localhost', 2)['shared'] is False
    assert not _free(lock_dir)


@pytest.mark.parametrize('org_id', ['../../etc/passwd', '5F4B7C2E9D1A3B6C8E0F1A2B', '', None, 'x' * 24])
def test_the_org_id_must_be_an_id_before_it_names_a_file(tmp_path, org_id):
    with pytest.raises(ValueError) as err:
        link_lock.acquire(str(tmp_path), org_id, os.getpid(), 'localhost', 0)
    assert 'is not an organization id' in str(err.value)
    assert os.listdir(str(tmp_path)) == []


def test_messages_without_holder_details():
    assert link_lock.describe_holder({}) == 'another run on this controller'
    assert 'after 0.5 seconds: another run on this controller holds it' in link_lock.timeout_message(ORG, '/x/%s.lock' % ORG, 0.5, {})
    assert link_lock.seconds(1.0) == '1 second' and link_lock.seconds(12.25) == '12.2 seconds'
