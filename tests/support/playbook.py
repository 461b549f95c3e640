# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one ansible-playbook runner of the tests (standard library only: perf and ecosystem use it too).

``run_playbook(...)`` runs and waits; ``start_playbook(...)`` starts several runs that go on in
parallel, each collected with ``.wait()``. Output goes to temporary files, not pipes, so a run
that writes a lot (-vvvv) never stalls while another one is being waited for.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time


def ansible_playbook_executable(python=None):
    """ansible-playbook beside ``python`` (default: this interpreter), else the one on PATH."""
    local = os.path.join(os.path.dirname(python or sys.executable), 'ansible-playbook')
    if os.path.exists(local):
        return local
    found = shutil.which('ansible-playbook')
    if not found:
        raise RuntimeError('ansible-playbook not found beside %s nor on PATH' % (python or sys.executable))
    return found


class PlaybookRun:
    """The outcome of one ansible-playbook run."""

    def __init__(self, command, rc, stdout, stderr, seconds, timed_out=False):
        self.command = command
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.timed_out = timed_out

    @property
    def command_line(self):
        return ' '.join(shlex.quote(part) for part in self.command)

    @property
    def output(self):
        return self.stdout + '\n' + self.stderr

    def tail(self, lines=60):
        return '\n'.join(self.output.splitlines()[-lines:])

    def recap_changed(self):
        """The sum of ``changed=`` over every host of the PLAY RECAP."""
        recap = self.stdout.partition('PLAY RECAP')[2]
        return sum(int(word.split('=', 1)[1]) for word in recap.split() if word.startswith('changed='))

    def __repr__(self):
        return '<PlaybookRun rc=%s %.1fs: %s>' % (self.rc, self.seconds, self.command_line)


def playbook_command(playbook, inventory=None, extra_vars=None, verbosity=0, check=False, diff=False, args=(),
                     executable=None):
    """The command line (a list). ``inventory``: a path or host list, or a list of them;
    ``extra_vars``: a dict (passed as JSON), a string (``k=v`` or ``@file``) or a list of these."""
    command = [executable or ansible_playbook_executable()]
    if verbosity:
        command.append('-' + 'v' * verbosity)
    for source in _as_list(inventory):
        command += ['-i', source]
    for item in _as_list(extra_vars):
        command += ['-e', item if isinstance(item, str) else json.dumps(item)]
    if check:
        command.append('--check')
    if diff:
        command.append('--diff')
    return command + list(args) + [str(playbook)]


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def environment(env=None):
    """This process's environment with ``env`` over it; a value of None removes that variable."""
    result = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = str(value)
    return result


class PlaybookProcess:
    """An ansible-playbook run in progress; ``wait()`` returns its PlaybookRun."""

    def __init__(self, command, env=None, cwd=None, log_path=None):
        self.command = command
        self.log_path = log_path
        self._out = tempfile.TemporaryFile('w+', encoding='utf-8', errors='replace')  # pylint: disable=consider-using-with
        self._err = tempfile.TemporaryFile('w+', encoding='utf-8', errors='replace')  # pylint: disable=consider-using-with
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(command, cwd=None if cwd is None else str(cwd), env=environment(env),  # pylint: disable=consider-using-with
                                     stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err)

    def wait(self, timeout=None):
        timed_out = False
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            self.proc.kill()
            rc = self.proc.wait()
        seconds = time.perf_counter() - self.started
        outputs = []
        for handle in (self._out, self._err):
            handle.seek(0)
            outputs.append(handle.read())
            handle.close()
        if self.log_path:
            with open(str(self.log_path), 'w', encoding='utf-8') as log:
                log.write(outputs[0] + outputs[1])
        return PlaybookRun(self.command, rc, outputs[0], outputs[1], seconds, timed_out)


def start_playbook(playbook, inventory=None, extra_vars=None, env=None, verbosity=0, check=False, diff=False,
                   cwd=None, log_path=None, args=(), executable=None):
    """Start ansible-playbook; see run_playbook. Returns a PlaybookProcess."""
    command = playbook_command(playbook, inventory, extra_vars, verbosity, check, diff, args, executable)
    return PlaybookProcess(command, env, cwd, log_path)


def run_playbook(playbook, inventory=None, extra_vars=None, env=None, verbosity=0, check=False, diff=False,
                 cwd=None, timeout=None, log_path=None, args=(), executable=None):
    """Run ansible-playbook on ``playbook`` and wait for it; return a PlaybookRun (rc, stdout, stderr,
    seconds, command). A run beyond ``timeout`` seconds is killed (``timed_out`` is then true).

    ``env`` goes over this process's environment (None removes a variable); ``log_path`` receives
    stdout then stderr; ``args`` are more ansible-playbook options; ``executable`` is the
    ansible-playbook to run (default: the one beside this Python, else on PATH).
    """
    return start_playbook(playbook, inventory, extra_vars, env, verbosity, check, diff, cwd, log_path, args,
                          executable).wait(timeout)
