"""Drive and inspect the API simulator for the role_link target (stdlib only).

  reset | clear-faults | fault JSON | running ORG [PROJECT...]
  expect-log [--connections N] ["METHOD SIDE=COUNT" ...]   authenticated API requests since the last
             call, by method and side (atlas, om, oauth); every pair not named must be 0. Clears the log.
  expect-state [--tokens N] [--synced ID,..] [--unlinked ID,..] [--access-list ORG=IP;IP ...]
  collect-secrets FILE      append every secret the simulator knows now (credentials, tokens, the
                            privateApiKey inside each token) to FILE, one per line
  scan FILE...              fail if any collected secret occurs in these files (plain or JSON-escaped)
"""

import argparse
import base64
import collections
import json
import os
import sys
import urllib.request

URL = os.environ['LM_SIM_URL']
CREDS = json.loads(os.environ['LM_SIM_CREDENTIALS'])


def call(method, path, body=None):
    data = json.dumps(body).encode('utf-8') if body is not None else None
    request = urllib.request.Request(URL + path, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
    return json.loads(text) if text else None


def side(path):
    if path.startswith('/api/atlas/'):
        return 'atlas'
    if path.startswith('/api/public/'):
        return 'om'
    if path.startswith('/api/oauth/'):
        return 'oauth'
    return 'other'


def expect_log(args):
    log = call('GET', '/_sim/log')
    call('DELETE', '/_sim/log')
    api = [e for e in log if not (e['status'] == 401 and e['auth'] is None)]  # leave out Digest challenges
    counts = collections.Counter('%s %s' % (e['method'], side(e['path'])) for e in api)
    expected = {}
    for item in args.counts:
        key, _sep, value = item.rpartition('=')
        expected[key.strip()] = int(value)
    connections = len({e['conn'] for e in log if side(e['path']) in ('atlas', 'om')})
    summary = ', '.join('%s=%d' % item for item in sorted(counts.items())) or 'none'
    print('simulator log: %s; %d connection(s)' % (summary, connections))
    problems = ['%s: expected %d, got %d' % (key, expected.get(key, 0), counts.get(key, 0))
                for key in sorted(set(expected) | set(counts)) if expected.get(key, 0) != counts.get(key, 0)]
    if args.connections is not None and connections != args.connections:
        problems.append('connections: expected %d, got %d' % (args.connections, connections))
    if problems:
        for entry in log:
            print('  %(seq)s conn=%(conn)s %(method)s %(path)s -> %(status)s' % entry)
        sys.exit('unexpected simulator log: ' + '; '.join(problems))


def expect_state(args):
    state = call('GET', '/_sim/state')
    problems = []
    tokens = sum(len(records) for records in state['atlas'].values())
    if args.tokens is not None and tokens != args.tokens:
        problems.append('tokens: expected %d, got %d' % (args.tokens, tokens))
    for org in filter(None, (args.synced or '').split(',')):
        link = state['om'].get(org)
        if not link or link['status'] != 'SYNCED':
            problems.append('%s: expected SYNCED, got %r' % (org, link))
    for item in args.access_list or []:
        org, _sep, ips = item.partition('=')
        link = state['om'].get(org) or {}
        records = [r for r in state['atlas'].get(link.get('atlasOrgId'), []) if r['publicApiKey'] == link.get('publicApiKey')]
        if not records or records[0]['accessListIps'] != ips.split(';'):
            problems.append('%s: expected the access list %s, got %r' % (org, ips, records and records[0]['accessListIps']))
    for org in filter(None, (args.unlinked or '').split(',')):
        if state['om'].get(org):
            problems.append('%s: expected no link, got %r' % (org, state['om'][org]))
    print('simulator state: %d token(s), links %s' % (tokens, {org: (link or {}).get('status') for org, link in state['om'].items()}))
    if problems:
        sys.exit('unexpected simulator state: ' + '; '.join(problems))


def collect_secrets(args):
    secrets = [CREDS['private_key'], CREDS['client_secret']]
    for records in call('GET', '/_sim/state')['atlas'].values():
        for record in records:
            secrets.append(record['linkToken'])
            secrets.append(record['privateApiKey'])
            inner = json.loads(base64.b64decode(record['linkToken']).decode('utf-8'))['privateApiKey']
            secrets.append(inner)
    with open(args.file, 'a', encoding='utf-8') as handle:
        handle.write(''.join(secret + '\n' for secret in secrets))


def scan(args):
    with open(args.secrets, encoding='utf-8') as handle:
        secrets = sorted(set(line.strip() for line in handle if line.strip()))
    tokens = [s for s in secrets if len(s) > 60]
    if not tokens:
        sys.exit('scan: no link-token was collected; the scan would prove nothing')
    findings = 0
    for name in args.files:
        with open(name, encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        for secret in secrets:
            for form in (secret, json.dumps(secret)[1:-1]):
                if form in text:
                    findings += 1
                    print('scan: a secret (%d characters, starts %s...) occurs in %s' % (len(secret), secret[:4], name))
    print('scan: %d secret(s) (%d token(s)) in %d file(s): %d finding(s)' % (len(secrets), len(tokens), len(args.files), findings))
    if findings:
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('reset')
    sub.add_parser('clear-faults')
    fault = sub.add_parser('fault')
    fault.add_argument('spec')
    running = sub.add_parser('running')
    running.add_argument('org')
    running.add_argument('projects', nargs='*')
    log = sub.add_parser('expect-log')
    log.add_argument('--connections', type=int)
    log.add_argument('counts', nargs='*')
    state = sub.add_parser('expect-state')
    state.add_argument('--tokens', type=int)
    state.add_argument('--synced')
    state.add_argument('--unlinked')
    state.add_argument('--access-list', action='append', help='ORG=IP;IP: the access list of the token ORG is linked with')
    collect = sub.add_parser('collect-secrets')
    collect.add_argument('file')
    scanner = sub.add_parser('scan')
    scanner.add_argument('--secrets', required=True)
    scanner.add_argument('files', nargs='+')
    args = parser.parse_args()
    if args.command == 'reset':
        call('POST', '/_sim/reset')
    elif args.command == 'clear-faults':
        call('DELETE', '/_sim/faults')
    elif args.command == 'fault':
        call('POST', '/_sim/faults', json.loads(args.spec))
    elif args.command == 'running':
        call('PUT', '/_sim/om/orgs/%s/running' % args.org, {'project_ids': args.projects})
    elif args.command == 'expect-log':
        expect_log(args)
    elif args.command == 'expect-state':
        expect_state(args)
    elif args.command == 'collect-secrets':
        collect_secrets(args)
    else:
        scan(args)


if __name__ == '__main__':
    main()
