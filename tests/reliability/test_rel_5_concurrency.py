# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role over 20 source organizations, one inventory host each, forks > 1, one simulator."""

import json
import sys

from tests.simulator import Simulator
from tests.reliability.harness import HARVEST, PlaybookProcess, connection, org_id
from tests.support.request_log import requests_sent

GROUP = 'concurrency'
ORGS = 20
FORKS = 8


def _inventory(path, orgs):
    hosts = dict(('org-%02d' % number, {'link_source_orgs': [{'org_id': org}]}) for number, org in enumerate(orgs))
    path.write_text(json.dumps({'all': {
        'hosts': {'localhost': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}},
        # The hosts are not machines: anything that tried to reach them would fail on the closed port.
        'children': {'source_orgs': {'vars': {'ansible_connection': 'ssh', 'ansible_host': '127.0.0.1', 'ansible_port': 1},
                                     'hosts': hosts}}}}))
    return str(path)


def _plays(sim, atlas):
    return [
        {'name': 'link every organization, one host each', 'hosts': 'source_orgs', 'gather_facts': False, 'roles': [{
            'role': 'livemigrate.mongodb.link', 'link_atlas_org_id': atlas, 'link_access_list_ips': ['203.0.113.10'],
            'link_atlas': connection(sim.url, 'oauth'), 'link_om': connection(sim.url), 'link_wait_delay': 1}]},
        {'name': 'collect link_results', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [
            {'name': 'collect', 'register': 'rel_hosts', 'ansible.builtin.debug': {
                'msg': "{{ dict(groups['source_orgs'] | zip(groups['source_orgs'] | map('extract', hostvars, 'link_results')"
                       " | list)) }}"}}]},
    ]


def test_role_with_forks_over_20_organizations(cases, tmp_path):
    record = cases(GROUP)
    orgs = [org_id('70') for dummy in range(ORGS)]
    atlas = org_id('7a')
    inventory = _inventory(tmp_path / 'inventory.json', orgs)
    with Simulator(lifetime=900) as sim:
        # Some friction while the hosts run side by side.
        for org in orgs[:3]:
            sim.add_fault('status', method='POST', path=org + '/liveExport/migrationLink$', status=429, retry_after=1)
        for org in orgs[3:6]:
            sim.add_fault('status', method='GET', path=org + '/liveExport/migrationLink/status$', status=503)
        sim.add_fault('status', method='POST', path='linkTokens$', status=429, retry_after=1, times=3)
        first = PlaybookProcess(tmp_path / 'first', 'concurrency', _plays(sim, atlas), inventory=inventory,
                                args=['--forks', str(FORKS)]).wait()
        state, log = sim.state(), sim.log
        HARVEST.collect(sim, 'concurrency')
        sim.clear_log()
        second = PlaybookProcess(tmp_path / 'second', 'concurrency_rerun', _plays(sim, atlas), inventory=inventory,
                                 args=['--forks', str(FORKS)]).wait()
        rerun_log, rerun_state = sim.log, sim.state()
        HARVEST.collect(sim, 'concurrency rerun')

    results = (first.results.get('rel_hosts') or {}).get('msg') or {}
    tokens = state['atlas'].get(atlas, [])
    token_keys = [token['publicApiKey'] for token in tokens]
    record.check('first run ends without failure (rc 0)', first.rc == 0, first.tail())
    for number, org in enumerate(orgs):
        host = 'org-%02d' % number
        link = state['om'].get(org) or {}
        rows = results.get(host) or [{}]
        record.checks('%s: SYNCED with exactly one live token of its own' % host, [
            ('link_results SYNCED and changed', rows[0].get('status') == 'SYNCED' and rows[0].get('changed') is True, rows),
            ('simulator says SYNCED', link.get('status') == 'SYNCED', link),
            ('its token is live and used by no other organization',
             token_keys.count(link.get('publicApiKey')) == 1
             and [other.get('publicApiKey') for other in state['om'].values()].count(link.get('publicApiKey')) == 1, link),
        ])
    record.check('exactly %d tokens in the Atlas organization (none lost, none spare)' % ORGS, len(tokens) == ORGS, len(tokens))
    record.check('nothing lost: %d token creates and %d links answered 201' % (ORGS, ORGS),
                 len([e for e in requests_sent(log, 'POST', 'linkTokens') if e['status'] == 201]) == ORGS
                 and len([e for e in requests_sent(log, 'POST', 'migrationLink') if e['status'] == 201]) == ORGS,
                 [(e['method'], e['status']) for e in log if e['method'] == 'POST'])
    record.check('every scripted fault was hit', not sim.pending_faults(), sim.pending_faults())
    record.check('converged re-run: rc 0, changed=0', second.rc == 0 and second.recap_changed(lambda host: host.startswith('org-')) == 0, second.tail())
    record.check('converged re-run: status reads only, state unchanged',
                 all(e['method'] == 'GET' for e in rerun_log if e['path'].startswith('/api/'))
                 and len(requests_sent(rerun_log, 'GET', '/status')) == ORGS and rerun_state == state,
                 sorted(set((e['method'], e['path']) for e in rerun_log)))
    record.finish()
