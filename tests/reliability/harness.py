# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machinery of the reliability suite: case tally, ids and seeds, playbooks of play dicts with their results.

Every scenario is a *case* with a group (faults, bad input, secrets, ...). A pytest test may run
many cases at once (one ansible-playbook run with many ``ignore_errors`` tasks), but each case's
outcome is checked and counted on its own; the conftest prints the tally as a table at the end.
"""

import base64
import itertools
import json
import os
import sys
from collections import OrderedDict
from pathlib import Path

from tests.support.collection import collections_path
from tests.support.playbook import PlaybookRun, start_playbook
from tests.support.secret_scan import Harvest

# The order of the summary table.
GROUPS = OrderedDict([
    ('faults (modules)', 'Simulator faults against each module: 429 (with, without and with a too long Retry-After), '
                         '500/502/503/504 on reads and writes, slow answers beyond `timeout`, connections dropped before '
                         'and after the request, HTML and empty bodies, a Digest `stale=true` challenge, an OAuth token '
                         'expired mid-run. Each case checks the outcome, how often the request was sent, and that no '
                         'link-token was created twice (tokens counted in the simulator state).'),
    ('faults (role)', 'The same faults under the `link` role, one role run per case, checking `link_results`, the '
                      'failure message and the tokens per organization.'),
    ('bad input (modules)', 'Malformed options refused before any request (the simulator log stays empty) with a message '
                            'that names the option.'),
    ('bad input (role)', 'Malformed role variables: refused before any request.'),
    ('bad input (properties)', 'Property-based tests (hypothesis) of the validators in plugins/module_utils/_module/.'),
    ('secrets', 'Every playbook run of the suite (at -vvvv with --diff) and every simulator log scanned for every '
                'secret used: private keys, client secrets, OAuth access tokens, each link-token and the '
                'privateApiKey inside it. The body of the Cloud/Ops Manager link POST is the only place a token may '
                'be (that is the API) and is left out of the log scan.'),
    ('tls', 'A self-signed HTTPS simulator: validate_certs=true fails with a hint about ca_path, ca_path works, '
            'validate_certs=false works and warns.'),
    ('concurrency', 'The role over 20 source organizations, one inventory host each, with forks > 1 against one '
                    'simulator: every organization SYNCED, exactly one live token each, nothing lost.'),
    ('contract (atlas)', 'Every Atlas request of the whole suite validated against the official OpenAPI subset '
                         '(tests/support/contract.py validate_entry).'),
    ('contract (ops manager)', 'Every Cloud/Ops Manager request of the whole suite checked against the documented shape '
                               '(tests/support/contract.py validate_om_entry): path, method, Accept: application/json, '
                               'POST body exactly {"linkToken": <str>}, no envelope.'),
])


# Bugs the suite found in code it may not change; the cases that hit one count as expected failures.
BUGS = OrderedDict()  # BUG-1..3 (stale nonce, trailing newline, role input order) are fixed; add new ones here.


# ------------------------------------------------------------------------------------ tally


class Tally:
    """Cases tried per group, and how each ended."""

    def __init__(self):
        self.rows = OrderedDict((group, {'tried': 0, 'passed': 0, 'xfail': 0, 'xpass': 0, 'failed': 0}) for group in GROUPS)
        self.known_bugs = OrderedDict()
        self.failures = []

    def add(self, group, outcome, name=None, bug=None):
        row = self.rows.setdefault(group, {'tried': 0, 'passed': 0, 'xfail': 0, 'xpass': 0, 'failed': 0})
        row['tried'] += 1
        row[outcome] += 1
        if bug:
            self.known_bugs.setdefault(bug, []).append((group, name, outcome))
        if outcome == 'failed':
            self.failures.append((group, name))

    def table(self):
        lines = ['| scenario group | cases tried | passed | known bugs (expected failures) | failed |',
                 '| --- | ---: | ---: | ---: | ---: |']
        total = {'tried': 0, 'passed': 0, 'xfail': 0, 'failed': 0}
        for group, row in self.rows.items():
            xfail = '%d' % row['xfail'] + (' (+%d fixed?)' % row['xpass'] if row['xpass'] else '')
            lines.append('| %s | %d | %d | %s | %d |' % (group, row['tried'], row['passed'] + row['xpass'], xfail, row['failed']))
            for key in total:
                total[key] += row[key] + (row['xpass'] if key == 'passed' else 0)
        lines.append('| **total** | **%d** | **%d** | **%d** | **%d** |' % (total['tried'], total['passed'], total['xfail'], total['failed']))
        return lines


TALLY = Tally()


class Cases:
    """One pytest test's cases: ``check`` each, then ``finish`` fails the test listing every failed case.

    ``bug`` names a known, reported bug the case hits: its failure is expected (counted apart) and
    does not fail the test; a pass is shown as "fixed?" in the table.
    """

    def __init__(self, group):
        self.group = group
        self.failed = []

    def check(self, name, ok, detail='', group=None, bug=None):
        group = group or self.group
        ok = bool(ok)
        if bug:
            TALLY.add(group, 'xpass' if ok else 'xfail', name, bug)
            return ok
        TALLY.add(group, 'passed' if ok else 'failed', name)
        if not ok:
            self.failed.append('[%s] %s: %s' % (group, name, _clip(detail)))
        return ok

    def checks(self, name, results, group=None, bug=None):
        """Several conditions make up one case: ``results`` is a list of (label, ok, detail)."""
        bad = [(label, detail) for label, ok, detail in results if not ok]
        detail = '; '.join('%s (%s)' % (label, _clip(str(det), 300)) for label, det in bad)
        return self.check(name, not bad, detail, group=group, bug=bug)

    def finish(self):
        assert not self.failed, '%d case(s) failed:\n%s' % (len(self.failed), '\n'.join(self.failed))


def _clip(text, limit=1500):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + '...'


# ------------------------------------------------------------------------------- ids, creds

_COUNTER = itertools.count(1)


def org_id(prefix):
    """A fresh, unique organization id: ``prefix`` (hex) then a counter, 24 lowercase hex in all."""
    return '%s%0*x' % (prefix, 24 - len(prefix), next(_COUNTER))


def connection(url, auth='digest', **extra):
    from tests.simulator import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY
    conn = {'base_url': url}
    if auth == 'digest':
        conn.update(public_key=DEFAULT_PUBLIC_KEY, private_key=DEFAULT_PRIVATE_KEY)
    elif auth == 'oauth':
        conn.update(client_id=DEFAULT_CLIENT_ID, client_secret=DEFAULT_CLIENT_SECRET)
    conn.update(extra)
    return conn


def seed_token(sim, atlas_org):
    """A live link-token in the simulated Atlas organization, created without a request."""
    with sim.core.lock:
        return sim.core.state.create_token(atlas_org, [])


def seed_link(sim, om_org, atlas_org):
    """A SYNCED link of a Cloud/Ops Manager organization, made without a request."""
    token = seed_token(sim, atlas_org)
    document = json.loads(base64.b64decode(token))
    with sim.core.lock:
        sim.core.state.link(om_org, token, document)
    return token


def token_count(state, atlas_org):
    return len(state['atlas'].get(atlas_org, []))


# Secrets and requests of every simulator of the suite, collected before it is reset (conftest.py).
HARVEST = Harvest()


# ------------------------------------------------------------------------------- playbooks


def _clean_environment(workdir, extra=None):
    """Over this process's environment: no MONGODB_*, MCLI_*, ANSIBLE_* or CA bundle variable, the run's own configuration."""
    env = dict((key, None) for key in os.environ
               if key.startswith(('MONGODB_', 'MCLI_', 'ANSIBLE_', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')))
    env.update(
        ANSIBLE_COLLECTIONS_PATH=collections_path(),
        ANSIBLE_CONFIG=str(Path(workdir) / 'ansible.cfg'),
        ANSIBLE_HOME=str(Path(workdir) / 'ansible-home'),
        ANSIBLE_LOCAL_TEMP=str(Path(workdir) / 'ansible-tmp'),
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_FORCE_COLOR='0',
        ANSIBLE_PIPELINING='1',
        ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_HOST_KEY_CHECKING='0',
        ANSIBLE_DEPRECATION_WARNINGS='0',
        ANSIBLE_STDOUT_CALLBACK='default',
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        PYTHONDONTWRITEBYTECODE='1',
    )
    Path(env['ANSIBLE_HOME']).mkdir(exist_ok=True)
    env.update(extra or {})
    return env


class Run(PlaybookRun):
    """A finished run with its name and registered ``rel_*`` results."""

    def __init__(self, name, run, results):
        super().__init__(run.command, run.rc, run.stdout, run.stderr, run.seconds, run.timed_out)
        self.name = name
        self.results = results


RUNS = []


def localhost_inventory(workdir):
    path = Path(workdir) / 'inventory.json'
    path.write_text(json.dumps({'all': {'hosts': {'localhost': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}}}))
    return str(path)


class PlaybookProcess:
    """An ansible-playbook run in progress (start several, then ``wait()`` for each: they run in parallel)."""

    def __init__(self, workdir, name, plays, inventory=None, args=(), env=None):
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / 'ansible.cfg').write_text('[defaults]\n')
        (workdir / 'ansible-tmp').mkdir(exist_ok=True)
        self.name = name
        self.results_file = workdir / ('%s.results.json' % name)
        if self.results_file.exists():
            self.results_file.unlink()
        registered, last = [], None
        for play in plays:
            names = [task['register'] for task in play.get('tasks', [])
                     if isinstance(task.get('register'), str) and task['register'].startswith('rel_')]
            registered += names
            last = play if names else last
        if registered:
            content = '{{ {%s} | to_json }}' % ', '.join("'%s': %s | default(None)" % (reg, reg) for reg in registered)
            last['tasks'].append({
                'name': 'Write the registered results for the test', 'no_log': True, 'diff': False,
                'ansible.builtin.copy': {'dest': str(self.results_file), 'content': content, 'mode': '0600'}})
        playbook = workdir / ('%s.yml' % name)
        playbook.write_text(json.dumps(plays, indent=1))
        self.process = start_playbook(playbook, inventory or localhost_inventory(workdir), verbosity=4, diff=True, args=args,
                                      cwd=workdir, env=_clean_environment(workdir, env), log_path=workdir / ('%s.log' % name))

    def wait(self, timeout=900):
        run = Run(self.name, self.process.wait(timeout),
                  json.loads(self.results_file.read_text()) if self.results_file.exists() else {})
        RUNS.append(run)
        return run


def run_plays(workdir, name, plays, inventory=None, args=(), env=None, timeout=900):
    """Run ``plays`` (a list of play dicts) at -vvvv with --diff; return a Run.

    Results: every task that registers ``rel_*`` is written by a last task of the (last such) play
    to a JSON file (no_log, no diff), read back into ``Run.results``.
    """
    return PlaybookProcess(workdir, name, plays, inventory, args, env).wait(timeout)


def task_result_ok(result):
    """A failure that is clean: a message, no traceback, no module crash."""
    # ansible-core 2.19+ adds exception: "(traceback unavailable)" to every failure: only a real one counts.
    return bool(result) and bool(result.get('msg')) and 'module_stderr' not in result and 'Traceback' not in json.dumps(result)
