# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ecosystem checks that need the API simulator; called by tests/ecosystem/run.sh.

    python tests/ecosystem/checks.py awx-runner|examples|interpreter

Run from the collection root (the simulator is imported from tests.simulator) with a Python that
has ansible-runner and Jinja2 (awx-runner). Environment: LM_VENV (the virtualenv whose
ansible-playbook, with requests, runs the playbooks), ANSIBLE_COLLECTIONS_PATH, ECO_TMP (scratch
directory), ECO_NOREQ_PYTHON (interpreter: a Python without requests).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys

import yaml

from tests.simulator import Simulator
from tests.simulator import constants as sim_constants

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
SOURCE_ORGS = ['6a1b2c3d4e5f60718293a4b1', '6a1b2c3d4e5f60718293a4b2', '6a1b2c3d4e5f60718293a4b3']


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def lm_bin(name):
    return os.path.join(os.environ['LM_VENV'], 'bin', name)


def base_env():
    """A minimal environment: no MONGODB_* variable leaks in from the caller."""
    env = dict(
        PATH=os.pathsep.join([os.path.join(os.environ['LM_VENV'], 'bin'), '/usr/local/bin', '/usr/bin', '/bin']),
        HOME=os.environ.get('HOME', '/root'),
        LANG='C.UTF-8',
        LC_ALL='C.UTF-8',
        ANSIBLE_COLLECTIONS_PATH=os.environ['ANSIBLE_COLLECTIONS_PATH'],
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_FORCE_COLOR='0',
        ANSIBLE_LOCAL_TEMP=os.path.join(os.environ['ECO_TMP'], 'ansible-local'),
    )
    return env


def scratch(name):
    path = os.path.join(os.environ['ECO_TMP'], name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def run_playbook(args, env, log_name):
    proc = subprocess.run([lm_bin('ansible-playbook')] + args, env=env, cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    log = os.path.join(os.environ['ECO_TMP'], log_name)
    with open(log, 'w') as f:
        f.write(proc.stdout)
    return proc.returncode, proc.stdout, log


def om_statuses(sim):
    return [(sim.om_link(org) or {}).get('status') for org in SOURCE_ORGS]


# ------------------------------------------------------------------ AWX injection through ansible-runner
def render_injectors(credential_type_file, inputs):
    """Render a credential type's injectors.env like AWX does: a sandboxed Jinja2 environment, the
    credential's inputs as the namespace, inputs left empty rendering as an empty string."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    with open(credential_type_file) as f:
        ctype = yaml.safe_load(f)
    fields = dict((field['id'], field) for field in ctype['inputs']['fields'])
    for field in ctype['inputs']['fields']:
        if field.get('secret'):
            expect(field.get('type') == 'string', '%s: secret field %s is not a string' % (credential_type_file, field['id']))
    for name in inputs:
        expect(name in fields, '%s has no input %s' % (credential_type_file, name))
    for name in ctype['inputs'].get('required', []):
        expect(inputs.get(name), '%s: required input %s not given' % (credential_type_file, name))
    sandbox = ImmutableSandboxedEnvironment()
    namespace = dict((name, value) for name, value in inputs.items() if value is not None)
    return dict((var, sandbox.from_string(template).render(**namespace))
                for var, template in ctype['injectors']['env'].items())


def check_awx_runner():
    import ansible_runner

    atlas_vars = ['MONGODB_ATLAS_BASE_URL', 'MONGODB_ATLAS_PUBLIC_KEY', 'MONGODB_ATLAS_PRIVATE_KEY',
                  'MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET']
    om_vars = ['MONGODB_OM_BASE_URL', 'MONGODB_OM_PUBLIC_KEY', 'MONGODB_OM_PRIVATE_KEY',
               'MONGODB_OM_CLIENT_ID', 'MONGODB_OM_CLIENT_SECRET']
    types = os.path.join(ROOT, 'examples', 'awx')
    secret_fields = {}
    for name, wanted in (('credential_type_atlas.yml', atlas_vars), ('credential_type_om.yml', om_vars)):
        with open(os.path.join(types, name)) as f:
            ctype = yaml.safe_load(f)
        injected = sorted(ctype['injectors']['env'])
        expect(injected == sorted(wanted), '%s injects %s, expected exactly %s' % (name, injected, sorted(wanted)))
        expect(set(ctype['injectors']) == set(['env']), '%s injects more than env: %s' % (name, sorted(ctype['injectors'])))
        secret_fields[name] = sorted(f['id'] for f in ctype['inputs']['fields'] if f.get('secret'))
        expect(secret_fields[name] == ['client_secret', 'private_key'],
               '%s: secret fields are %s, expected client_secret and private_key' % (name, secret_fields[name]))

    with Simulator() as sim:
        # Atlas through a service account, Cloud/Ops Manager through an API key pair: the fields of
        # the other method stay empty, as in a real AWX credential.
        env_vars = {}
        env_vars.update(render_injectors(os.path.join(types, 'credential_type_atlas.yml'), dict(
            base_url=sim.url, client_id=sim_constants.DEFAULT_CLIENT_ID, client_secret=sim_constants.DEFAULT_CLIENT_SECRET)))
        env_vars.update(render_injectors(os.path.join(types, 'credential_type_om.yml'), dict(
            base_url=sim.url, public_key=sim_constants.DEFAULT_PUBLIC_KEY, private_key=sim_constants.DEFAULT_PRIVATE_KEY)))
        expect(env_vars['MONGODB_ATLAS_PUBLIC_KEY'] == '' and env_vars['MONGODB_OM_CLIENT_ID'] == '',
               'unused inputs should render empty: %r' % dict((k, bool(v)) for k, v in env_vars.items()))

        pdd = scratch('awx-runner')
        os.makedirs(os.path.join(pdd, 'project'))
        os.makedirs(os.path.join(pdd, 'inventory'))
        os.makedirs(os.path.join(pdd, 'env'))
        shutil.copy(os.path.join(HERE, 'awx_link.yml'), os.path.join(pdd, 'project', 'link.yml'))
        # What AWX gives its implicit localhost: local connection, the execution environment's Python.
        with open(os.path.join(pdd, 'inventory', 'hosts.yml'), 'w') as f:
            yaml.safe_dump({'all': {'hosts': {'localhost': {
                'ansible_connection': 'local',
                'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}}}, f)
        with open(os.path.join(pdd, 'env', 'envvars'), 'w') as f:
            yaml.safe_dump(env_vars, f)
        with open(os.path.join(pdd, 'env', 'extravars'), 'w') as f:
            yaml.safe_dump({'link_atlas_org_id': ATLAS_ORG, 'link_access_list_ips': ['203.0.113.10'],
                            'link_source_orgs': [{'org_id': org} for org in SOURCE_ORGS]}, f)

        # The job runs with the credential's variables and nothing else of ours: the caller's
        # environment is replaced by a minimal one.
        saved = dict(os.environ)
        job_env = base_env()
        try:
            os.environ.clear()
            os.environ.update(job_env)
            leaked = [k for k in os.environ if k.startswith(('MONGODB_', 'MCLI_'))]
            expect(not leaked, 'environment leaks %s' % leaked)
            result = ansible_runner.run(private_data_dir=pdd, playbook='link.yml', quiet=True)
        finally:
            os.environ.clear()
            os.environ.update(saved)

        stdout = result.stdout.read()
        expect(result.status == 'successful' and result.rc == 0,
               'ansible-runner job %s (rc %s); stdout in %s/artifacts' % (result.status, result.rc, pdd))
        results = None
        for event in result.events:
            data = event.get('event_data', {})
            if event.get('event') == 'runner_on_ok' and data.get('task') == 'Report link_results':
                results = data.get('res', {}).get('link_results')
        expect(results is not None, 'no "Report link_results" event in the runner events')
        expect([r.get('status') for r in results] == ['SYNCED'] * len(SOURCE_ORGS),
               'link_results from the runner events: %s' % results)
        expect([r['org_id'] for r in results] == SOURCE_ORGS, 'link_results orgs: %s' % results)
        expect(om_statuses(sim) == ['SYNCED'] * len(SOURCE_ORGS), 'simulator state: %s' % sim.state())
        for secret in (sim_constants.DEFAULT_CLIENT_SECRET, sim_constants.DEFAULT_PRIVATE_KEY):
            expect(secret not in stdout, 'a credential secret appears in the job output')
        auth = sorted(set(entry.get('auth') for entry in sim.log if entry.get('auth')))
        expect('bearer' in auth and 'digest' in auth, 'expected OAuth (Atlas) and Digest (OM) requests, saw %s' % auth)
    return 'ansible-runner job successful, link_results all SYNCED (%d orgs), auth %s' % (len(SOURCE_ORGS), '+'.join(auth))


# ------------------------------------------------------------------ example playbooks
def check_examples():
    with Simulator() as sim:
        extra = scratch('examples')
        vars_file = os.path.join(extra, 'link-vars.yml')
        with open(vars_file, 'w') as f:
            yaml.safe_dump({
                'atlas_base_url': sim.url, 'om_base_url': sim.url,
                'vault_atlas_client_id': sim_constants.DEFAULT_CLIENT_ID,
                'vault_atlas_client_secret': sim_constants.DEFAULT_CLIENT_SECRET,
                'vault_om_public_key': sim_constants.DEFAULT_PUBLIC_KEY,
                'vault_om_private_key': sim_constants.DEFAULT_PRIVATE_KEY,
                'link_atlas_org_id': ATLAS_ORG, 'link_access_list_ips': ['203.0.113.10'],
                'link_source_orgs': [{'org_id': org} for org in SOURCE_ORGS]}, f)
        args = ['-i', 'localhost,', '-e', '@' + vars_file]
        rc, out, log = run_playbook(args + ['examples/link.yml'], base_env(), 'examples-link.log')
        expect(rc == 0, 'examples/link.yml failed (rc %s), see %s' % (rc, log))
        expect(om_statuses(sim) == ['SYNCED'] * len(SOURCE_ORGS), 'after link.yml: %s' % sim.state())
        rc, out, log = run_playbook(args + ['examples/link.yml'], base_env(), 'examples-link-again.log')
        expect(rc == 0 and 'changed=0' in out, 'examples/link.yml is not idempotent (rc %s), see %s' % (rc, log))
        rc, out, log = run_playbook(args + ['examples/unlink.yml'], base_env(), 'examples-unlink.log')
        expect(rc == 0, 'examples/unlink.yml failed (rc %s), see %s' % (rc, log))
        expect(om_statuses(sim) == [None] * len(SOURCE_ORGS), 'after unlink.yml: %s' % sim.state())
        expect(not sim.atlas_tokens(ATLAS_ORG), 'after unlink.yml Atlas tokens remain')
    return 'examples/link.yml links (then changed=0), examples/unlink.yml unlinks and removes the tokens'


# ------------------------------------------------------------------ interpreter
def check_interpreter():
    noreq = os.environ['ECO_NOREQ_PYTHON']
    probe = subprocess.run([noreq, '-c', 'import requests'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    expect(probe.returncode != 0, '%s can import requests: not a valid test interpreter' % noreq)
    with Simulator() as sim:
        env = base_env()
        env.update(LM_SIM_URL=sim.url, LM_SIM_CREDENTIALS=json.dumps(dict(
            public_key=sim_constants.DEFAULT_PUBLIC_KEY, private_key=sim_constants.DEFAULT_PRIVATE_KEY)),
            ECO_NOREQ_PYTHON=noreq)
        rc, out, log = run_playbook(['-i', os.path.join(HERE, 'interpreter_inventory.yml'), 'tests/ecosystem/interpreter.yml'],
                                    env, 'interpreter.log')
        expect(rc == 0, 'tests/ecosystem/interpreter.yml failed (rc %s), see %s' % (rc, log))
        expect('pip install requests' in out, 'the missing-requests message was not shown, see %s' % log)
    return 'runs on the controller (connection local, delegate_to localhost); without requests: clear message'


CHECKS = {'awx-runner': check_awx_runner, 'examples': check_examples, 'interpreter': check_interpreter}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        print('usage: checks.py %s' % '|'.join(sorted(CHECKS)), file=sys.stderr)
        return 2
    try:
        detail = CHECKS[sys.argv[1]]()
    except CheckFailed as exc:
        print('FAIL: %s' % exc)
        return 1
    print(detail)
    return 0


if __name__ == '__main__':
    sys.exit(main())
