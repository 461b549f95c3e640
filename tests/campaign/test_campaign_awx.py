# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign as AWX runs it: jobs through ansible-runner, each in a fresh private data dir, the migration
records kept only by AWX's fact storage (no state file, no set_stats).

The fact cache is laid out and harvested as AWX does (tests/support/awx_job.py) in the files the job's ansible-core
reads: AWX's own, <host>, up to ansible-core 2.18; s1_<host> from 2.19 on, which AWX does not exchange (yet), so on
those cores the test covers the campaign's side and checks that the core indeed ignores AWX's files.
"""

import glob
import os

from ansible.release import __version__ as ansible_version

from tests.campaign.campaign_env import SOURCE_PASSWORD, org_id
from tests.simulator import constants
from tests.support.awx_job import AWX_LAYOUT, FactStorage, fact_cache_dir, layout_for, run_job
from tests.support.secret_scan import scan_files

FACT = 'campaign_migration_records'
# The job template's playbook: a wrapper in the AWX project (the campaign's AWX guide).
PROJECT = {'campaign.yml': '---\n- name: Migration campaign\n  ansible.builtin.import_playbook: livemigrate.mongodb.campaign\n'}
# What the two credential types (examples/awx) inject; the inventory holds no secret.
CREDENTIAL_ENV = {'MONGODB_ATLAS_PUBLIC_KEY': constants.DEFAULT_PUBLIC_KEY, 'MONGODB_ATLAS_PRIVATE_KEY': constants.DEFAULT_PRIVATE_KEY,
                  'MONGODB_OM_PUBLIC_KEY': constants.DEFAULT_PUBLIC_KEY, 'MONGODB_OM_PRIVATE_KEY': constants.DEFAULT_PRIVATE_KEY}


def successful(job):
    assert job.runner.status == 'successful' and job.runner.rc == 0, job.tail()
    return job


def state_files(job):
    return glob.glob(os.path.join(job.private_data_dir, '**', '*-state.json'), recursive=True)


def test_awx_fact_storage_resumes_in_a_fresh_job(make_campaign, harvest, tmp_path):
    campaign = make_campaign(2, 1)
    campaign.credentials = {}  # credentials from the environment, as AWX's credential types inject them
    inventory = campaign.write_inventory()
    del inventory['all']['vars']['campaign_output_dir']  # the report beside the inventory: in the job's private data dir
    hosts = campaign.hosts()
    storage = FactStorage(layout=layout_for(ansible_version))  # AWX's database: "Enable Fact Storage" is on
    no_state_file = {'campaign_state_file': ''}

    # Job 1: link, pre-flight, start; then its container is gone, and AWX keeps the facts it harvested.
    job1 = successful(run_job(tmp_path / 'job-1', 1, PROJECT, 'campaign.yml', inventory,
                              dict(no_state_file, campaign_phases=['link', 'preflight', 'start']), CREDENTIAL_ENV, storage, hosts))
    assert len(campaign.creates(campaign.log_since())) == 2
    started = dict((job['sourceOrgId'], job['_id']) for job in campaign.jobs())
    for number, host in enumerate(hosts):
        records = storage.facts[host][FACT]
        # Each organization host keeps its own organization's record ...
        assert [(record['org_id'], record['id']) for record in records.values()] == [(org_id(number), started[org_id(number)])]
        # ... in the file its core's jsonfile plugin writes: AWX's (<host>, which ansible-runner reads too) only before 2.19.
        written = os.listdir(fact_cache_dir(job1.private_data_dir, 1))
        assert storage.file_name(host) in written and (host in written) == (storage.layout == AWX_LAYOUT), written
        if storage.layout == AWX_LAYOUT:
            assert job1.runner.get_fact_cache(host)[FACT] == records
    # On the cores whose files AWX does not exchange, the job says so.
    assert ('will not reach the next job' in job1.stdout) == (storage.layout != AWX_LAYOUT)
    assert state_files(job1) == [] and os.path.exists(os.path.join(job1.private_data_dir, 'inventory', 'campaign-report.json'))

    # Job 2, relaunched: a fresh private data dir holding nothing but the stored facts; no state file, no set_stats.
    job2 = successful(run_job(tmp_path / 'job-2', 2, PROJECT, 'campaign.yml', inventory, no_state_file, CREDENTIAL_ENV,
                              storage, hosts))
    assert campaign.creates(campaign.log_since()) == [], 'job 2 started a second migration'
    assert sorted((job['_id'], job['status']) for job in campaign.jobs()) == sorted((one, 'COMPLETE') for one in started.values())
    for host in hosts:
        assert [record['status'] for record in storage.facts[host][FACT].values()] == ['COMPLETE']
    assert campaign.sim.state()['om'] == {}  # cleaned up: every organization unlinked
    assert state_files(job2) == []

    # No secret in what AWX keeps of the jobs: stdout, job events, fact caches.
    harvest.collect(campaign.sim)
    harvest.add(SOURCE_PASSWORD, 'source password')
    files = job1.artifact_files() + job2.artifact_files()
    assert any('/job_events/' in path for path in files) and any('/fact_cache/' in path for path in files)
    assert scan_files(files, harvest.secrets) == []
