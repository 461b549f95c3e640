"""Run the default sessions in parallel lanes: one nox process per lane, each with its own log and report.

    python -m tests.runner.lanes --nox NOX --logs DIR [--lanes N] [--dry-run] [-- ARGS FOR THE SESSIONS]

tests/run.sh calls it for a run that names no session. The sessions (``nox -l --json``: the default ones)
are dealt out to the lanes by their known cost (COSTS, seconds of a run on the 2-core CI machine), longest
first, each to the lane with the least work so far. Sessions in one entry of TOGETHER share state outside
their virtualenvs and go to the same lane, one after the other. Every lane writes DIR/lane-N.log and
DIR/lane-N.json; stdout gets one line per finished session, then the results table of both reports
(tests/runner/summary.py, also written to DIR/nox-report.json). Exit status: 0 when every session passed.
"""

import argparse
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time

from tests.runner import summary

# Seconds per session, measured with both lanes busy on the 2-core machine (a session runs slower beside
# another one than alone); update them from the results table when a session grows.
COSTS = {
    'integration-2.16': 480, 'integration-2.21': 750, 'integration-2.22': 320,
    'campaign-2.16': 230, 'campaign-2.21': 550, 'reliability': 230,
    'sanity-2.16': 80, 'sanity-2.21': 70, 'sanity-2.22': 25,
    'units-2.16': 60, 'units-2.21': 55, 'units-2.22': 45,
    'ecosystem': 140, 'docs-build': 55, 'build-import-check': 60, 'docs-check': 30, 'docs-commands': 20,
    'changelog': 5, 'lint': 1, 'yamllint': 7, 'antsibull-nox-config': 1, 'extra-checks': 2,
}
DEFAULT_COST = 30
# Sessions that must not run at the same time: they go to one lane.
TOGETHER = (
    # role_migration_host provisions this machine itself (a package, a service, the user mongod).
    ('integration-2.16', 'integration-2.21'),
    # One Python (3.13): ansible-test sanity --requirements builds and reuses its virtualenvs under
    # ~/.ansible/test/venv/<test>/<python>/<hash>, and both cores may ask for the same one.
    ('sanity-2.21', 'sanity-2.22'),
    # lint only calls on yamllint and antsibull-nox-config (nox notify).
    ('lint', 'yamllint', 'antsibull-nox-config'),
)

RUNNING = re.compile(r'^nox > Running session (\S+)\s*$')
FINISHED = re.compile(r'^nox > Session (\S+) (was successful|failed|skipped|aborted)')


def default_sessions(nox):
    out = subprocess.run([nox, '-l', '--json'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, check=False, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit('nox -l --json failed (exit %d)' % out.returncode)
    return [entry['session'] for entry in json.loads(out.stdout)]


def deal(sessions, lanes, costs=None, together=TOGETHER):
    """Split ``sessions`` into ``lanes`` lists (each in the order of ``sessions``), balanced by cost."""
    costs = COSTS if costs is None else costs
    groups, placed = [], set()
    for group in together:
        members = [name for name in sessions if name in group]
        if members:
            groups.append(members)
            placed.update(members)
    groups += [[name] for name in sessions if name not in placed]
    loads = [0] * lanes
    dealt = [[] for number in range(lanes)]
    for group in sorted(groups, key=lambda g: -sum(costs.get(name, DEFAULT_COST) for name in g)):
        lane = loads.index(min(loads))
        loads[lane] += sum(costs.get(name, DEFAULT_COST) for name in group)
        dealt[lane].extend(group)
    order = dict((name, index) for index, name in enumerate(sessions))
    return [sorted(names, key=order.get) for names in dealt], loads


class Lane:
    def __init__(self, number, sessions, nox, logs, posargs):
        self.number = number
        self.sessions = sessions
        self.log = os.path.join(logs, 'lane-%d.log' % number)
        self.report = os.path.join(logs, 'lane-%d.json' % number)
        self.command = [nox, '--no-color', '--report', self.report, '-s'] + sessions + posargs
        self.process = None
        self.handle = None
        self.offset = 0
        self.partial = ''
        self.started = {}

    def start(self):
        for path in (self.log, self.report):
            if os.path.exists(path):
                os.remove(path)
        self.handle = open(self.log, 'w')  # pylint: disable=consider-using-with
        # Its own process group, so an interrupt stops the lane's whole tree and nothing else.
        self.process = subprocess.Popen(self.command, stdout=self.handle, stderr=subprocess.STDOUT,  # pylint: disable=consider-using-with
                                        stdin=subprocess.DEVNULL, start_new_session=True)

    def new_lines(self):
        with open(self.log, errors='replace') as handle:
            handle.seek(self.offset)
            text = handle.read()
            self.offset = handle.tell()
        text = self.partial + text
        lines = text.split('\n')
        self.partial = lines.pop()
        return lines

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def results(self):
        try:
            with open(self.report) as handle:
                return json.load(handle).get('sessions', [])
        except (OSError, ValueError):
            return []


def session_tail(log, name, lines=60):
    """The last ``lines`` lines of session ``name``'s output in a lane log."""
    with open(log, errors='replace') as handle:
        text = handle.read().splitlines()
    start = max([i for i, line in enumerate(text) if line.strip() == 'nox > Running session %s' % name] or [0])
    section = text[start:]
    end = next((i for i, line in enumerate(section) if FINISHED.match(line) and line.split()[3] == name), len(section))
    return section[max(0, end + 1 - lines):end + 1]


def progress(lane, line, start):
    now = time.time()
    match = RUNNING.match(line)
    if match:
        lane.started[match.group(1)] = now
        return
    match = FINISHED.match(line)
    if match:
        name, word = match.groups()
        shown = {'was successful': 'pass', 'skipped': 'skip'}.get(word, 'FAIL')
        seconds = now - lane.started.get(name, now)
        print('[%s] lane %d  %-26s %-4s %6.0fs' % (clock(now - start), lane.number, name, shown, seconds), flush=True)


def clock(seconds):
    return '%02d:%02d' % divmod(int(seconds), 60)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--nox', required=True)
    parser.add_argument('--logs', required=True)
    parser.add_argument('--lanes', type=int, default=2)
    parser.add_argument('--dry-run', action='store_true')
    parser.add_argument('posargs', nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    posargs = args.posargs if args.posargs[:1] == ['--'] else []

    sessions = default_sessions(args.nox)
    dealt, loads = deal(sessions, max(1, args.lanes))
    lanes = [Lane(i + 1, names, args.nox, args.logs, posargs) for i, names in enumerate(dealt) if names]
    if args.dry_run:
        for lane in lanes:
            print(' '.join(shlex.quote(word) for word in ['nox'] + lane.command[1:]))
        return 0

    os.makedirs(args.logs, exist_ok=True)
    start = time.time()
    for lane, load in zip(lanes, loads):
        print('lane %d (~%d min, log %s): %s' % (lane.number, round(load / 60.0), lane.log, ' '.join(lane.sessions)),
              flush=True)

    def interrupted(signum, _frame):
        for lane in lanes:
            lane.stop()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    try:
        for lane in lanes:
            lane.start()
        while True:
            done = all(lane.process.poll() is not None for lane in lanes)
            for lane in lanes:
                for line in lane.new_lines():
                    progress(lane, line, start)
            if done:
                break
            time.sleep(1)
    finally:
        for lane in lanes:
            lane.stop()
            if lane.handle:
                lane.handle.close()
    elapsed = int(round(time.time() - start))

    rows, rc = [], 0
    for lane in lanes:
        results = lane.results()
        if lane.process.returncode != 0:
            rc = 1
        if not results:
            rc = 1
            print('\nlane %d wrote no report (nox exit %d); the end of %s:' % (lane.number, lane.process.returncode, lane.log))
            with open(lane.log, errors='replace') as handle:
                print(''.join(handle.readlines()[-40:]), end='')
        for row in results:
            row['lane'] = lane.number
            if row.get('result') not in ('success', 'skipped'):
                print('\n=== %s failed (lane %d, log %s), its last lines:' % (row['name'], lane.number, lane.log))
                print('\n'.join(session_tail(lane.log, row['name'])))
        rows.extend(results)
    order = dict((name, index) for index, name in enumerate(sessions))
    rows.sort(key=lambda row: order.get(row['name'], len(order)))
    merged = os.path.join(args.logs, 'nox-report.json')
    with open(merged, 'w') as handle:
        json.dump({'result': int(not rc and all(r.get('result') in ('success', 'skipped') for r in rows)),
                   'sessions': rows}, handle, indent=2)
    missing = [name for name in sessions if name not in set(row['name'] for row in rows)]
    if missing:
        print('\nno result for: %s' % ' '.join(missing))
        rc = 1
    return summary.main(['summary', merged, str(elapsed)]) or rc


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
