# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The link lock: one lock per Atlas organization on the controller, held by a run of ansible-playbook.

Why a keeper process. An flock is held by an open file description and ends when the last descriptor of it is
closed, at the latest when the process holding it dies; the kernel sees to that. No module can hold one across
tasks (a module run ends when it returns), nor can an action plugin (each task of each host runs in a worker
process that ends with the task). So the ``livemigrate.mongodb.link_lock`` action starts a small keeper process
(this file, run as a script) that takes the flock and holds it:

- until the last host of the run that took the lock releases it (the link role releases in an ``always``
  section, so also when a task failed);
- or until the run's ansible-playbook process (the worker's parent, watched every POLL seconds) is gone: a run
  that is killed, even with SIGKILL, releases its locks within a second;
- or, if the keeper itself is killed, at once: its descriptor closes.

The hosts of one run share the lock (one inventory host per organization, forks): the first one starts the
keeper, the others join it. State shared by the hosts of a run and its keeper lives in a small JSON file per
run and organization beside the lock file, changed only under an flock of that file.

Files in the lock directory, for Atlas organization ORG:

``ORG.lock``
    the lock; while held it names its holder (run PID, controller, user, since) for the messages of waiters.
``ORG.run-PID.json``
    the run's keeper: {run_pid, keeper_pid, state, holders, waited, holder}; state is ``starting``, ``waiting``
    (another run holds the lock), ``held``, or ``timeout``.

Standard library only, POSIX only (the controller). Nothing here is a secret.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import fcntl
import getpass
import json
import os
import re
import socket
import subprocess
import sys
import time

POLL = 0.2
ORG_ID_RE = re.compile(r'^[a-f0-9]{24}\Z')
# States of a run file in which its keeper lives (or is starting).
ACTIVE = ('starting', 'waiting', 'held')
# How long an acquirer waits past the timeout for the keeper to report, and a release for the keeper to end.
GRACE = 15.0


class LockError(Exception):
    """The lock could not be taken: a timeout (the message names the holder, the lock file and the timeout
    variable) or a keeper that did not start."""


def lock_file(lock_dir, org_id):
    return os.path.join(lock_dir, '%s.lock' % org_id)


def run_file(lock_dir, org_id, run_pid):
    return os.path.join(lock_dir, '%s.run-%d.json' % (org_id, run_pid))


def check_org_id(org_id):
    """The Atlas organization id, which names the lock file: 24 lowercase hexadecimal characters, nothing else."""
    if not isinstance(org_id, str) or not ORG_ID_RE.match(org_id):
        raise ValueError('org_id: %r is not an organization id: expected 24 lowercase hexadecimal characters.' % (org_id,))
    return org_id


def alive(pid):
    """Whether a process with this id exists (it may belong to another user) and has not ended (a zombie, where
    /proc tells)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError as exc:
        if exc.errno != errno.EPERM:
            return False
    try:
        with open('/proc/%d/stat' % pid, 'rb') as handle:
            return handle.read().rpartition(b')')[2].split()[:1] != [b'Z']
    except (OSError, IndexError):
        return True


# -- the run file: JSON under an flock of the file itself ---------------------------------------------

class RunFile:
    """``with RunFile(path) as run:`` the run file locked; ``run.doc`` its content ({} when new), ``run.save()``,
    ``run.remove()``. With ``create=False`` a missing file gives ``run.doc`` None."""

    def __init__(self, path, create=True):
        self.path = path
        self.create = create
        self.fd = None
        self.doc = None

    def __enter__(self):
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | (os.O_CREAT if self.create else 0), 0o600)
            except OSError as exc:
                if exc.errno == errno.ENOENT and not self.create:
                    return self
                raise
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:  # else removed (and maybe made again) while this waited for the flock: start over
                break
            os.close(fd)
        self.fd = fd
        text = b''
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            text += chunk
        try:
            self.doc = json.loads(text.decode('utf-8')) if text else {}
        except ValueError:
            self.doc = {}
        return self

    def save(self):
        data = json.dumps(self.doc, sort_keys=True).encode('utf-8')
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.ftruncate(self.fd, 0)
        os.write(self.fd, data)

    def remove(self):
        try:
            os.unlink(self.path)
        except OSError:
            pass

    def __exit__(self, *exc_info):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def read_holder(path):
    """What the lock file says about its holder ({} when nothing readable)."""
    try:
        with open(path, 'rb') as handle:
            return json.loads(handle.read().decode('utf-8') or '{}')
    except (OSError, ValueError):
        return {}


def describe_holder(holder):
    if not holder.get('run_pid'):
        return 'another run on this controller'
    return 'another run on this controller (ansible-playbook PID %s of user %s on %s, since %s)' % (
        holder.get('run_pid'), holder.get('user') or 'unknown', holder.get('controller') or 'this host',
        holder.get('since') or 'unknown')


def timeout_message(org_id, path, timeout, holder):
    return ('The link lock of Atlas organization %s was not free after %s: %s holds it. Lock file: %s. Let that run '
            'finish and run again, or wait longer: raise link_lock_timeout (seconds; the timeout option of '
            'livemigrate.mongodb.link_lock).' % (org_id, seconds(timeout), describe_holder(holder), path))


def waiting_message(org_id, path, timeout, holder):
    return ('Waiting up to %s for the link lock of Atlas organization %s: %s holds it. Lock file: %s '
            '(link_lock_timeout sets how long to wait).' % (seconds(timeout), org_id, describe_holder(holder), path))


def seconds(value):
    """'1 second', '2.5 seconds'."""
    text = ('%.1f' % value).rstrip('0').rstrip('.')
    return '%s second%s' % (text, '' if text == '1' else 's')


# -- taking and releasing, in the action plugin (a worker of the run) ----------------------------------

def spawn_keeper(lock_dir, org_id, run_pid, timeout):
    """Start the keeper of this run, detached (its own session, no terminal, no inherited descriptors), through a
    short-lived go-between, so that the keeper is nobody's child here (init reaps it when it ends). Its PID."""
    with open(os.devnull, 'rb') as null_in, open(os.devnull, 'wb') as null_out:
        between = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, os.path.abspath(__file__), '--spawn', lock_dir, org_id, str(run_pid), repr(float(timeout))],
            stdin=null_in, stdout=subprocess.PIPE, stderr=null_out, close_fds=True, cwd='/')
        answer = between.communicate()[0]
    try:
        return int(answer.decode('ascii').strip())
    except ValueError:
        raise LockError('The keeper process of the link lock of Atlas organization %s did not start (exit code %s).'
                        % (org_id, between.returncode)) from None


def _spawn(args):
    """The go-between: start the keeper in its own session and say its PID."""
    with open(os.devnull, 'rb') as null_in, open(os.devnull, 'wb') as null_out:
        keeper = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, os.path.abspath(__file__)] + list(args),
            stdin=null_in, stdout=null_out, stderr=null_out, close_fds=True, start_new_session=True, cwd='/')
    sys.stdout.write('%d\n' % keeper.pid)
    sys.stdout.flush()
    return 0


def acquire(lock_dir, org_id, run_pid, host, timeout, on_wait=None, spawn=spawn_keeper, clock=time.time, sleep=time.sleep):
    """Take the lock for ``host`` of run ``run_pid``; wait at most ``timeout`` seconds for another run to release it.

    Returns {lock_file, waited (seconds), shared (the run held it already), holder (what held it while this
    waited, {} when nothing did)}. ``on_wait(message)`` is called once when the lock is held by another run.
    Raises LockError on a timeout.
    """
    check_org_id(org_id)
    if not os.path.isdir(lock_dir):
        os.makedirs(lock_dir, 0o700)
    path, started = lock_file(lock_dir, org_id), clock()
    with RunFile(run_file(lock_dir, org_id, run_pid)) as run:
        doc = run.doc
        shared = doc.get('state') in ACTIVE and alive(doc.get('keeper_pid'))
        if shared and doc['state'] == 'held' and read_holder(path).get('keeper_pid') != doc['keeper_pid']:
            shared = False  # a run file left behind (a reboot), its ids reused by other processes
        if not shared:
            doc.clear()
            doc.update(run_pid=run_pid, state='starting', holders=[], waited=0.0, holder={})
            doc['keeper_pid'] = spawn(lock_dir, org_id, run_pid, timeout)
        doc['holders'].append(host)
        run.save()
    announced = False
    while True:
        with RunFile(run_file(lock_dir, org_id, run_pid), create=False) as run:
            doc = run.doc or {}
            state = doc.get('state')
            if state == 'held':
                # The holder this run waited for (a host joining later did not wait for it).
                holder = doc.get('holder') or {} if announced or not shared else {}
                return dict(lock_file=path, waited=round(clock() - started, 1), shared=shared, holder=holder)
            if state == 'timeout' or not alive(doc.get('keeper_pid')) or clock() - started > timeout + GRACE:
                _leave(run, host)
                if state == 'timeout':
                    raise LockError(timeout_message(org_id, path, timeout, doc.get('holder') or read_holder(path)))
                raise LockError('The keeper process of the link lock of Atlas organization %s ended or did not answer '
                                '(lock file %s, run file %s).' % (org_id, path, run.path))
        if state == 'waiting' and not announced:
            announced = True
            if on_wait:
                on_wait(waiting_message(org_id, path, timeout, doc.get('holder') or read_holder(path)))
        sleep(POLL)


def _leave(run, host):
    """Take ``host`` off the run file (one entry); the file goes once nobody holds it and its keeper ended."""
    if run.doc is None:
        return False
    holders = run.doc.get('holders') or []
    if host not in holders:
        return False
    holders.remove(host)
    if not holders and (run.doc.get('state') not in ACTIVE or not alive(run.doc.get('keeper_pid'))):
        run.remove()
    else:
        run.save()
    return True


def release(lock_dir, org_id, run_pid, host, clock=time.time, sleep=time.sleep):
    """Release ``host``'s hold; the lock is free once the last host of the run released it (waits for the keeper
    to clear the lock file then: the flock itself goes a moment later, when the keeper exits). False when the host
    held nothing."""
    check_org_id(org_id)
    with RunFile(run_file(lock_dir, org_id, run_pid), create=False) as run:
        if not _leave(run, host):
            return False
        last = not run.doc.get('holders')
        keeper = run.doc.get('keeper_pid')
    # The keeper clears the lock file just before it lets go (a keeper that ended but was not reaped yet would
    # still look alive).
    deadline = clock() + GRACE
    while last and alive(keeper) and read_holder(lock_file(lock_dir, org_id)).get('keeper_pid') == keeper \
            and clock() < deadline:
        sleep(POLL / 4)
    return True


# -- the keeper process ------------------------------------------------------------------------------

def keep(lock_dir, org_id, run_pid, timeout, clock=time.time, sleep=time.sleep, alive_check=alive):
    """Take the flock and hold it while the run lives and some host of it holds the lock (see the file's text)."""
    path = lock_file(lock_dir, org_id)
    me = os.getpid()
    started = clock()
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    held = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
            if not _report(lock_dir, org_id, run_pid, me, 'waiting', holder=read_holder(path)):
                return 'dropped'
            if not alive_check(run_pid):
                return 'run ended'
            if clock() - started >= timeout:
                _report(lock_dir, org_id, run_pid, me, 'timeout', holder=read_holder(path), waited=clock() - started)
                return 'timeout'
            sleep(POLL)
        holder = dict(run_pid=run_pid, keeper_pid=me, org_id=org_id, controller=socket.gethostname(),
                      user=_user(), since=time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()))
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(holder, sort_keys=True).encode('utf-8'))
        if not _report(lock_dir, org_id, run_pid, me, 'held', waited=clock() - started):
            return 'dropped'
        while alive_check(run_pid):
            sleep(POLL)
            with RunFile(run_file(lock_dir, org_id, run_pid), create=False) as run:
                if run.doc is None or run.doc.get('keeper_pid') != me:
                    return 'dropped'
                if not run.doc.get('holders'):
                    run.remove()
                    return 'released'
        with RunFile(run_file(lock_dir, org_id, run_pid), create=False) as run:
            if run.doc is not None and run.doc.get('keeper_pid') == me:
                run.remove()
        return 'run ended'
    finally:
        if held:
            os.ftruncate(fd, 0)  # names no holder once free
        os.close(fd)  # the flock ends here (and at the latest when this process ends)


def _report(lock_dir, org_id, run_pid, me, state, **fields):
    """Write the keeper's state into the run file; False when the file is no longer this keeper's."""
    with RunFile(run_file(lock_dir, org_id, run_pid), create=False) as run:
        if run.doc is None or run.doc.get('keeper_pid') not in (None, me):
            return False
        if run.doc.get('state') != state or fields.get('holder') != run.doc.get('holder'):
            run.doc.update(fields, state=state, keeper_pid=me)
            if 'waited' in fields:
                run.doc['waited'] = round(fields['waited'], 1)
            run.save()
    return True


def _user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid
        return str(os.getuid())


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ['--spawn']:
        return _spawn(args[1:])
    lock_dir, org_id, run_pid, timeout = args
    keep(lock_dir, check_org_id(org_id), int(run_pid), float(timeout))
    return 0


if __name__ == '__main__':
    sys.exit(main())
