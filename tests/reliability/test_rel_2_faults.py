# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults against each module, in one ansible-playbook run: every case has its own organizations,
so its faults (path regex on the organization id), its requests and its tokens are its own."""

from tests.simulator import Simulator
from tests.reliability.harness import (
    HARVEST, PlaybookProcess, connection, org_id, seed_link, seed_token, task_result_ok, token_count)
from tests.support.request_log import attribute, requests_sent

GROUP = 'faults (modules)'
# Known bug (reported): a Digest challenge with stale=true on the first authenticated request of a
# module run is not answered again, the module fails with HTTP 401 (see docs/reliability.md).

SHARDS = 4
LINK = '/liveExport/migrationLink'
STATUS = LINK + '/status'
TOKENS = '/liveMigrations/linkTokens'


class Op:
    """One module operation; ``target`` is the request the faults hit: (method, path suffix, write?)."""

    def __init__(self, name, module, target, prepare):
        self.name = name
        self.module = module
        self.method, self.suffix, self.write = target
        self.prepare = prepare


def _atlas_create(sim, args):
    atlas = org_id('a1')
    args.update(org_id=atlas, access_list_ips=['203.0.113.10'])
    return atlas, atlas, None


def _atlas_delete(sim, args):
    atlas = org_id('a2')
    seed_token(sim, atlas)
    args.update(org_id=atlas, state='absent')
    return atlas, atlas, None


def _om_link(sim, args):
    om, atlas = org_id('b1'), org_id('a3')
    args.update(org_id=om, link_token=seed_token(sim, atlas))
    return om, atlas, om


def _om_unlink(sim, args):
    om, atlas = org_id('b2'), org_id('a4')
    seed_link(sim, om, atlas)
    args.update(org_id=om, state='absent')
    return om, atlas, om


def _info(sim, args):
    om, atlas = org_id('b3'), org_id('a5')
    seed_link(sim, om, atlas)
    args.update(org_id=om)
    return om, atlas, om


OPS = [
    Op('atlas_link_token present (POST)', 'livemigrate.mongodb.atlas_link_token', ('POST', TOKENS, True), _atlas_create),
    Op('atlas_link_token absent (DELETE)', 'livemigrate.mongodb.atlas_link_token', ('DELETE', TOKENS, False), _atlas_delete),
    Op('om_migration_link present, on the status read (GET)', 'livemigrate.mongodb.om_migration_link', ('GET', STATUS, False), _om_link),
    Op('om_migration_link present, on the link (POST)', 'livemigrate.mongodb.om_migration_link', ('POST', LINK, True), _om_link),
    Op('om_migration_link absent (DELETE)', 'livemigrate.mongodb.om_migration_link', ('DELETE', LINK, False), _om_unlink),
    Op('om_migration_link_info (GET)', 'livemigrate.mongodb.om_migration_link_info', ('GET', STATUS, False), _info),
]


class Case:
    def __init__(self, op, label, fault, outcome, texts=(), sends=None, processed=False, maybe_processed=None,
                 auth='digest', timeout=None, max_seconds=None, oauth_fetches=None, bug=None):
        self.op = op
        self.label = label
        self.fault = fault
        self.outcome = outcome          # 'ok' or 'fail'
        self.texts = texts              # in the failure message
        self.sends = sends              # how often the faulted request went out (Digest challenges not counted)
        self.processed = processed      # a failed write that the service did process anyway
        self.maybe_processed = maybe_processed
        self.auth = auth
        self.timeout = timeout
        self.max_seconds = max_seconds
        self.oauth_fetches = oauth_fetches
        self.bug = bug
        self.name = '%s: %s' % (op.name, label)


def _cases():
    out = []
    for op in OPS:
        read = not op.write
        fail_write = dict(outcome='fail', sends=1, maybe_processed=False)
        out += [
            Case(op, '429 with Retry-After: 1', dict(kind='status', status=429, retry_after=1), 'ok', sends=2),
            Case(op, '429 without Retry-After', dict(kind='status', status=429), 'ok', sends=2),
            Case(op, '429 with Retry-After: 400 (over the 300 s budget): fails at once',
                 dict(kind='status', status=429, retry_after=400), 'fail', sends=1, max_seconds=30,
                 texts=('HTTP 429', 'more than this module waits')),
            Case(op, '500', dict(kind='status', status=500), 'fail', sends=1, texts=('HTTP 500',)),
        ]
        for status in (502, 503, 504):
            if read:
                out.append(Case(op, '%d on a read: retried' % status, dict(kind='status', status=status), 'ok', sends=2))
            else:
                out.append(Case(op, '%d on a write: not resent' % status, dict(kind='status', status=status),
                                texts=('HTTP %d' % status,), **fail_write))
        slow = dict(kind='slow', delay=2.5)
        drop_after = dict(kind='drop_after')
        if read:
            out += [
                Case(op, 'slow answer beyond timeout: retried', slow, 'ok', sends=2, timeout=1),
                Case(op, 'connection dropped before the request: retried', dict(kind='drop_before'), 'ok', sends=2),
                Case(op, 'connection dropped after the request: retried', drop_after, 'ok', sends=2),
                Case(op, 'HTML 502 page: retried', dict(kind='html', status=502), 'ok', sends=2),
                Case(op, 'empty 503 answer: retried', dict(kind='empty', status=503), 'ok', sends=2),
            ]
        else:
            why = ('may have been processed', 'not sent again')
            out += [
                Case(op, 'slow answer beyond timeout: not resent', slow, 'fail', sends=1, timeout=1, processed=True,
                     maybe_processed=True, texts=('timeout',) + why),
                Case(op, 'connection dropped before the request: not resent', dict(kind='drop_before'), 'fail', sends=1,
                     maybe_processed=True, texts=why),
                Case(op, 'connection dropped after the request: not resent', drop_after, 'fail', sends=1, processed=True,
                     maybe_processed=True, texts=why),
                Case(op, 'HTML 502 page: not resent', dict(kind='html', status=502), texts=('HTTP 502', 'non-JSON answer'), **fail_write),
            ]
        if op.method == 'GET':
            out += [
                Case(op, 'HTML 200 page where JSON was expected', dict(kind='html', status=200), 'fail', sends=1,
                     texts=('HTTP 200', 'no status')),
                Case(op, 'empty 200 body where JSON was expected', dict(kind='empty', status=200), 'fail', sends=1,
                     texts=('HTTP 200', 'no status')),
            ]
        if op.module.endswith('atlas_link_token') and op.write:
            out += [
                Case(op, 'HTML 200 page where JSON was expected', dict(kind='html', status=200), 'fail', sends=1,
                     texts=('no linkToken',)),
                Case(op, 'empty 200 body (processed) where JSON was expected', dict(kind='empty', status=200), 'fail', sends=1,
                     processed=True, texts=('no linkToken',)),
            ]
        if op.method in ('DELETE',) or (op.write and 'om_' in op.module):
            out.append(Case(op, 'empty 200 body (processed)', dict(kind='empty', status=200), 'ok', sends=1))
        out += [
            Case(op, 'Digest challenge with stale=true', dict(kind='stale_nonce'), 'ok', sends=1),
            Case(op, 'OAuth token expired mid-run: one new token, request sent again', dict(kind='expire_token'), 'ok',
                 sends=2, auth='oauth', oauth_fetches=2),
        ]
    return out


def _task(index, case, args):
    task = {'name': '%03d %s' % (index, case.name), case.op.module: args, 'register': 'rel_%d' % index,
            'ignore_errors': True, 'timeout': 150}
    if case.op.module.endswith('atlas_link_token') and args.get('state') != 'absent':
        task['no_log'] = True  # the result holds the new token
    return task


def _expect(case, result, entries, state, atlas, om):
    result = result or {}
    msg = result.get('msg') or ''
    checks = []
    if case.outcome == 'ok':
        checks.append(('succeeded', not result.get('failed'), msg))
    else:
        checks.append(('failed cleanly (message, no traceback)', result.get('failed') and task_result_ok(result), result))
        checks += [('message names %r' % text, text in msg, msg) for text in case.texts]
        if case.maybe_processed is not None:
            checks.append(('maybe_processed is %s' % case.maybe_processed,
                           bool(result.get('maybe_processed')) is case.maybe_processed, result.get('maybe_processed')))
    target = requests_sent(entries, case.op.method, case.op.suffix)
    if case.sends is not None:
        checks.append(('%s sent %d time(s)' % (case.op.method, case.sends), len(target) == case.sends,
                       [(e['method'], e['status'], e['fault']) for e in entries]))
    # The tokens of the case's Atlas organization: never one more than the requests that were processed.
    op = case.op
    tokens = token_count(state, atlas)
    if op.name.startswith('atlas_link_token present'):
        want = 1 if case.outcome == 'ok' or case.processed else 0
    elif op.name.startswith('atlas_link_token absent'):
        want = 0 if case.outcome == 'ok' else 1
    else:
        want = 1
    checks.append(('%d token(s) in Atlas organization %s (no duplicate)' % (want, atlas), tokens == want, tokens))
    if om:
        link = state['om'].get(om)
        status = link['status'] if link else None
        if op.name.startswith('om_migration_link absent'):
            want_status = None if case.outcome == 'ok' else 'SYNCED'
        elif op.name.startswith('om_migration_link present'):
            want_status = 'SYNCED' if case.outcome == 'ok' or case.processed else None
        else:
            want_status = 'SYNCED'
        checks.append(('link status %s in the simulator' % want_status, status == want_status, status))
        if op.name.startswith('om_migration_link_info') and case.outcome == 'ok':
            checks.append(('reports SYNCED', result.get('status') == 'SYNCED' and result.get('linked') is True, result))
    if case.oauth_fetches is not None:
        fetches = [e for e in entries if e['path'] == '/api/oauth/token']
        checks.append(('%d OAuth token requests' % case.oauth_fetches, len(fetches) == case.oauth_fetches, len(fetches)))
    if case.max_seconds is not None:
        times = [e['time'] for e in entries]
        span = max(times) - min(times) if times else 0
        checks.append(('no sleeping: one request, then failure', len(target) == 1 and span < case.max_seconds, span))
    return checks


def test_faults_against_each_module(sim, cases, tmp_path):
    """The cases spread over SHARDS playbooks run in parallel, each against its own simulator."""
    record = cases(GROUP)
    sims = [sim] + [Simulator(lifetime=1800).start() for dummy in range(SHARDS - 1)]
    try:
        shards = [{'sim': one, 'tasks': [], 'planned': [], 'keys': []} for one in sims]
        for index, case in enumerate(_cases()):
            shard = shards[index % SHARDS]
            extra = {'timeout': case.timeout} if case.timeout else {}
            args = connection(shard['sim'].url, case.auth, **extra)
            key, atlas, om = case.op.prepare(shard['sim'], args)
            shard['sim'].add_fault(**dict(case.fault, method=case.op.method, path='%s%s$' % (key, case.op.suffix)))
            shard['tasks'].append(_task(index, case, args))
            shard['planned'].append((index, case, key, atlas, om))
            shard['keys'].append(key)
        # A second read in the same session: a stale nonce there is answered like any challenge.
        om_a, om_b, atlas_ab = org_id('b4'), org_id('b4'), org_id('a6')
        seed_link(sim, om_a, atlas_ab)
        sim.add_fault('stale_nonce', method='GET', path=om_b + STATUS + '$')
        shards[0]['tasks'].append({'name': 'stale nonce on the second read of a session', 'register': 'rel_stale2',
                                   'ignore_errors': True, 'livemigrate.mongodb.om_migration_link_info': dict(
                                       connection(sim.url), org_ids=[om_a, om_b])})
        shards[0]['keys'] += [om_a, om_b]

        started = [PlaybookProcess(tmp_path / ('shard%d' % number), 'faults%d' % number, [
            {'name': 'faults, shard %d' % number, 'hosts': 'localhost', 'gather_facts': False, 'tasks': shard['tasks']}])
            for number, shard in enumerate(shards)]
        runs = [process.wait() for process in started]
        for run, shard in zip(runs, shards):
            assert run.results, 'no results; playbook output:\n%s' % run.tail()
            state = shard['sim'].state()
            by_case, dummy = attribute(shard['sim'].log, shard['keys'])
            for index, case, key, atlas, om in shard['planned']:
                record.checks(case.name, _expect(case, run.results.get('rel_%d' % index), by_case[key], state, atlas, om),
                              bug=case.bug)
            assert shard['sim'].pending_faults() == [], 'faults never hit: %s' % shard['sim'].pending_faults()
        result = runs[0].results.get('rel_stale2') or {}
        record.check('om_migration_link_info (GET): Digest challenge with stale=true on the second read of a session',
                     not result.get('failed') and [link['status'] for link in result.get('links', [])] == ['SYNCED', None],
                     result)
    finally:
        for one in sims[1:]:
            HARVEST.collect(one, 'faults')
            one.stop()
    record.finish()
