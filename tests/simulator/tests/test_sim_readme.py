"""Every command tests/simulator/README.md shows, run as written (so the page cannot rot)."""

import os
import re
import shlex
import socket
import subprocess
import sys

import pytest
import requests

from tests.support.collection import ROOT, collections_dir

README = ROOT / 'tests' / 'simulator' / 'README.md'
LINKED_ORG = '60a1b2c3d4e5f60718293a4b'  # the Cloud/Ops Manager organization of the README's play


def _blocks(language):
    return [body for lang, body in re.findall(r'^```(\w+)\n(.*?)^```', README.read_text(encoding='utf-8'), re.S | re.M)
            if lang == language]


def _environment():
    """The README's shell: this virtualenv's python and ansible-playbook first, no MONGODB_* of the caller."""
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(('MONGODB_', 'ANSIBLE_')))
    env['PATH'] = os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', '')
    env['ANSIBLE_COLLECTIONS_PATH'] = str(collections_dir())
    return env


def _free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def test_the_console_example_starts_and_prints_what_the_page_shows():
    lines = _blocks('console')[0].splitlines()
    port = str(_free_port())
    command = lines[0].lstrip('$ ').replace('8080', port)
    assert command.startswith('python ')
    command = sys.executable + command[len('python'):]  # the README's python: this virtualenv's
    process = subprocess.Popen(shlex.split(command), cwd=str(ROOT), env=_environment(),  # pylint: disable=consider-using-with
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        shown = [process.stdout.readline().rstrip('\n') for dummy in range(3)]
        assert shown == [line.replace('8080', port) for line in lines[1:4]], process.stderr.read() if process.poll() else shown
        assert requests.get('http://127.0.0.1:%s/_sim/health' % port, timeout=5).json()['status'] == 'ok'
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_the_python_example_prints_what_its_comments_say():
    answer = subprocess.run([sys.executable, '-c', _blocks('python')[0]], cwd=str(ROOT), env=_environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.split('\n') == ['503', '503 status', '']


def test_the_shell_commands_start_drive_and_stop_the_simulator(tmp_path):
    if not os.path.exists(os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')):
        pytest.skip('no ansible-playbook beside %s' % sys.executable)
    shell, play = _blocks('bash'), _blocks('yaml')[0]
    # In the page's order; the play is saved where the page says, just before the block that runs it.
    save_play = 'cat > "$SIM_DIR/link-demo.yml" <<\'PLAY\'\n%sPLAY\n' % play
    script = '\n'.join(['set -euo pipefail', 'trap \'kill "${SIM_PID:-}" 2>/dev/null || true\' EXIT']
                       + shell[:-1] + [save_play, shell[-1]])
    (tmp_path / 'readme.sh').write_text(script, encoding='utf-8')
    answer = subprocess.run(['bash', str(tmp_path / 'readme.sh')], cwd=str(ROOT), env=_environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    assert answer.returncode == 0, answer.stdout[-4000:]
    assert '"status": "ok"' in answer.stdout                       # health
    assert 'simulator state: 0 token(s)' in answer.stdout          # sim_control before the play
    assert 'changed=2' in answer.stdout and 'failed=0' in answer.stdout
    assert re.search(r'"%s": \{[^}]*"status": "SYNCED"' % LINKED_ORG, answer.stdout), 'the state shows the link'
