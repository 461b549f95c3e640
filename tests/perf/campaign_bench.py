# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Campaign benchmark: wall time of the whole campaign (every phase) for 1 x 9, 9 x 1 and 3 x 3
(organizations x deployments) against the simulator with fast, fixed job timings.

    nox -s perf-campaign -- [--rounds N] [--step SECONDS] [--json FILE]

The claim it checks: organizations migrate in parallel and the deployments of one organization one
after the other, so the wall time follows the largest number of deployments in one organization
(9, 1, 3), not the total (9 each time). Each round runs the three shapes in turn, on one machine, so
the ratios compare like with like. Requests are counted from the simulator's log.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from tests.support.collection import put_collection_on_path  # noqa: E402  pylint: disable=wrong-import-position

put_collection_on_path(export=True)

# pylint: disable=wrong-import-position
from tests.campaign.campaign_env import Campaign  # noqa: E402
from tests.simulator import Simulator, constants  # noqa: E402
from tests.support import request_log  # noqa: E402

SHAPES = (('1x9', 1, 9), ('9x1', 9, 1), ('3x3', 3, 3))


def one_run(shape, orgs, per_org, step, work):
    with Simulator(lifetime=1800) as sim:
        directory = tempfile.mkdtemp(prefix='campaign-%s.' % shape, dir=work)
        campaign = Campaign(sim.url, directory, orgs=orgs, per_org=per_org,
                            secrets=dict(public_key=constants.DEFAULT_PUBLIC_KEY, private_key=constants.DEFAULT_PRIVATE_KEY))
        campaign.configure_simulator(step=step)
        campaign.write_inventory()
        campaign.sim.clear_log()
        run = campaign.run('all-%s' % shape, forks=max(orgs, 5))
        if run.rc != 0:
            raise SystemExit('campaign %s failed:\n%s' % (shape, run.tail(60)))
        log = campaign.sim.log()
        jobs = campaign.jobs()
        return dict(seconds=run.seconds, requests=len(request_log.api_calls(log)),
                    complete=sum(1 for job in jobs if job['status'] == 'COMPLETE'))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--step', type=float, default=1.0, help='the simulator job phase length (seconds)')
    parser.add_argument('--json')
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix='lm-campaign-bench.')
    results = dict((shape, []) for shape, dummy, dummy2 in SHAPES)
    for dummy in range(args.rounds):
        for shape, orgs, per_org in SHAPES:
            results[shape].append(one_run(shape, orgs, per_org, args.step, work))
    medians = dict((shape, statistics.median(one['seconds'] for one in runs)) for shape, runs in results.items())
    print('campaign benchmark: %d round(s), job phase %.1f s (a deployment takes about 4 phases)' % (args.rounds, args.step))
    print('| shape (orgs x deployments) | largest org | wall time (median, s) | vs 9x1 | API requests | COMPLETE |')
    print('|---|---|---|---|---|---|')
    for shape, orgs, per_org in SHAPES:
        runs = results[shape]
        print('| %s | %d | %.1f | %.2f | %d | %d |' % (
            shape, per_org, medians[shape], medians[shape] / medians['9x1'], runs[-1]['requests'], runs[-1]['complete']))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(dict(results=results, medians=medians, step=args.step, rounds=args.rounds), handle, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
