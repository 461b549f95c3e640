# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS against a self-signed HTTPS simulator, at playbook level."""

from tests.simulator import Simulator
from tests.reliability.harness import HARVEST, connection, org_id, run_plays, seed_link, seed_token
from tests.support.tls import self_signed_certificate

GROUP = 'tls'


def test_tls_validation(cases, tmp_path):
    record = cases(GROUP)
    cert, key = self_signed_certificate(tmp_path)
    with Simulator(tls_cert=cert, tls_key=key, lifetime=600) as sim:
        assert sim.url.startswith('https://')
        modes = [('validate_certs=true without ca_path', {}), ('ca_path set', {'ca_path': cert}),
                 ('validate_certs=false', {'validate_certs': False})]
        tasks, planned = [], []
        for label, extra in modes:
            info_org, link_org, atlas = org_id('e1'), org_id('e2'), org_id('e3')
            seed_link(sim, info_org, atlas)
            token = seed_token(sim, atlas)
            for module, args, no_log in (
                    ('atlas_link_token', dict(org_id=atlas, access_list_ips=['203.0.113.10']), True),
                    ('om_migration_link', dict(org_id=link_org, link_token=token), False),
                    ('om_migration_link_info', dict(org_id=info_org), False)):
                index = len(tasks)
                tasks.append({'name': '%s: %s' % (module, label), 'livemigrate.mongodb.' + module: dict(
                    connection(sim.url, **extra), **args), 'register': 'rel_%d' % index, 'ignore_errors': True, 'no_log': no_log})
                planned.append(('%s: %s' % (module, label), label, index))
        role_orgs = {}
        for label, extra in modes[:2]:
            index = len(tasks)
            om, atlas = org_id('e4'), org_id('e5')
            role_orgs[index] = om
            tasks.append({'name': 'role: %s' % label, 'block': [
                {'name': 'run the role', 'ansible.builtin.include_role': {'name': 'livemigrate.mongodb.link'}, 'vars': {
                    'link_atlas_org_id': atlas, 'link_source_orgs': [{'org_id': om}],
                    'link_atlas': connection(sim.url, **extra), 'link_om': connection(sim.url, **extra)}},
                {'name': 'ok', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {'failed': False}}}],
                'rescue': [{'name': 'failed', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {
                    'failed': True, 'msg': "{{ ansible_failed_result.msg | default('') }}"}}}]})
            planned.append(('role: %s' % label, label, index))
        tasks.append({'name': 'collect', 'register': 'rel_roles', 'ansible.builtin.debug': {
            'msg': '{{ {%s} }}' % ', '.join("'%d': rel_role_%d | default(None)" % (i, i) for i in role_orgs)}})
        run = run_plays(tmp_path, 'tls', [{'name': 'tls', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}])
        assert run.results, run.tail()
        roles = run.results['rel_roles']['msg']
        state = sim.state()
        HARVEST.collect(sim, 'tls')
    for name, label, index in planned:
        result = roles.get(str(index)) if name.startswith('role') else run.results.get('rel_%d' % index)
        result = result or {}
        msg = result.get('msg') or ''
        if label.startswith('validate_certs=true'):
            checks = [('fails', result.get('failed') is True, result),
                      ('says TLS verification failed', 'TLS verification failed' in msg, msg),
                      ('hints at ca_path', 'ca_path' in msg, msg)]
        else:
            checks = [('works', not result.get('failed'), msg)]
            if name.startswith('role'):
                om = role_orgs[index]
                checks.append(('organization SYNCED', (state['om'].get(om) or {}).get('status') == 'SYNCED', state['om'].get(om)))
        if label == 'validate_certs=false':
            checks.append(('warns', any('validate_certs=false' in warning for warning in result.get('warnings', [])),
                           result.get('warnings')))
        record.checks(name, checks)
    record.check('validate_certs=false warning shown in the playbook output',
                 '[WARNING]: validate_certs=false' in run.output, run.tail())
    record.finish()
