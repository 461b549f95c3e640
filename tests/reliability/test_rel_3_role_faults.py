# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults under the link role: one role run per case (own Atlas organization, two source organizations)."""

from tests.reliability.harness import PlaybookProcess, connection, org_id, seed_link, token_count
from tests.support.request_log import attribute, requests_sent

GROUP = 'faults (role)'
SHARDS = 3
TOKENS = '/liveMigrations/linkTokens'
LINK = '/liveExport/migrationLink'
STATUS = LINK + '/status'


class RoleCase:
    def __init__(self, name, fault_on, fault, failed_orgs=(), texts=(), tokens=2, state='present', atlas_auth='digest',
                 atlas_timeout=None, running=False, linked_after=None, reads_only=False, writes=None):
        self.name = name
        self.fault_on = fault_on        # 'atlas' or 'om1' / 'om2': whose path the fault hits, and the (method, suffix)
        self.fault = fault
        self.failed_orgs = failed_orgs  # 'om1' / 'om2' expected failed in link_results
        self.texts = texts
        self.tokens = tokens            # tokens in the Atlas organization afterwards
        self.state = state
        self.atlas_auth = atlas_auth
        self.atlas_timeout = atlas_timeout
        self.running = running
        self.linked_after = linked_after  # {'om1': 'SYNCED' or None, ...}; default from failed_orgs
        self.writes = writes            # requests sent to the faulty path; default: one per organization
        self.reads_only = reads_only


CASES = [
    RoleCase('429 with Retry-After on the token create: retried, all SYNCED', ('atlas', 'POST', TOKENS),
             dict(kind='status', status=429, retry_after=1)),
    RoleCase('503 on a status read: retried, all SYNCED', ('om1', 'GET', STATUS), dict(kind='status', status=503)),
    RoleCase('HTML 502 page on a status read: retried, all SYNCED', ('om1', 'GET', STATUS), dict(kind='html', status=502)),
    # The role makes the tokens of both organizations in one atlas_link_token run (count: 2), which stops at the
    # first failure: both organizations fail, the write is not resent, and no token is left unused but the one
    # the failed request may have made.
    RoleCase('503 on the token create: the organizations of that run fail, not resent', ('atlas', 'POST', TOKENS),
             dict(kind='status', status=503), failed_orgs=('om1', 'om2'),
             texts=('om1', 'no link-token could be made', 'Creating link-token 1 of 2', 'HTTP 503'), tokens=0, writes=1),
    RoleCase('slow token create beyond timeout: fails, says a token may exist, no duplicate', ('atlas', 'POST', TOKENS),
             dict(kind='slow', delay=2.5), failed_orgs=('om1', 'om2'), atlas_timeout=1, texts=('om1', 'may have reached Atlas'),
             tokens=1, writes=1),
    RoleCase('empty 200 body on the token create: fails, no duplicate', ('atlas', 'POST', TOKENS), dict(kind='empty', status=200),
             failed_orgs=('om1', 'om2'), texts=('om1', 'no linkToken'), tokens=1, writes=1),
    RoleCase('connection dropped after the link POST: fails, not resent', ('om1', 'POST', LINK), dict(kind='drop_after'),
             failed_orgs=('om1',), texts=('om1', 'may have been processed'), linked_after={'om1': 'SYNCED', 'om2': 'SYNCED'}),
    RoleCase('Digest stale=true on the link POST: re-authenticated, all SYNCED', ('om2', 'POST', LINK), dict(kind='stale_nonce')),
    RoleCase('OAuth token expired at the token create: new token, all SYNCED', ('atlas', 'POST', TOKENS),
             dict(kind='expire_token'), atlas_auth='oauth'),
    RoleCase('429 with Retry-After 400 on the status read: fails at once', ('om1', 'GET', STATUS),
             dict(kind='status', status=429, retry_after=400), failed_orgs=('om1', 'om2'), texts=('more than this module waits',),
             tokens=0, reads_only=True),
    RoleCase('absent: connection dropped before an unlink: retried, all removed', ('om1', 'DELETE', LINK),
             dict(kind='drop_before'), state='absent', tokens=0),
    RoleCase('absent: 500 on the token removal: fails, links removed', ('atlas', 'DELETE', TOKENS), dict(kind='status', status=500),
             state='absent', texts=('HTTP 500',), tokens=2, failed_orgs=('atlas',)),
    RoleCase('absent: a migration runs in one organization: tokens kept', ('om1', 'DELETE', LINK), None, state='absent',
             running=True, failed_orgs=('om1',), texts=('om1', 'still linked', 'P1'), tokens=2, linked_after={'om1': 'SYNCED', 'om2': None}),
]


def _block(index, variables):
    return {'name': 'role case %d' % index, 'block': [
        {'name': 'reset link_results', 'ansible.builtin.set_fact': {'link_results': None}},
        {'name': 'run the role', 'ansible.builtin.include_role': {'name': 'livemigrate.mongodb.link'}, 'vars': variables},
        {'name': 'note success', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {
            'failed': False, 'link_results': '{{ link_results }}'}}},
    ], 'rescue': [
        {'name': 'note failure', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {
            'failed': True, 'link_results': '{{ link_results | default(None) }}',
            'msg': "{{ ansible_failed_result.msg | default('') }} "
                   "{{ ansible_failed_result.results | default([]) | map(attribute='msg', default='') | join(' ') }}"}}},
    ]}


def test_faults_under_the_role(sim, cases, tmp_path):
    record = cases(GROUP)
    shards = [[] for dummy in range(SHARDS)]
    planned = []
    for index, case in enumerate(CASES):
        names = {'atlas': org_id('f0'), 'om1': org_id('f1'), 'om2': org_id('f2')}
        if case.state == 'absent':
            for om in ('om1', 'om2'):
                seed_link(sim, names[om], names['atlas'])
        if case.running:
            sim.set_running_migration(names['om1'], ['P1'])
        if case.fault:
            who, method, suffix = case.fault_on
            sim.add_fault(**dict(case.fault, method=method, path='%s%s$' % (names[who], suffix)))
        atlas_extra = {'timeout': case.atlas_timeout} if case.atlas_timeout else {}
        variables = {
            'link_state': case.state, 'link_atlas_org_id': names['atlas'], 'link_access_list_ips': ['203.0.113.10'],
            'link_source_orgs': [{'org_id': names['om1']}, {'org_id': names['om2']}],
            'link_atlas': connection(sim.url, case.atlas_auth, **atlas_extra), 'link_om': connection(sim.url),
            'link_wait_retries': 2, 'link_wait_delay': 1,
        }
        shards[index % SHARDS].append(_block(index, variables))
        planned.append((index, case, names))
    for number, tasks in enumerate(shards):
        tasks.append({'name': 'collect', 'register': 'rel_roles', 'ansible.builtin.debug': {'msg': '{{ {%s} }}' % ', '.join(
            "'%d': rel_role_%d | default(None)" % (i, i) for i in range(number, len(CASES), SHARDS))}})
    started = [PlaybookProcess(tmp_path / ('shard%d' % number), 'role_faults%d' % number, [
        {'name': 'role under faults', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}])
        for number, tasks in enumerate(shards)]
    results = {}
    for process in started:
        run = process.wait()
        assert run.results, run.tail()
        results.update(run.results['rel_roles']['msg'])
    state = sim.state()
    by_key, dummy = attribute(sim.log, [name for _i, _c, names in planned for name in names.values()])

    for index, case, names in planned:
        result = results.get(str(index)) or {}
        failed = bool(case.failed_orgs)
        checks = [('role %s' % ('failed' if failed else 'succeeded'), result.get('failed') is failed, result)]
        text = (result.get('msg') or '').replace(names['om1'], 'om1').replace(names['om2'], 'om2')
        checks += [('message names %r' % want, want in text, text) for want in case.texts]
        tokens = token_count(state, names['atlas'])
        checks.append(('%d token(s) in the Atlas organization (no duplicate)' % case.tokens, tokens == case.tokens, tokens))
        linked_after = case.linked_after or {
            om: (None if case.state == 'absent' or om in case.failed_orgs else 'SYNCED') for om in ('om1', 'om2')}
        if case.reads_only:
            linked_after = {'om1': None, 'om2': None}
        for om, want in sorted(linked_after.items()):
            link = state['om'].get(names[om])
            status = link['status'] if link else None
            checks.append(('%s link %s' % (om, want), status == want, status))
        if case.state == 'present' and not case.reads_only:
            keys = [state['om'][names[om]]['publicApiKey'] for om in ('om1', 'om2') if state['om'].get(names[om])]
            checks.append(('one token of its own per linked organization', len(set(keys)) == len(keys), keys))
            rows = dict((row['org_id'], row) for row in result.get('link_results') or [])
            for om in ('om1', 'om2'):
                row = rows.get(names[om]) or {}
                checks.append(('link_results %s failed=%s' % (om, om in case.failed_orgs), row.get('failed') is (om in case.failed_orgs), row))
        if case.fault and case.fault['kind'] in ('status', 'html', 'drop_before', 'slow', 'drop_after', 'empty') \
                and case.fault_on[1] == 'POST':
            who, method, suffix = case.fault_on
            writes = requests_sent(by_key[names[who]], method, suffix)
            # The Atlas path is shared by both organizations; a 429 adds one retry.
            want = case.writes or (2 if who == 'atlas' else 1) + (1 if case.fault.get('status') == 429 else 0)
            checks.append(('%d %s requests (a failed write is not resent)' % (want, method), len(writes) == want,
                           [(e['method'], e['status'], e['fault']) for e in writes]))
        record.checks(case.name, checks)
    assert sim.pending_faults() == [], sim.pending_faults()
    record.finish()
