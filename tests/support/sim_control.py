# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the simulator's control API (``/_sim/...``, see tests/simulator/README.md).

From Python: ``SimControl(url)``, or ``SimulatorProcess(python, root, work)`` to start a simulator
in its own process. From a shell (the integration ``runme.sh`` scripts, through ``lm_sim`` of
setup_simulator/start.sh)::

    python -m tests.support.sim_control [--url URL] COMMAND ...   (URL defaults to $LM_SIM_URL)

    call METHOD PATH [JSON]      any control request; prints the answer
    reset | clear-log | clear-faults
    fault JSON                   add a fault (an object or a list of them)
    settings JSON | migration-settings JSON
    running ORG [PROJECT...]     live exports running in these projects of ORG (none: cleared)
    source-projects ORG [JSON]   replace the source projects of Cloud/Ops Manager organization ORG with
                                 the JSON list (without JSON: print them)
    job JOB                      print one migration job as GET /_sim/migrations shows it
    job-update JOB JSON          change one job from now on: {"status": "FAILED"|"EXPIRED",
                                 "lag_time_seconds": N, "step_seconds": X} (any of them)
    forget-job JOB               Atlas forgets the job (its GET answers 404 afterwards)
    expect-log [--connections N] ["METHOD SIDE=COUNT" ...]
                                 requests since the last call, Digest challenges left out, by method
                                 and side (atlas, om, oauth); every pair not named must be 0. Clears the log.
    expect-state [--tokens N] [--synced ID,..] [--unlinked ID,..] [--access-list ORG=IP;IP ...]
    collect-secrets FILE         append every secret the simulator knows now to FILE
    scan --secrets FILE FILE...  fail if a collected secret occurs in these files
    agents                       print agent registrations, agent API keys (masked) and packages
    agent-register GROUP HOSTNAME --api-key-file FILE [--no-cloud-migration]
                                 register a stand-in agent (as a migration host of GROUP)
    agent-unregister GROUP HOSTNAME
    agent-package FILE [--name NAME]   serve FILE at /download/agent/automation/NAME
    agent-package-delete NAME

Standard library only.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

if __package__ in (None, ''):  # run as a file: make ``tests.support`` importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tests.support import request_log  # noqa: E402  pylint: disable=wrong-import-position
from tests.support.secret_scan import AGENT_KEY_KIND, TOKEN_KIND, Harvest, scan_files  # noqa: E402  pylint: disable=wrong-import-position


class SimControl:
    """The control API of the simulator at ``url``."""

    def __init__(self, url=None, timeout=30):
        self.url = (url or os.environ['LM_SIM_URL']).rstrip('/')
        self.timeout = timeout

    def call(self, method, path, body=None):
        """One control request (``path`` under /_sim/, with or without that prefix); the answer as JSON."""
        path = path if path.startswith('/_sim/') else '/_sim/' + path.lstrip('/')
        data = json.dumps(body).encode('utf-8') if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            text = response.read()
        return json.loads(text) if text else None

    def health(self):
        return self.call('GET', 'health')

    def reset(self):
        self.call('POST', 'reset')

    def log(self):
        return self.call('GET', 'log')

    def clear_log(self):
        self.call('DELETE', 'log')

    def state(self):
        return self.call('GET', 'state')

    def secrets(self):
        return self.call('GET', 'secrets')

    def migrations(self):
        return self.call('GET', 'migrations')

    def faults(self):
        return self.call('GET', 'faults')

    def add_fault(self, spec):
        """``spec``: a fault object or a list of them (see tests/simulator/faults.py)."""
        return self.call('POST', 'faults', spec)

    def clear_faults(self):
        self.call('DELETE', 'faults')

    def update_settings(self, **settings):
        return self.call('PUT', 'settings', settings)

    def update_migration_settings(self, **settings):
        return self.call('PUT', 'migrations/settings', settings)

    def set_running_migration(self, om_org_id, project_ids):
        return self.call('PUT', 'om/orgs/%s/running' % om_org_id, {'project_ids': list(project_ids)})

    def source_projects(self, om_org_id):
        return self.call('GET', 'om/orgs/%s/projects' % om_org_id)

    def set_source_projects(self, om_org_id, projects):
        """Replace the source projects of a Cloud/Ops Manager organization; the answer completes them with defaults."""
        return self.call('PUT', 'om/orgs/%s/projects' % om_org_id, list(projects))

    def job(self, job_id):
        return self.call('GET', 'migrations/jobs/%s' % job_id)

    def job_update(self, job_id, **fields):
        """``status`` ('FAILED'/'EXPIRED'), ``lag_time_seconds``, ``step_seconds``: that job from now on."""
        return self.call('PUT', 'migrations/jobs/%s' % job_id, fields)

    def forget_job(self, job_id):
        self.call('DELETE', 'migrations/jobs/%s' % job_id)

    def add_credentials(self, digest=None, oauth=None):
        self.call('POST', 'credentials', {'digest': digest or {}, 'oauth': oauth or {}})

    # -- agents (tests/simulator/AGENTS.md) --

    def agents(self):
        """{"registrations": [...], "apiKeys": {groupId: [masked keys]}, "packages": {name: size}}."""
        return self.call('GET', 'agents')

    def register_agent(self, group_id, api_key, hostname, cloud_migration_enabled=True):
        """What the stand-in agent does on start; urllib's HTTPError (401) when api_key is no live key of group_id."""
        return self.call('POST', 'agents/register', {'groupId': group_id, 'apiKey': api_key, 'hostname': hostname,
                                                     'cloudMigrationEnabled': cloud_migration_enabled})

    def unregister_agent(self, group_id, hostname):
        self.call('DELETE', 'agents/register/%s/%s' % (group_id, hostname))

    def put_agent_package(self, filename, data):
        """Serve ``data`` (bytes) at /download/agent/automation/``filename``."""
        request = urllib.request.Request('%s/_sim/agents/packages/%s' % (self.url, filename), data=data, method='PUT',
                                         headers={'Content-Type': 'application/octet-stream'})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())

    def delete_agent_package(self, filename):
        self.call('DELETE', 'agents/packages/%s' % filename)


class SimulatorProcess(SimControl):
    """``python -m tests.simulator`` started in ``root`` (the collection), its URL read from a file in ``work``."""

    def __init__(self, python, root, work, lifetime=3600, args=(), timeout=30):
        url_file = os.path.join(work, 'sim.url')
        if os.path.exists(url_file):
            os.unlink(url_file)
        with open(os.path.join(work, 'sim.out'), 'w', encoding='utf-8') as output:
            self.proc = subprocess.Popen(  # pylint: disable=consider-using-with
                [python, '-m', 'tests.simulator', '--url-file', url_file, '--lifetime', str(lifetime)] + list(args),
                cwd=str(root), stdout=output, stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while not (os.path.exists(url_file) and open(url_file, encoding='utf-8').read().strip()):
            if time.time() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError('the simulator did not start: see %s' % os.path.join(work, 'sim.out'))
            time.sleep(0.05)
        with open(url_file, encoding='utf-8') as handle:
            super().__init__(handle.read().strip(), timeout)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


# ------------------------------------------------------------------------------ the checks


def expect_log(sim, expected, connections=None):
    """Problems (a list of text) when the log since the last call does not hold exactly ``expected``
    ({'GET om': 3, ...}) requests; clears the log. Prints a summary."""
    log = sim.log()
    sim.clear_log()
    counts = request_log.count_by_method_and_side(log)
    seen = request_log.connections(log)
    print('simulator log: %s; %d connection(s)' % (', '.join('%s=%d' % item for item in sorted(counts.items())) or 'none', seen))
    problems = ['%s: expected %d, got %d' % (key, expected.get(key, 0), counts.get(key, 0))
                for key in sorted(set(expected) | set(counts)) if expected.get(key, 0) != counts.get(key, 0)]
    if connections is not None and seen != connections:
        problems.append('connections: expected %d, got %d' % (connections, seen))
    if problems:
        for entry in log:
            print('  ' + request_log.describe(entry))
    return problems


def expect_state(sim, tokens=None, synced=(), unlinked=(), access_lists=None):
    """Problems (a list of text) when the simulator state differs: the number of live tokens, the
    organizations SYNCED / without a link, the access list of the token each organization is linked with."""
    state = sim.state()
    problems = []
    count = sum(len(records) for records in state['atlas'].values())
    if tokens is not None and count != tokens:
        problems.append('tokens: expected %d, got %d' % (tokens, count))
    for org in synced:
        link = state['om'].get(org)
        if not link or link['status'] != 'SYNCED':
            problems.append('%s: expected SYNCED, got %r' % (org, link))
    for org, ips in (access_lists or {}).items():
        link = state['om'].get(org) or {}
        records = [r for r in state['atlas'].get(link.get('atlasOrgId'), []) if r['publicApiKey'] == link.get('publicApiKey')]
        if not records or records[0]['accessListIps'] != list(ips):
            problems.append('%s: expected the access list %s, got %r' % (org, ';'.join(ips), records and records[0]['accessListIps']))
    for org in unlinked:
        if state['om'].get(org):
            problems.append('%s: expected no link, got %r' % (org, state['om'][org]))
    print('simulator state: %d token(s), links %s' % (count, {org: (link or {}).get('status') for org, link in state['om'].items()}))
    return problems


def scan_with(secrets_file, files):
    """Scan ``files`` for the secrets collected in ``secrets_file``; the number of findings (prints them)."""
    secrets = Harvest.load(secrets_file).secrets
    tokens = [value for value, kind in secrets.items() if kind in (TOKEN_KIND, AGENT_KEY_KIND)]
    if not tokens:
        raise SystemExit('scan: no link-token or agent API key was collected; the scan would prove nothing')
    findings = scan_files(files, secrets)
    for path, kind, dummy in findings:
        print('scan: a secret (%s) occurs in %s' % (kind, path))  # never the excerpt: it ends in the secret's context
    print('scan: %d secret(s) (%d token(s)) in %d file(s): %d finding(s)' % (len(secrets), len(tokens), len(files), len(findings)))
    return len(findings)


# --------------------------------------------------------------------------------- the CLI


def _ids(text):
    return [item for item in (text or '').split(',') if item]


def _parser():
    parser = argparse.ArgumentParser(prog='python -m tests.support.sim_control', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--url', help='the simulator (default: $LM_SIM_URL)')
    sub = parser.add_subparsers(dest='command', required=True)
    call = sub.add_parser('call')
    call.add_argument('method')
    call.add_argument('path')
    call.add_argument('body', nargs='?')
    for name in ('reset', 'clear-log', 'clear-faults'):
        sub.add_parser(name)
    for name in ('fault', 'settings', 'migration-settings'):
        sub.add_parser(name).add_argument('spec', help='JSON')
    running = sub.add_parser('running')
    running.add_argument('org')
    running.add_argument('projects', nargs='*')
    projects = sub.add_parser('source-projects')
    projects.add_argument('org')
    projects.add_argument('spec', nargs='?', help='JSON list of projects')
    for name in ('job', 'forget-job'):
        sub.add_parser(name).add_argument('job_id')
    update = sub.add_parser('job-update')
    update.add_argument('job_id')
    update.add_argument('spec', help='JSON object')
    log = sub.add_parser('expect-log')
    log.add_argument('--connections', type=int)
    log.add_argument('counts', nargs='*', help='"METHOD SIDE=COUNT"')
    state = sub.add_parser('expect-state')
    state.add_argument('--tokens', type=int)
    state.add_argument('--synced')
    state.add_argument('--unlinked')
    state.add_argument('--access-list', action='append', help='ORG=IP;IP: the access list of the token ORG is linked with')
    sub.add_parser('collect-secrets').add_argument('file')
    scanner = sub.add_parser('scan')
    scanner.add_argument('--secrets', required=True)
    scanner.add_argument('files', nargs='+')
    sub.add_parser('agents')
    register = sub.add_parser('agent-register')
    register.add_argument('group_id')
    register.add_argument('hostname')
    register.add_argument('--api-key-file', required=True, help='a file holding the agent API key (never on the command line)')
    register.add_argument('--no-cloud-migration', action='store_true')
    unregister = sub.add_parser('agent-unregister')
    unregister.add_argument('group_id')
    unregister.add_argument('hostname')
    package = sub.add_parser('agent-package')
    package.add_argument('file')
    package.add_argument('--name')
    sub.add_parser('agent-package-delete').add_argument('name')
    return parser


def _agents(sim, args):
    if args.command == 'agents':
        print(json.dumps(sim.agents()))
    elif args.command == 'agent-register':
        with open(args.api_key_file, encoding='utf-8') as handle:
            api_key = handle.read().strip()
        print(json.dumps(sim.register_agent(args.group_id, api_key, args.hostname, not args.no_cloud_migration)))
    elif args.command == 'agent-unregister':
        sim.unregister_agent(args.group_id, args.hostname)
    elif args.command == 'agent-package':
        with open(args.file, 'rb') as handle:
            print(json.dumps(sim.put_agent_package(args.name or os.path.basename(args.file), handle.read())))
    else:
        sim.delete_agent_package(args.name)


def main(argv=None):
    args = _parser().parse_args(argv)
    sim = SimControl(args.url)
    problems = []
    if args.command == 'call':
        answer = sim.call(args.method.upper(), args.path, json.loads(args.body) if args.body else None)
        print(json.dumps(answer) if answer is not None else '')
    elif args.command in ('reset', 'clear-log', 'clear-faults'):
        getattr(sim, args.command.replace('-', '_'))()
    elif args.command == 'fault':
        sim.add_fault(json.loads(args.spec))
    elif args.command == 'settings':
        sim.update_settings(**json.loads(args.spec))
    elif args.command == 'migration-settings':
        sim.update_migration_settings(**json.loads(args.spec))
    elif args.command == 'running':
        sim.set_running_migration(args.org, args.projects)
    elif args.command == 'source-projects':
        print(json.dumps(sim.set_source_projects(args.org, json.loads(args.spec)) if args.spec else sim.source_projects(args.org)))
    elif args.command == 'job':
        print(json.dumps(sim.job(args.job_id)))
    elif args.command == 'job-update':
        print(json.dumps(sim.job_update(args.job_id, **json.loads(args.spec))))
    elif args.command == 'forget-job':
        sim.forget_job(args.job_id)
    elif args.command == 'expect-log':
        expected = dict((key.strip(), int(value)) for key, _sep, value in (item.rpartition('=') for item in args.counts))
        problems = ['unexpected simulator log: ' + '; '.join(p) for p in [expect_log(sim, expected, args.connections)] if p]
    elif args.command == 'expect-state':
        access = dict((org, ips.split(';')) for org, _sep, ips in (item.partition('=') for item in args.access_list or []))
        problems = ['unexpected simulator state: ' + '; '.join(p)
                    for p in [expect_state(sim, args.tokens, _ids(args.synced), _ids(args.unlinked), access)] if p]
    elif args.command == 'collect-secrets':
        Harvest(sim.secrets()).save(args.file)
    elif args.command.startswith('agent'):
        _agents(sim, args)
    else:
        return 1 if scan_with(args.secrets, args.files) else 0
    if problems:
        sys.exit(problems[0])
    return 0


if __name__ == '__main__':
    sys.exit(main())
