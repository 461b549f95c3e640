# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A campaign against the simulator: its inventory, source projects, runs, state file and report.

Used by tests/campaign (end to end) and tests/perf (the campaign benchmark). Standard library only.
"""

import json
import os
import signal
import time

from tests.support import request_log
from tests.support.playbook import run_playbook, start_playbook
from tests.support.sim_control import SimControl

PLAYBOOK = 'livemigrate.mongodb.campaign'
ATLAS_ORG = '5e0f00000000000000000a11'
DESTINATION_PROJECT = '5e0f00000000000000000de5'
SOURCE_PASSWORD = 'campaign-source-password-7f3k9q'


def org_id(index):
    return '6c0a%020x' % (index + 1)


def source_project_id(index):
    return '6c0b%020x' % (index + 1)


def destination_cluster(org, number):
    return 'dest-%d-%d' % (org, number)


def migration_host(org, number):
    return 'mh-%d-%d.migration.example.com' % (org, number)


def create_write(entry):
    return entry['method'] == 'POST' and entry['path'].endswith('/liveMigrations')


class Campaign:
    """``orgs`` organizations of ``per_org`` deployments each (or a list of counts), written to ``directory``."""

    def __init__(self, sim_url, directory, orgs=3, per_org=3, secrets=None):
        self.sim = SimControl(sim_url)
        self.url = sim_url
        self.directory = str(directory)
        self.counts = list(per_org) if isinstance(per_org, (list, tuple)) else [per_org] * orgs
        self.credentials = secrets or {}
        self.inventory = os.path.join(self.directory, 'campaign.yml')
        self.state_file = os.path.join(self.directory, 'campaign-state.json')
        self.report_file = os.path.join(self.directory, 'campaign-report')
        self.runs = []

    # -- simulator ------------------------------------------------------------------------------
    def configure_simulator(self, step=0.3, version='7.0.14', **settings):
        for org, count in enumerate(self.counts):
            self.sim.set_source_projects(org_id(org), [dict(
                projectId=source_project_id(org), name='Source %d' % org,
                deployments=[dict(name='rs%d' % n, mongoDBVersion=version, featureCompatibilityVersion=version[:3])
                             for n in range(count)],
                migrationHosts=[migration_host(org, n) for n in range(count)])])
        self.sim.update_migration_settings(migration_step_seconds=step, validation_seconds=min(step, 0.2), **settings)

    def jobs(self):
        return self.sim.migrations()['jobs']

    # -- inventory ------------------------------------------------------------------------------
    def hosts(self):
        return ['org-%d' % org for org in range(len(self.counts))]

    def deployment(self, org, number):
        return dict(source=dict(project_id=source_project_id(org), cluster_name='rs%d' % number, username='migrator',
                                password=SOURCE_PASSWORD),
                    destination=dict(project_id=DESTINATION_PROJECT, cluster_name=destination_cluster(org, number)),
                    migration_host=migration_host(org, number))

    def write_inventory(self, extra_vars=None, deployments=None):
        atlas = dict(base_url=self.url, public_key=self.credentials.get('public_key'),
                     private_key=self.credentials.get('private_key'))
        variables = dict(campaign_atlas_org_id=ATLAS_ORG, campaign_atlas=atlas, campaign_om=dict(atlas),
                         campaign_source_kind='cloud_manager', campaign_poll_interval=0.2,
                         campaign_output_dir=self.directory, campaign_validation_timeout=60, campaign_wait_timeout=120,
                         campaign_cutover_timeout=20, link_wait_delay=1)
        variables.update(extra_vars or {})
        hosts = {}
        for org, count in enumerate(self.counts):
            entries = deployments(org) if deployments else [self.deployment(org, n) for n in range(count)]
            hosts['org-%d' % org] = dict(campaign_source_org_id=org_id(org), campaign_deployments=entries)
        inventory = {'all': {'vars': variables, 'children': {'source_orgs': {'hosts': hosts}}}}
        with open(self.inventory, 'w', encoding='utf-8') as handle:
            json.dump(inventory, handle, indent=1)  # JSON is YAML
        return inventory

    # -- runs -----------------------------------------------------------------------------------
    def command_args(self, forks=10, limit=None):
        return ('--forks', str(forks)) + (('--limit', limit) if limit else ())

    def run(self, name, extra_vars=None, check=False, verbosity=0, timeout=600, forks=10, env=None):
        log = os.path.join(self.directory, '%s.log' % name)
        result = run_playbook(PLAYBOOK, self.inventory, extra_vars, env=env, verbosity=verbosity, check=check,
                              timeout=timeout, log_path=log, args=self.command_args(forks))
        self.runs.append((name, result))
        return result

    def start(self, name, extra_vars=None, forks=10, limit=None):
        """Start a run in the background (``limit``: some organizations only, like an AWX job slice)."""
        log = os.path.join(self.directory, '%s.log' % name)
        return start_playbook(PLAYBOOK, self.inventory, extra_vars, log_path=log, args=self.command_args(forks, limit))

    def kill_when(self, process, condition, timeout=120):
        """Kill the run ``process`` once ``condition()`` is true (SIGKILL to the whole run: no cleanup)."""
        deadline = time.time() + timeout
        while not condition():
            if time.time() > deadline or process.proc.poll() is not None:
                return False
            time.sleep(0.05)
        os.kill(process.proc.pid, signal.SIGKILL)
        process.wait()
        return True

    # -- what the runs left ---------------------------------------------------------------------
    def state(self):
        if not os.path.exists(self.state_file):
            return {}
        with open(self.state_file, encoding='utf-8') as handle:
            return json.load(handle)['migrations']

    def report(self):
        with open(self.report_file + '.json', encoding='utf-8') as handle:
            return json.load(handle)

    def markdown(self):
        with open(self.report_file + '.md', encoding='utf-8') as handle:
            return handle.read()

    def log_since(self):
        """Requests since the last call (Digest challenges left out), and clears the log."""
        log = self.sim.log()
        self.sim.clear_log()
        return request_log.requests_sent(log)

    @staticmethod
    def writes(entries):
        return [entry for entry in entries if entry['method'] in ('POST', 'PUT', 'PATCH', 'DELETE')]

    @staticmethod
    def creates(entries):
        return [entry for entry in entries if create_write(entry)]
