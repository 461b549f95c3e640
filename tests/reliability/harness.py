# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Machinery of the reliability suite: case tally, playbook runner, simulator harvest, secret scan.

Every scenario is a *case* with a group (faults, bad input, secrets, ...). A pytest test may run
many cases at once (one ansible-playbook run with many ``ignore_errors`` tasks), but each case's
outcome is checked and counted on its own; the conftest prints the tally as a table at the end.
"""

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

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
    ('bad input (properties)', 'Property-based tests (hypothesis) of the validators in plugins/module_utils/validation.py.'),
    ('secrets', 'Every playbook run of the suite (at -vvvv with --diff) and every simulator log scanned for every '
                'secret used: private keys, client secrets, OAuth access tokens, each link-token and the '
                'privateApiKey inside it. The body of the Cloud/Ops Manager link POST is the only place a token may '
                'be (that is the API) and is left out of the log scan.'),
    ('tls', 'A self-signed HTTPS simulator: validate_certs=true fails with a hint about ca_path, ca_path works, '
            'validate_certs=false works and warns.'),
    ('concurrency', 'The role over 20 source organizations, one inventory host each, with forks > 1 against one '
                    'simulator: every organization SYNCED, exactly one live token each, nothing lost.'),
    ('contract (atlas)', 'Every Atlas request of the whole suite validated against the official OpenAPI subset '
                         '(tests/utils/contract.py validate_entry).'),
    ('contract (ops manager)', 'Every Cloud/Ops Manager request of the whole suite checked against the documented shape '
                               '(tests/utils/contract.py validate_om_entry): path, method, Accept: application/json, '
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


# ---------------------------------------------------------------------------------- harvest


class Harvest:
    """What the suite collects from every simulator before it is reset: secrets and requests."""

    def __init__(self):
        from tests.simulator import DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY
        self.secrets = {DEFAULT_PRIVATE_KEY: 'private_key', DEFAULT_CLIENT_SECRET: 'client_secret'}
        self.entries = []

    def add_secret(self, value, label):
        if value and len(value) >= 8:
            self.secrets.setdefault(value, label)

    def collect(self, sim, source):
        """Secrets in the simulator's state (tokens, their private keys, bearer tokens) and its log."""
        state = sim.state()
        for records in state['atlas'].values():
            for record in records:
                self.add_secret(record['linkToken'], 'link-token')
                self.add_secret(record['privateApiKey'], 'privateApiKey in a link-token')
        with sim.core.lock:
            # pylint: disable-next=protected-access
            for token in list(getattr(sim.core.oauth, '_tokens', {})):
                self.add_secret(token, 'OAuth access token')
            for record in sim.core.state.om.values():
                self.add_secret(record.get('linkToken'), 'link-token')
        log = sim.log
        self.entries.extend((source, entry) for entry in log)
        return log


HARVEST = Harvest()


def scan(text, secrets):
    """Every (label, excerpt) where a secret occurs in ``text``."""
    found = []
    for secret, label in secrets.items():
        start = text.find(secret)
        if start >= 0:
            found.append((label, text[max(0, start - 60):start].replace(secret, '<SECRET>') + '<SECRET>'))
    return found


def is_om_link_post(entry):
    return entry['method'] == 'POST' and re.search(r'/liveExport/migrationLink$', entry['path']) is not None


def log_fields(entry):
    """The non-authentication fields of a log entry that may be scanned for secrets.

    Authorization is never recorded. The body of the Cloud/Ops Manager link POST carries the
    link-token by design (that is the API), so exactly that field is left out.
    """
    fields = {'path': entry['path'], 'query': json.dumps(entry.get('query')), 'headers': json.dumps(entry.get('headers'))}
    if not is_om_link_post(entry):
        fields['body'] = entry.get('body') or ''
    return fields


# ------------------------------------------------------------------------------- playbooks


def collections_path():
    """The directory holding ``ansible_collections`` with this collection in it."""
    if os.environ.get('ANSIBLE_COLLECTIONS_PATH'):
        return os.environ['ANSIBLE_COLLECTIONS_PATH']
    if ROOT.parts[-3:] == ('ansible_collections', 'livemigrate', 'mongodb'):
        return str(ROOT.parents[2])
    base = Path(tempfile.mkdtemp(prefix='livemigrate-reliability-'))
    (base / 'ansible_collections' / 'livemigrate').mkdir(parents=True)
    os.symlink(str(ROOT), str(base / 'ansible_collections' / 'livemigrate' / 'mongodb'))
    os.environ['ANSIBLE_COLLECTIONS_PATH'] = str(base)
    return str(base)


def ansible_playbook_command():
    local = Path(sys.executable).parent / 'ansible-playbook'
    if local.exists():
        return [str(local)]
    found = shutil.which('ansible-playbook')
    if not found:
        raise RuntimeError('ansible-playbook not found beside %s nor on PATH' % sys.executable)
    return [found]


def _clean_environment(workdir, extra=None):
    env = dict((key, value) for key, value in os.environ.items()
               if not key.startswith(('MONGODB_', 'MCLI_', 'ANSIBLE_', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE')))
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


class Run:
    def __init__(self, name, rc, stdout, stderr, seconds, results):
        self.name = name
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.results = results

    @property
    def output(self):
        return self.stdout + '\n' + self.stderr

    def tail(self, lines=60):
        return '\n'.join(self.output.splitlines()[-lines:])


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
        command = ansible_playbook_command() + ['-vvvv', '--diff', '-i', inventory or localhost_inventory(workdir)]
        command += list(args) + [str(playbook)]
        self.out = (workdir / ('%s.stdout' % name)).open('w+')
        self.err = (workdir / ('%s.stderr' % name)).open('w+')
        self.started = time.time()
        self.proc = subprocess.Popen(command, cwd=str(workdir), env=_clean_environment(workdir, env),  # pylint: disable=consider-using-with
                                     stdout=self.out, stderr=self.err, text=True)

    def wait(self, timeout=900):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        outputs = []
        for handle in (self.out, self.err):
            handle.seek(0)
            outputs.append(handle.read())
            handle.close()
        results = json.loads(self.results_file.read_text()) if self.results_file.exists() else {}
        run = Run(self.name, rc, outputs[0], outputs[1], time.time() - self.started, results)
        RUNS.append(run)
        return run


def run_playbook(workdir, name, plays, inventory=None, args=(), env=None, timeout=900):
    """Run ``plays`` (a list of play dicts) at -vvvv with --diff; return a Run.

    Results: every task that registers ``rel_*`` is written by a last task of the (last such) play
    to a JSON file (no_log, no diff), read back into ``Run.results``.
    """
    return PlaybookProcess(workdir, name, plays, inventory, args, env).wait(timeout)


def attribute(log, keys):
    """Split a simulator log by case: an entry belongs to the case whose key occurs in its path.

    OAuth token requests name no organization: they go to the next case's entries (the modules
    of one host run one after another).
    """
    out = dict((key, []) for key in keys)
    keys = sorted(keys, key=len, reverse=True)  # the longest key that matches wins
    pending = []
    for entry in log:
        owner = next((key for key in keys if key in entry['path']), None)
        if owner is None:
            pending.append(entry)
            continue
        out[owner].extend(pending)
        pending = []
        out[owner].append(entry)
    return out, pending


def sent(entries, method=None, path_end=None, challenge=False):
    """Entries of one request kind; by default without the bare Digest challenges."""
    return [entry for entry in entries
            if (method is None or entry['method'] == method) and (path_end is None or entry['path'].endswith(path_end))
            and (challenge or not entry.get('challenge'))]


def task_result_ok(result):
    """A failure that is clean: a message, no traceback, no module crash."""
    # ansible-core 2.19+ adds exception: "(traceback unavailable)" to every failure: only a real one counts.
    return bool(result) and bool(result.get('msg')) and 'module_stderr' not in result and 'Traceback' not in json.dumps(result)
