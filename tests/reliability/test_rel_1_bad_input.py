# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input is refused before any request, with a message naming the option (modules and role)."""

import base64
import json
import secrets
import urllib.parse

from tests.reliability.harness import PlaybookProcess, connection, org_id
from tests.support.request_log import attribute

ATLAS = 'livemigrate.mongodb.atlas_link_token'
LINK = 'livemigrate.mongodb.om_migration_link'
INFO = 'livemigrate.mongodb.om_migration_link_info'
SHARDS = 3

# Each made from a fresh random id, so that a request one case would send names that case only.
BAD_ORG_IDS = [
    ('23 characters', lambda good: good[:23]),
    ('25 characters', lambda good: good + 'c'),
    ('upper case', lambda good: 'AB' + good[2:]),
    ('non-hex', lambda good: good[:23] + 'g'),
    ('empty', lambda good: ''),
    ('leading space', lambda good: ' ' + good),
    ('trailing newline', lambda good: good + '\n'),
]
BAD_IPS = ['203.0.113.256', '198.51.100.1/24', '10.0.0.0/33', 'example.com', '', '2001:db8::g', '2001:db8::/129',
           '203.0.113.10 ']


def _b64(text):
    return base64.b64encode(text.encode()).decode()


SECRET_IN_BAD_TOKEN = '5ecre7ab-0000-4000-8000-00000000dead'
BAD_TOKENS = [
    ('not base64', 'not a token!'),
    ('base64 of text', _b64('hello world')),
    ('base64 of a JSON list', _b64('[1, 2, 3]')),
    ('base64 of JSON missing keys', _b64(json.dumps({'orgId': '5f4b7c2e9d1a3b6c8e0f1a2b', 'privateApiKey': SECRET_IN_BAD_TOKEN}))),
    ('JSON, not base64', json.dumps({'orgId': '5f4b7c2e9d1a3b6c8e0f1a2b', 'orgName': 'x', 'publicApiKey': 'abcdefgh',
                                     'privateApiKey': SECRET_IN_BAD_TOKEN})),
    ('empty', ''),
    ('URL-safe base64 (not standard)', base64.urlsafe_b64encode(json.dumps({
        'orgId': '5f4b7c2e9d1a3b6c8e0f1a2b', 'orgName': '>>>???', 'publicApiKey': 'abcdefgh',
        'privateApiKey': SECRET_IN_BAD_TOKEN}).encode()).decode()),
]


def _module_cases(url):
    """(name, module, args, option the message must name, the org id in any request path, bug)."""
    out = []

    def add(name, module, args, option, bug=None):
        keys = [key for key in [args.get('org_id')] + list(args.get('org_ids') or []) if key]
        keys += [urllib.parse.quote(key) for key in keys]
        out.append((name, module, args, option, keys, bug))

    for label, make in BAD_ORG_IDS:
        add('atlas_link_token: org_id %s' % label, ATLAS, dict(connection(url), org_id=make(secrets.token_hex(12))), 'org_id')
        add('om_migration_link: org_id %s' % label, LINK, dict(connection(url), org_id=make(secrets.token_hex(12)), state='absent'),
            'org_id')
        add('om_migration_link_info: org_id %s' % label, INFO, dict(connection(url), org_id=make(secrets.token_hex(12))), 'org_id')
        add('om_migration_link_info: org_ids with one %s' % label, INFO,
            dict(connection(url), org_ids=[org_id('c1'), make(secrets.token_hex(12))]), 'org_ids')
    add('om_migration_link_info: org_ids empty list', INFO, dict(connection(url), org_ids=[]), 'org_ids')
    add('om_migration_link_info: org_id and org_ids together', INFO,
        dict(connection(url), org_id=org_id('c2'), org_ids=[org_id('c2')]), 'org_ids')
    for value in BAD_IPS:
        add('atlas_link_token: access_list_ips entry %r' % value, ATLAS,
            dict(connection(url), org_id=org_id('c3'), access_list_ips=['203.0.113.10', value]), 'access_list_ips')
    add('atlas_link_token: access_list_ips empty list', ATLAS, dict(connection(url), org_id=org_id('c3'), access_list_ips=[]),
        'access_list_ips')
    for label, value in BAD_TOKENS:
        add('om_migration_link: link_token %s' % label, LINK, dict(connection(url), org_id=org_id('c4'), link_token=value),
            'link_token')
    oauth = connection(url, 'oauth')
    digest = connection(url)
    for module, name in ((ATLAS, 'atlas_link_token'), (LINK, 'om_migration_link'), (INFO, 'om_migration_link_info')):
        extra = {'state': 'absent'} if module != INFO else {}
        add('%s: both auth methods' % name, module, dict(digest, client_id=oauth['client_id'], client_secret=oauth['client_secret'],
                                                         org_id=org_id('c5'), **extra), 'public_key')
        add('%s: no credentials at all' % name, module, dict(base_url=url, org_id=org_id('c5'), **extra), 'public_key')
        add('%s: public_key without private_key' % name, module,
            dict(base_url=url, public_key=digest['public_key'], org_id=org_id('c5'), **extra), 'private_key')
        add('%s: client_secret without client_id' % name, module,
            dict(base_url=url, client_secret=oauth['client_secret'], org_id=org_id('c5'), **extra), 'client_id')
        for label, base_url in (('a path', url + '/api/atlas/v2'), ('no scheme', url.split('://', 1)[1]),
                                ('another scheme', 'ftp' + url[url.index(':'):]), ('a query', url + '/?pretty=true'),
                                ('user info', url.replace('://', '://user:pw@')),
                                ('a trailing newline', url + '\n')):
            add('%s: base_url with %s' % (name, label), module, dict(digest, base_url=base_url, org_id=org_id('c6'), **extra),
                'base_url', None)
        add('%s: ca_path that does not exist' % name, module,
            dict(digest, ca_path='/nonexistent/ca.pem', org_id=org_id('c7'), **extra), 'ca_path')
        add('%s: timeout 0' % name, module, dict(digest, timeout=0, org_id=org_id('c8'), **extra), 'timeout')
        add('%s: retries -1' % name, module, dict(digest, retries=-1, org_id=org_id('c8'), **extra), 'retries')
        if module != INFO:
            add('%s: state not a choice' % name, module, dict(digest, state='gone', org_id=org_id('c9')), 'state')
    add('om_migration_link: no base_url', LINK, dict(connection(url), base_url=None, org_id=org_id('ca')), 'base_url')
    add('om_migration_link_info: no base_url', INFO, dict(connection(url), base_url=None, org_id=org_id('ca')), 'base_url')
    return out


def _role_cases(url):
    """(name, role vars, text the message must hold, org ids that would appear in a request, bug)."""
    good_om = [{'org_id': org_id('d1')}]
    conn = {'link_atlas': connection(url), 'link_om': connection(url), 'link_wait_delay': 0}
    out = []

    def add(name, variables, text, bug=None):
        merged = dict(conn, link_atlas_org_id=org_id('d0'), link_source_orgs=[{'org_id': org_id('d2')}])
        merged.update(variables)
        keys = [merged['link_atlas_org_id']] + [org['org_id'] for org in merged['link_source_orgs'] if org.get('org_id')]
        out.append((name, merged, text, keys, bug))

    add('link_source_orgs entry with a malformed org_id', {'link_source_orgs': [{'org_id': 'ABC'}]}, 'org_ids')
    add('link_source_orgs entry without org_id', {'link_source_orgs': [{'org': org_id('d3')}]}, 'org_id')
    add('link_source_orgs empty', {'link_source_orgs': []}, 'link_source_orgs')
    add('link_source_orgs with an org_id twice', {'link_source_orgs': good_om * 2}, 'link_source_orgs')
    add('link_om base_url with a path', {'link_om': dict(connection(url), base_url=url + '/api/public/v1.0')}, 'base_url')
    add('link_om with both auth methods', {'link_om': dict(connection(url), **{
        k: v for k, v in connection(url, 'oauth').items() if k != 'base_url'})}, 'public_key')
    add('link_state not a choice', {'link_state': 'gone'}, 'link_state')
    add('link_atlas_org_id malformed', {'link_atlas_org_id': '5F4B7C2E9D1A3B6C8E0F1A2B'}, 'org_id')
    add('link_atlas_org_id malformed, link_state absent', {'link_atlas_org_id': '5f4b7c2e9d1a3b6c8e0f1a2', 'link_state': 'absent'},
        'org_id')
    add('link_access_list_ips with an invalid IP', {'link_access_list_ips': ['203.0.113.300']}, 'access_list_ips')
    add('link_atlas with both auth methods', {'link_atlas': dict(connection(url), **{
        k: v for k, v in connection(url, 'oauth').items() if k != 'base_url'})}, 'public_key')
    add('link_atlas ca_path that does not exist', {'link_atlas': dict(connection(url), ca_path='/nonexistent/ca.pem')},
        'ca_path')
    return out


def _paths(entries):
    return sorted(set('%s %s' % (e['method'], e['path']) for e in entries))


def test_bad_input_is_refused_before_any_request(sim, cases, tmp_path):
    record = cases('bad input (modules)')
    module_cases = _module_cases(sim.url)
    tasks = [{'name': '%03d %s' % (index, name), module: args, 'register': 'rel_%d' % index, 'ignore_errors': True}
             for index, (name, module, args, _o, _k, _b) in enumerate(module_cases)]
    shards = [tasks[number::SHARDS] for number in range(SHARDS)]
    role_cases = _role_cases(sim.url)
    role_tasks = []
    for index, (name, variables, dummy, _k, _b) in enumerate(role_cases):
        role_tasks.append({'name': 'role case %d: %s' % (index, name), 'block': [
            {'name': 'reset link_results', 'ansible.builtin.set_fact': {'link_results': None}},
            {'name': 'run the role', 'ansible.builtin.include_role': {'name': 'livemigrate.mongodb.link'}, 'vars': variables},
            {'name': 'note success', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {'failed': False}}},
        ], 'rescue': [
            {'name': 'note failure', 'ansible.builtin.set_fact': {'rel_role_%d' % index: {
                'failed': True, 'msg': '{{ ansible_failed_result.msg | default("") }}', 'task': '{{ ansible_failed_task.name }}'}}},
        ]})
    role_tasks.append({'name': 'collect role cases', 'register': 'rel_roles', 'ansible.builtin.debug': {
        'msg': '{{ {%s} }}' % ', '.join("'%d': rel_role_%d | default(None)" % (i, i) for i in range(len(role_cases)))}})
    # Modules and role in two parallel runs against one simulator: their requests would name different orgs.
    started = [PlaybookProcess(tmp_path / 'role', 'bad_input_role', [
        {'name': 'bad role input', 'hosts': 'localhost', 'gather_facts': False, 'tasks': role_tasks}])]
    started += [PlaybookProcess(tmp_path / ('modules%d' % number), 'bad_input%d' % number, [
        {'name': 'bad input', 'hosts': 'localhost', 'gather_facts': False, 'tasks': shard}]) for number, shard in enumerate(shards)]
    runs = [process.wait() for process in started]
    assert all(run.results for run in runs), 'no results:\n%s' % '\n'.join(run.tail() for run in runs)
    module_results = {}
    for run in runs[1:]:
        module_results.update(run.results)
    log = sim.log
    keys = sorted(set(key for case in module_cases for key in case[4]) | set(key for case in role_cases for key in case[3]))
    by_key, unattributed = attribute(log, keys)

    for index, (name, module, args, option, keys_of_case, bug) in enumerate(module_cases):
        result = module_results.get('rel_%d' % index) or {}
        msg = result.get('msg') or ''
        requests = [entry for key in keys_of_case for entry in by_key.get(key, [])]
        record.checks(name, [
            ('refused', result.get('failed') is True, result),
            ('message names %s' % option, option in msg, msg),
            ('no request sent', not requests, _paths(requests)),
            ('the secret of a bad token is not echoed', SECRET_IN_BAD_TOKEN not in json.dumps(result), msg),
        ], bug=bug)

    roles = (runs[0].results.get('rel_roles') or {}).get('msg') or {}
    for index, (name, variables, text, keys_of_case, bug) in enumerate(role_cases):
        result = roles.get(str(index)) or {}
        requests = [entry for key in keys_of_case for entry in by_key.get(key, [])]
        record.checks(name, [
            ('refused', result.get('failed') is True, result),
            ('message names %s' % text, text in (result.get('msg') or ''), result.get('msg')),
            ('no request sent', not requests, _paths(requests)),
        ], group='bad input (role)', bug=bug)
    record.check('no request that no case explains', not unattributed, _paths(unattributed))
    record.finish()
