# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The README's demos against fresh API simulators, each run twice:

1. link_demo.yml: the first run links every organization, the second finds them linked and changes nothing.
2. a campaign, examples/campaign/simulator-inventory.yml (2 organizations x 2 deployments): simulator-setup.yml gives
   the simulated organizations their source projects, then the first run of the playbook livemigrate.mongodb.campaign
   migrates every deployment and unlinks the organizations, and the second run is converged: changed=0, no write.

    nox -s demo [-- ANSIBLE-PLAYBOOK OPTIONS]        (or: bash tests/run.sh demo)

Runs with the Python of a virtualenv that has ansible-core and requests (the nox session's), with
ANSIBLE_COLLECTIONS_PATH holding ansible_collections/livemigrate/mongodb. Any failed check prints why and the
run's output, and exits non-zero.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

from tests.simulator import Simulator, constants  # noqa: E402
from tests.support import request_log  # noqa: E402
from tests.support.playbook import run_playbook  # noqa: E402
from tests.support.secret_scan import scan, scan_files  # noqa: E402

# Only the options the playbooks set may reach the modules: no credentials from the caller's environment.
CREDENTIAL_VARIABLES = [name for name in os.environ if name.startswith(('MONGODB_ATLAS_', 'MONGODB_OM_', 'MCLI_'))]
CAMPAIGN_DIR = os.path.join(ROOT, 'examples', 'campaign')
CAMPAIGN_INVENTORY = os.path.join(CAMPAIGN_DIR, 'simulator-inventory.yml')
CAMPAIGN_SETUP = os.path.join(CAMPAIGN_DIR, 'simulator-setup.yml')
DEPLOYMENTS = 4


class DemoFailed(Exception):
    pass


def environment(**extra):
    env = dict((name, None) for name in CREDENTIAL_VARIABLES)
    env.update(ANSIBLE_PYTHON_INTERPRETER=sys.executable, **extra)
    return env


def play(title, playbook, inventory, env, args, extra_vars=None, cwd=None, echo=True):
    """Run one playbook; its output is printed (all of it with ``echo``, else the recap), and a failure raises."""
    print('--- %s' % title)
    sys.stdout.flush()
    run = run_playbook(playbook, inventory=inventory, extra_vars=extra_vars, env=env, cwd=cwd, args=args, timeout=300)
    if echo or run.rc != 0:
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
    else:
        sys.stdout.write('PLAY RECAP' + run.stdout.rpartition('PLAY RECAP')[2])
    if run.timed_out or run.rc != 0:
        raise DemoFailed('%s: ansible-playbook %s (rc %s after %.0f s)' % (
            title, 'timed out' if run.timed_out else 'failed', run.rc, run.seconds))
    print('(%.0f s)' % run.seconds)
    return run


def expect(condition, message):
    if not condition:
        raise DemoFailed(message)


def link_demo(args):
    with Simulator() as sim:
        print('API simulator at %s' % sim.url)
        env = environment(LM_SIM_URL=sim.url, LM_SIM_CREDENTIALS=json.dumps(dict(
            public_key=constants.DEFAULT_PUBLIC_KEY, private_key=constants.DEFAULT_PRIVATE_KEY,
            client_id=constants.DEFAULT_CLIENT_ID, client_secret=constants.DEFAULT_CLIENT_SECRET)))
        changed = [play(title, 'link_demo.yml', 'localhost,', env, args, cwd=HERE).recap_changed()
                   for title in ('first run: links every organization', 'second run: already linked, nothing changes')]
    expect(changed[0] and not changed[1],
           'link demo: expected changes on the first run and none on the second, got changed=%s' % changed)
    return 'link: first run changed=%d, second run changed=0' % changed[0]


def writes(log):
    """Requests that change something in Atlas or Cloud Manager (OAuth token requests are not)."""
    return [entry for entry in log if request_log.is_api(entry) and entry['method'] in ('POST', 'PUT', 'PATCH', 'DELETE')]


def campaign_demo(args):
    """The campaign of examples/campaign against a fresh simulator: set up, a run that migrates everything, a converged run."""
    with Simulator() as sim, tempfile.TemporaryDirectory(prefix='livemigrate-campaign-demo-') as out:
        print('API simulator at %s; the campaign writes its state file and report to %s' % (sim.url, out))
        env = environment(SIM_URL=sim.url)
        output_dir = {'campaign_output_dir': out}
        play('campaign setup: the simulated organizations get their source projects', CAMPAIGN_SETUP, CAMPAIGN_INVENTORY,
             env, args)
        sim.clear_log()
        first = play('campaign, first run: every phase, every deployment migrated', 'livemigrate.mongodb.campaign',
                     CAMPAIGN_INVENTORY, env, list(args) + ['--forks', '10'], output_dir, echo=False)
        jobs = sim.migrations()['jobs']
        expect(sorted(job['status'] for job in jobs) == ['COMPLETE'] * DEPLOYMENTS,
               'campaign demo: expected %d COMPLETE migrations after the first run, got %s' % (
                   DEPLOYMENTS, sorted((job['destinationClusterName'], job['status']) for job in jobs)))
        expect(sim.state()['om'] == {} and sim.state()['atlas'] == {},
               'campaign demo: expected every organization unlinked and the link-tokens removed: %s' % sim.state())
        with open(os.path.join(out, 'campaign-report.json'), encoding='utf-8') as handle:
            report = json.load(handle)
        expect(report['summary'] == {'COMPLETE': DEPLOYMENTS}, 'campaign demo: report summary %s' % report['summary'])
        first_writes = len(writes(sim.log))
        sim.clear_log()

        # The same command again, every phase: the finished organizations are not linked again (no write at all).
        second = play('campaign, second run: the same command, converged', 'livemigrate.mongodb.campaign',
                      CAMPAIGN_INVENTORY, env, list(args) + ['--forks', '10'], output_dir, echo=False)
        sent = writes(sim.log)
        expect(second.recap_changed() == 0 and not sent, 'campaign demo: the converged run changed=%d and sent %s' % (
            second.recap_changed(), [request_log.describe(entry) for entry in sent]))
        expect(len(sim.migrations()['jobs']) == DEPLOYMENTS, 'campaign demo: the converged run started a migration')

        leaks = scan(first.output + second.output, sim.secrets()) + scan_files(
            [os.path.join(out, name) for name in sorted(os.listdir(out)) if not name.endswith('.lock')], sim.secrets())
        expect(not leaks, 'campaign demo: secrets in the output or the files: %s' % leaks)
        with open(os.path.join(out, 'campaign-report.md'), encoding='utf-8') as handle:
            print('--- the report (campaign-report.md)')
            print(handle.read())
    return ('campaign: %d deployments of 2 organizations COMPLETE in %.0f s (%d writes), the converged run changed=0 '
            'in %.0f s with no write' % (DEPLOYMENTS, first.seconds, first_writes, second.seconds))


def main(args):
    summaries = []
    try:
        for demo in (link_demo, campaign_demo):
            summaries.append(demo(args))
    except DemoFailed as exc:
        print('demo FAILED: %s' % exc, file=sys.stderr)
        return 1
    for line in summaries:
        print('demo: %s' % line)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
