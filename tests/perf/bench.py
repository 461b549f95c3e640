#!/usr/bin/env python
"""Benchmark driver: called by tests/perf/run_perf.py (the perf session), which prepares the environment.

Every measurement is one whole ``ansible-playbook`` run (start-up included) against one API
simulator. Scenarios are interleaved within a round (the order alternates between rounds), and
each ratio is the median over rounds of the ratio measured within a round, so that load from
other processes on the machine hits both sides of a ratio alike. Request counts come from the
simulator's log.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))  # the checkout
# pylint: disable=wrong-import-position
from tests.support.playbook import run_playbook  # noqa: E402
from tests.support.request_log import counts  # noqa: E402
from tests.support.sim_control import SimulatorProcess  # noqa: E402
from tests.simulator import constants  # noqa: E402  (the simulator's demo credentials)

ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
ACCESS_LIST = ['203.0.113.10']
ATLAS_MEDIA = 'application/vnd.atlas.2023-01-01+json'
ONE_ORG = '6a1b2c3d4e5f60718293a4b1'


def org_ids(k):
    return ['6a1b2c3d4e5f6071%08x' % (0x8293a000 + i) for i in range(k)]


# ------------------------------------------------------------------ playbooks

HEAD = '''- name: {name}
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    sim: "{{{{ lookup('ansible.builtin.env', 'LM_SIM_URL') }}}}"
    pub: "{{{{ lookup('ansible.builtin.env', 'LM_SIM_PUB') }}}}"
    priv: "{{{{ lookup('ansible.builtin.env', 'LM_SIM_PRIV') }}}}"
    cid: "{{{{ lookup('ansible.builtin.env', 'LM_SIM_CID') }}}}"
    csec: "{{{{ lookup('ansible.builtin.env', 'LM_SIM_CSEC') }}}}"
    orgs: {orgs}
'''


def pb_ping(n):
    return HEAD.format(name='ping', orgs='[]') + '''  tasks:
    - name: Ping
      ansible.builtin.ping:
      loop: "{{ range(%d) | list }}"
''' % n


def pb_info(n):
    return HEAD.format(name='module', orgs='[]') + '''  tasks:
    - name: Read the link status with the module
      livemigrate.mongodb.om_migration_link_info:
        org_id: %s
        base_url: "{{ sim }}"
        public_key: "{{ pub }}"
        private_key: "{{ priv }}"
      loop: "{{ range(%d) | list }}"
''' % (ONE_ORG, n)


def pb_uri(n):
    return HEAD.format(name='uri', orgs='[]') + '''  tasks:
    - name: Read the link status with uri
      ansible.builtin.uri:
        url: "{{ sim }}/api/public/v1.0/orgs/%s/liveExport/migrationLink/status"
        url_username: "{{ pub }}"
        url_password: "{{ priv }}"
        status_code: [200, 404]
      loop: "{{ range(%d) | list }}"
''' % (ONE_ORG, n)


def pb_role(k, oauth=False):
    atlas_auth = ('client_id: "{{ cid }}"\n          client_secret: "{{ csec }}"' if oauth else
                  'public_key: "{{ pub }}"\n          private_key: "{{ priv }}"')
    return HEAD.format(name='role', orgs='[]') + '''  roles:
    - role: livemigrate.mongodb.link
      vars:
        link_atlas_org_id: %s
        link_access_list_ips: %s
        link_source_orgs: %s
        link_atlas:
          base_url: "{{ sim }}"
          %s
        link_om:
          base_url: "{{ sim }}"
          public_key: "{{ pub }}"
          private_key: "{{ priv }}"
''' % (ATLAS_ORG, json.dumps(ACCESS_LIST), json.dumps([{'org_id': o} for o in org_ids(k)]), atlas_auth)


# The job written by hand with ansible.builtin.uri, the way a competent user would: read every
# status, create one token per organization that is not SYNCED, link each with its token, confirm
# SYNCED. Tokens never reach the log (no_log), like in the role.
URI_JOB = '''  tasks:
    - name: Read the link status of every organization
      ansible.builtin.uri:
        url: "{{ sim }}/api/public/v1.0/orgs/{{ item }}/liveExport/migrationLink/status"
        url_username: "{{ pub }}"
        url_password: "{{ priv }}"
        status_code: [200, 404]
      loop: "{{ orgs }}"
      register: before

    - name: Choose the organizations to link
      ansible.builtin.set_fact:
        todo: "{{ before.results | rejectattr('json.status', 'defined') | map(attribute='item') | list
                  + before.results | selectattr('json.status', 'defined') | rejectattr('json.status', 'eq', 'SYNCED')
                    | map(attribute='item') | list }}"

    - name: Create one Atlas link-token per organization to link
      ansible.builtin.uri:
        url: "{{ sim }}/api/atlas/v2/orgs/%s/liveMigrations/linkTokens"
        method: POST
        url_username: "{{ pub }}"
        url_password: "{{ priv }}"
        headers:
          Accept: %s
        body_format: json
        body:
          accessListIps: %s
        status_code: [200, 201]
      loop: "{{ todo }}"
      register: tokens
      no_log: true

    - name: Link each organization with its token
      ansible.builtin.uri:
        url: "{{ sim }}/api/public/v1.0/orgs/{{ item.0 }}/liveExport/migrationLink"
        method: POST
        url_username: "{{ pub }}"
        url_password: "{{ priv }}"
        body_format: json
        body:
          linkToken: "{{ item.1.json.linkToken }}"
        status_code: [200, 201]
      loop: "{{ todo | zip(tokens.results) | list }}"
      no_log: true

    - name: Confirm that each linked organization is SYNCED
      ansible.builtin.uri:
        url: "{{ sim }}/api/public/v1.0/orgs/{{ item }}/liveExport/migrationLink/status"
        url_username: "{{ pub }}"
        url_password: "{{ priv }}"
      loop: "{{ todo }}"
      register: after
      until: after.json.status | default('') == 'SYNCED'
      retries: 10
      delay: 3
''' % (ATLAS_ORG, ATLAS_MEDIA, json.dumps(ACCESS_LIST))


def pb_uri_job(k):
    return HEAD.format(name='uri job', orgs=json.dumps(org_ids(k))) + URI_JOB


# ------------------------------------------------------------------ running

class Runner:
    def __init__(self, args, sim):
        self.args = args
        self.sim = sim
        self.env = dict(LM_SIM_URL=sim.url, LM_SIM_PUB=constants.DEFAULT_PUBLIC_KEY, LM_SIM_PRIV=constants.DEFAULT_PRIVATE_KEY,
                        LM_SIM_CID=constants.DEFAULT_CLIENT_ID, LM_SIM_CSEC=constants.DEFAULT_CLIENT_SECRET)
        self.playbook = os.path.join(args.venv, 'bin', 'ansible-playbook')
        self.pbdir = os.path.join(args.work, 'playbooks')
        os.makedirs(self.pbdir, exist_ok=True)

    def write(self, name, text):
        path = os.path.join(self.pbdir, name + '.yml')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def run(self, path, check=False):
        self.sim.clear_log()
        run = run_playbook(path, inventory='localhost,', env=self.env, check=check, cwd=self.args.work, executable=self.playbook)
        if run.rc != 0:
            sys.stderr.write(run.output[-6000:])
            raise SystemExit('ansible-playbook %s failed (rc %s)' % (path, run.rc))
        return run.seconds, counts(self.sim.log())


def linked_count(sim, orgs):
    om = sim.state().get('om', {})
    return sum(1 for o in orgs if (om.get(o) or {}).get('status') == 'SYNCED')


def median(values):
    return statistics.median(values) if values else float('nan')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--root', required=True)
    parser.add_argument('--work', required=True)
    parser.add_argument('--venv', required=True)
    parser.add_argument('--rounds', type=int, default=5, help='rounds for the single-task scenarios and K <= 10')
    parser.add_argument('--rounds-large', type=int, default=3, help='rounds for K > 10')
    parser.add_argument('--ks', default='1,10,50')
    parser.add_argument('--json', help='also write the raw numbers to this file')
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(',') if k]
    begin = time.time()

    python = os.path.join(args.venv, 'bin', 'python')
    sim = SimulatorProcess(python, args.root, args.work, lifetime=14400)
    runner = Runner(args, sim)
    try:
        return bench(args, ks, sim, runner, begin)
    finally:
        sim.stop()


def bench(args, ks, sim, runner, begin):
    books = {
        'ping x1': runner.write('ping1', pb_ping(1)),
        'ping x10': runner.write('ping10', pb_ping(10)),
        'module x1': runner.write('info1', pb_info(1)),
        'module x10': runner.write('info10', pb_info(10)),
        'uri x1': runner.write('uri1', pb_uri(1)),
        'uri x10': runner.write('uri10', pb_uri(10)),
    }
    for k in ks:
        books['role K=%d' % k] = runner.write('role%d' % k, pb_role(k))
        books['uri job K=%d' % k] = runner.write('urijob%d' % k, pb_uri_job(k))
    times = {}
    counts = {}

    def record(name, elapsed, cnt, rnd):
        times.setdefault(name, {})[rnd] = elapsed
        counts.setdefault(name, cnt)
        if counts[name] != cnt:
            counts[name] = dict(cnt, varies=True)

    # Warm-up: the first run of anything pays for cold caches (pyc of ansible, the disk).
    runner.run(books['ping x1'])
    runner.run(books['module x1'])
    runner.run(books['uri x1'])

    rounds = max(args.rounds, args.rounds_large)
    for rnd in range(rounds):
        single = ['ping x1', 'module x1', 'uri x1', 'ping x10', 'module x10', 'uri x10']
        jobs = [k for k in ks if rnd < (args.rounds if k <= 10 else args.rounds_large)]
        order = [('single', s) for s in single] + [('job', k) for k in jobs]
        if rnd % 2:
            order.reverse()
        for kind, what in order:
            if kind == 'single':
                if rnd >= args.rounds:
                    continue
                elapsed, cnt = runner.run(books[what])
                record(what, elapsed, cnt, rnd)
                continue
            k = what
            sides = [('role', books['role K=%d' % k]), ('uri job', books['uri job K=%d' % k])]
            if rnd % 2:
                sides.reverse()
            for side, book in sides:
                sim.reset()
                elapsed, cnt = runner.run(book)
                if linked_count(sim, org_ids(k)) != k:
                    raise SystemExit('%s K=%d did not link every organization' % (side, k))
                record('%s K=%d first' % (side, k), elapsed, cnt, rnd)
                elapsed, cnt = runner.run(book)
                record('%s K=%d re-run' % (side, k), elapsed, cnt, rnd)
        sys.stderr.write('round %d done after %.0fs\n' % (rnd + 1, time.time() - begin))

    # Counts only: the role with an Atlas service account (OAuth), and check mode.
    extra = {}
    k_oauth = 10 if 10 in ks else ks[0]
    book = runner.write('role_oauth', pb_role(k_oauth, oauth=True))
    sim.reset()
    extra['role K=%d first, Atlas via OAuth' % k_oauth] = runner.run(book)[1]
    extra['role K=%d re-run, Atlas via OAuth' % k_oauth] = runner.run(book)[1]
    sim.reset()
    extra['role K=%d --check (nothing linked)' % k_oauth] = runner.run(book, check=True)[1]

    report(args, ks, times, counts, extra, begin)
    return 0


def ratio_rounds(times, a, b):
    """Median of per-round ratios a/b over the rounds that measured both."""
    rounds = sorted(set(times.get(a, {})) & set(times.get(b, {})))
    return median([times[a][r] / times[b][r] for r in rounds]), len(rounds)


def marginal(times, x10, x1):
    rounds = sorted(set(times[x10]) & set(times[x1]))
    return median([(times[x10][r] - times[x1][r]) / 9 for r in rounds])


def minimum(name, k):
    """The least API requests / digest challenges the job needs (module runs are separate processes)."""
    if name.startswith('module x') or name.startswith('uri x'):
        n = int(name.split('x')[1])
        return n, n            # one GET per task; every process must be challenged once
    if name.startswith('ping'):
        return 0, 0
    if 're-run' in name:
        return k, 1            # one read per organization, in one session
    return 3 * k, None         # read, create a token, link; challenges depend on the process layout


def report(args, ks, times, counts, extra, begin):
    med = dict((name, median(list(v.values()))) for name, v in times.items())
    out = []
    w = out.append
    w('')
    machine = (os.cpu_count(), cpu_model(), platform.python_version(), core_version(args.venv))
    w('machine: %s cores, %s; Python %s; ansible-core %s' % machine)
    w('rounds: %d (K <= 10), %d (K > 10); interleaved; ratios = median of per-round ratios' % (
        args.rounds, args.rounds_large))
    w('')
    w('%-28s %9s %9s %9s   %s' % ('single task', 'median s', 'vs uri', 'vs ping', 'requests (challenges)'))
    for name in ['ping x1', 'module x1', 'uri x1', 'ping x10', 'module x10', 'uri x10']:
        vs_uri = ratio_rounds(times, name, name.replace('module', 'uri').replace('ping', 'uri'))[0]
        vs_ping = ratio_rounds(times, name, name.replace('module', 'ping').replace('uri', 'ping'))[0]
        c = counts[name]
        w('%-28s %9.2f %9.2f %9.2f   %d (%d)' % (name, med[name], vs_uri, vs_ping, c['api'], c['challenges']))
    per = dict((s, marginal(times, s + ' x10', s + ' x1')) for s in ('ping', 'module', 'uri'))
    row = ('per extra module task', per['module'], per['module'] / per['uri'], per['module'] / per['ping'])
    w('%-28s %9.3f %9.2f %9.2f' % row)
    w('%-28s %9.3f %9.2f %9.2f' % ('per extra uri task', per['uri'], 1.0, per['uri'] / per['ping']))
    w('%-28s %9.3f' % ('per extra ping task', per['ping']))
    w('')
    header = ('job', 'role s', 'uri s', 'ratio', 'role req (chall)', 'uri req (chall)', 'minimum req')
    w('%-28s %9s %9s %9s   %-22s %-18s %s' % header)
    for k in ks:
        for phase in ('first', 're-run'):
            rn, un = 'role K=%d %s' % (k, phase), 'uri job K=%d %s' % (k, phase)
            ratio, n = ratio_rounds(times, rn, un)
            rc, uc = counts[rn], counts[un]
            w('%-28s %9.2f %9.2f %9.2f   %-22s %-18s %d' % (
                'K=%d %s' % (k, phase), med[rn], med[un], ratio, '%d (%d)' % (rc['api'], rc['challenges']),
                '%d (%d)' % (uc['api'], uc['challenges']), minimum(rn, k)[0]))
    if len(ks) >= 3:
        w('')
        w('marginal cost per organization (seconds), between K values:')
        for side in ('role', 'uri job'):
            for phase in ('first', 're-run'):
                cells = []
                for a, b in zip(ks, ks[1:]):
                    da = med['%s K=%d %s' % (side, b, phase)] - med['%s K=%d %s' % (side, a, phase)]
                    cells.append('K %d->%d: %.3f' % (a, b, da / (b - a)))
                w('  %-16s %s' % (side + ' ' + phase, '   '.join(cells)))
    w('')
    w('request counts (api requests / digest challenges / OAuth token fetches):')
    for name, c in extra.items():
        w('  %-40s %d / %d / %d' % (name, c['api'], c['challenges'], c['oauth']))
    for name in sorted(counts):
        if counts[name].get('varies') or counts[name].get('other_401'):
            w('  note: %s: counts varied between rounds or had other 401s: %s' % (name, counts[name]))
    w('')
    w('benchmark time: %.0fs' % (time.time() - begin))
    print('\n'.join(out))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(dict(times=times, counts=counts, extra=extra, medians=med), f, indent=1, sort_keys=True)


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown CPU'


def core_version(venv):
    out = subprocess.run([os.path.join(venv, 'bin', 'python'), '-c',
                          'from ansible.release import __version__; print(__version__)'],
                         stdout=subprocess.PIPE, universal_newlines=True, check=False)
    return out.stdout.strip()


if __name__ == '__main__':
    sys.exit(main())
