# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ecosystem checks: what AWX / AAP admins and execution-environment builders meet.

    python tests/ecosystem/checks.py [ansible-lint|ee|awx-runner|examples|interpreter ...]   (default: all)

Run by ``nox -s ecosystem`` from the collection copy (a directory ending in
ansible_collections/livemigrate/mongodb; the simulator is imported from tests.simulator) with the
Python of a virtualenv that has the pinned tools of tests/requirements-ecosystem.txt and requests.
Prints one line per check and exits non-zero when any fails. Environment: ANSIBLE_COLLECTIONS_PATH
(the directory holding ansible_collections), ECO_LOGS (one log per check), ECO_CACHE (awx.awx for
ansible-lint, extracted from the pinned `ansible` wheel once). Galaxy import, the docs lint and
yamllint are antsibull-nox's sessions (build-import-check, docs-check, lint), the docs site is
``nox -s docs-build``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

import yaml

from tests.simulator import Simulator
from tests.simulator import constants as sim_constants
from tests.support import playbook
from tests.support.secret_scan import scan

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'
SOURCE_ORGS = ['6a1b2c3d4e5f60718293a4b1', '6a1b2c3d4e5f60718293a4b2', '6a1b2c3d4e5f60718293a4b3']


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# The community package that ships the awx.awx collection (ansible-lint resolves examples/awx with it).
AWX_FROM = 'ansible==11.13.0'
# Playbooks ansible-lint checks besides the roles.
LINT_PLAYBOOKS = ['tests/demo/link_demo.yml', 'examples/link.yml', 'examples/unlink.yml', 'examples/campaign/simulator-setup.yml',
                  'examples/awx/credential_types.yml', 'tests/ecosystem/awx_link.yml', 'tests/ecosystem/interpreter.yml']


def lm_bin(name):
    return os.path.join(sys.prefix, 'bin', name)


def run_tool(args, env=None, cwd=ROOT):
    """Run a tool of this virtualenv; its output goes to this check's log. Returns the output."""
    proc = subprocess.run([lm_bin(args[0])] + list(args[1:]), env=env, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    print('$ %s\n%s' % (' '.join(args), proc.stdout))
    expect(proc.returncode == 0, '%s exited with %s' % (args[0], proc.returncode))
    return proc.stdout


def base_env():
    """A minimal environment: no MONGODB_* variable leaks in from the caller."""
    env = dict(
        PATH=os.pathsep.join([os.path.join(sys.prefix, 'bin'), '/usr/local/bin', '/usr/bin', '/bin']),
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
    """ansible-playbook of this virtualenv with only ``env`` (the caller's environment left out); output in ECO_TMP."""
    env = dict(env, **dict((name, None) for name in os.environ if name not in env))
    log = os.path.join(os.environ['ECO_TMP'], log_name)
    run = playbook.run_playbook(args[-1], env=env, cwd=ROOT, args=args[:-1], log_path=log,
                                executable=lm_bin('ansible-playbook'))
    return run.rc, run.output, log


def om_statuses(sim):
    return [(sim.om_link(org) or {}).get('status') for org in SOURCE_ORGS]


# ------------------------------------------------------------------ ansible-lint and ansible-builder
def awx_collection():
    """awx.awx out of the pinned ansible wheel (for ansible-lint only), extracted once into ECO_CACHE."""
    cache = os.environ['ECO_CACHE']
    marker = os.path.join(cache, '.eco-pins')
    if os.path.isfile(os.path.join(cache, 'ansible_collections', 'awx', 'awx', 'MANIFEST.json')) and \
            open(marker).read() == AWX_FROM:
        return cache
    shutil.rmtree(cache, ignore_errors=True)
    download = scratch('awx-download')
    run_tool(['python', '-m', 'pip', 'download', '-q', '--no-deps', '-d', download, AWX_FROM])
    with zipfile.ZipFile(glob.glob(os.path.join(download, '*.whl'))[0]) as wheel:
        wheel.extractall(cache, [n for n in wheel.namelist() if n.startswith('ansible_collections/awx/awx/')])
    with open(marker, 'w') as f:
        f.write(AWX_FROM)
    return cache


def check_ansible_lint():
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.pathsep.join([os.environ['ANSIBLE_COLLECTIONS_PATH'], awx_collection()]))
    run_tool(['ansible-lint', '--profile', 'production', '--offline', '--nocolor', 'roles'] + LINT_PLAYBOOKS, env=env)
    return 'ansible-lint --profile production: roles/ %s' % ' '.join(LINT_PLAYBOOKS)


def check_ee():
    introspect = run_tool(['ansible-builder', 'introspect', '--sanitize', os.environ['ANSIBLE_COLLECTIONS_PATH']])
    lines = introspect.splitlines()
    for entry in ('requests', 'ca-certificates'):
        expect(any(line.lstrip("- '").startswith(entry) and '# from collection livemigrate.mongodb' in line for line in lines),
               'ansible-builder introspect does not show %s from livemigrate.mongodb' % entry)
    context = scratch('ee-context')
    run_tool(['ansible-builder', 'create', '-f', 'examples/execution-environment.yml', '--context', context,
              '--output-filename', 'Containerfile', '-v', '2'])
    expect(os.path.getsize(os.path.join(context, 'Containerfile')) > 0, 'no Containerfile in %s' % context)
    build = subprocess.run(['grep', '-rq', 'livemigrate.mongodb', os.path.join(context, '_build')], check=False)
    expect(build.returncode == 0, 'the collection is not in the build context')
    files = sum(len(entry[2]) for entry in os.walk(context))
    return 'ansible-builder introspect shows requests and ca-certificates; create wrote %d files' % files


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
        leaks = scan(stdout, sim.secrets())
        expect(not leaks, 'secrets appear in the job output: %s' % leaks)
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
    noreq_venv = scratch('venv-no-requests')
    base = getattr(sys, '_base_executable', sys.executable)
    subprocess.check_call([base, '-m', 'venv', '--without-pip', noreq_venv])
    noreq = os.path.join(noreq_venv, 'bin', 'python')
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


CHECKS = {'ansible-lint': check_ansible_lint, 'ee': check_ee, 'awx-runner': check_awx_runner,
          'examples': check_examples, 'interpreter': check_interpreter}


def run_check(name, logs):
    """Run one check with its output in ``logs/NAME.log``; return (ok, one line)."""
    log = os.path.join(logs, name + '.log')
    saved = sys.stdout
    start = time.time()
    with open(log, 'w') as out:
        sys.stdout = out
        try:
            detail, ok = CHECKS[name](), True
        except CheckFailed as exc:
            detail, ok = 'FAIL: %s (log: %s)' % (exc, log), False
        finally:
            sys.stdout = saved
    return ok, '%-12s %-4s %4.0fs  %s' % (name, 'pass' if ok else 'FAIL', time.time() - start, detail)


def main(names):
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        print('unknown check(s) %s; known: %s' % (', '.join(unknown), ' '.join(CHECKS)), file=sys.stderr)
        return 2
    logs = os.environ.get('ECO_LOGS') or tempfile.mkdtemp(prefix='livemigrate-eco-logs.')
    os.makedirs(logs, exist_ok=True)
    os.environ.setdefault('ECO_CACHE', os.path.join(logs, 'eco-collections'))
    os.environ['ECO_TMP'] = tempfile.mkdtemp(prefix='livemigrate-eco.')
    rows, failed = [], 0
    try:
        for name in names or list(CHECKS):
            ok, row = run_check(name, logs)
            print(row, flush=True)
            rows.append(row)
            failed += not ok
    finally:
        shutil.rmtree(os.environ['ECO_TMP'], ignore_errors=True)
    print('=== ecosystem: %d passed, %d failed (logs: %s)' % (len(rows) - failed, failed, logs))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
