# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The test sessions of livemigrate.mongodb (``nox -l`` lists them; ``bash tests/run.sh`` runs them).

antsibull-nox (configured in antsibull-nox.toml) adds lint, docs-check, build-import-check and
extra-checks. The sessions below call ``ansible-test`` with the local Python (this machine has no
container engine), run pytest, the ecosystem checks, the docs site, the demo and the benchmark.
ansible-test needs the collection at a path ending in ansible_collections/livemigrate/mongodb:
antsibull-nox's ``prepare_collections`` copies the checkout there for each session.
"""

# /// script
# dependencies = ["nox==2026.10.20", "antsibull-nox==1.10.0"]
# ///

import glob
import os
import shutil
import sys

import nox

try:
    import antsibull_nox
    from antsibull_nox.sessions import prepare_collections
except ImportError:
    print('You need to install antsibull-nox in the same Python environment as nox (bash tests/run.sh does).')
    sys.exit(1)

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)

from tests.runner.get_pip import install_get_pip_standin  # noqa: E402
from tests.runner.installs import install_once, upgrade_prerelease  # noqa: E402
from tests.runner.pythons import find_python  # noqa: E402
from tests.runner.sanity_skips import skip_arguments  # noqa: E402
from tests.runner.shellcheck import ensure_shellcheck  # noqa: E402

WORK = os.environ.get('LIVEMIGRATE_WORK') or os.path.join(
    os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'livemigrate-mongodb')
LOGS = os.path.join(WORK, 'logs')
# Where provide_reference puts the OpenAPI specs in a collection copy (tests/support/contract.py: COPIED).
CONTRACT_COPY = ('tests', 'integration', 'targets', 'setup_simulator', 'files', 'reference')

# Oldest supported and newest stable ansible-core, and the next one, each with the Python it is tested with.
CORES = {'2.16': '3.11', '2.21': '3.13', '2.22': '3.13'}
# The sessions that need one ansible-core but test no particular one (reliability, campaign, docs, ...).
NEWEST = '2.21'
# What pip installs per core. 2.22 has only release candidates so far: ``==2.22.*`` would refuse them (PEP 440
# pre-releases), ``>=2.22.0rc1`` takes the rc now and 2.22.0 once it is out (core_session upgrades a virtualenv
# that still has a pre-release). Once 2.22.0 is out, make it ``==2.22.*``: the rc bound also admits later 2.22.x rcs.
CORE_PACKAGES = {'2.16': 'ansible-core==2.16.*', '2.21': 'ansible-core==2.21.*', '2.22': 'ansible-core>=2.22.0rc1,<2.23'}
# LIVEMIGRATE_PYTHON_2_16 / _2_21 / _2_22 choose a core's interpreter; without them find_python looks the version
# up (LIVEMIGRATE_PYTHON_3_11 / _3_13, then PATH and pyenv).
PYTHONS = dict((core, os.environ.get('LIVEMIGRATE_PYTHON_%s' % core.replace('.', '_')) or find_python(py))
               for core, py in CORES.items())
CORE_REQUIREMENTS = ('-r', 'tests/requirements.txt', '-r', 'requirements.txt')

nox.options.envdir = os.path.join(WORK, 'nox')
nox.options.reuse_venv = 'yes'
nox.options.error_on_missing_interpreters = True
nox.options.error_on_external_run = True

antsibull_nox.load_antsibull_nox_toml()


# ------------------------------------------------------------------ helpers
def shared_dir():
    """The project's shared/ folder (reference specs): tests look beside the checkout, which a copy is not."""
    if os.environ.get('LIVEMIGRATE_SHARED'):
        return os.environ['LIVEMIGRATE_SHARED']
    candidate = os.path.join(os.path.dirname(ROOT), 'shared')
    return candidate if os.path.isdir(candidate) else ''


def core_session(session, core):
    """Install ansible-core ``core`` and the test requirements; copy the collection into an
    ansible_collections tree. Returns antsibull-nox's CollectionSetup (current_path: the copy)."""
    install_once(session, CORE_PACKAGES[core], *CORE_REQUIREMENTS, root=ROOT)
    upgrade_prerelease(session, 'ansible-core', CORE_PACKAGES[core])
    prepared = prepare_collections(session, ansible_core_version=core, install_in_site_packages=False,
                                   install_out_of_tree=True)
    if prepared is None:
        session.error('could not prepare the ansible_collections tree')
    return prepared


def provide_reference(session, prepared):
    """Copy the shared folder's reference/*.yaml (the OpenAPI specs) into the collection copy, where
    tests/support/contract.py finds them: ansible-test passes no LIVEMIGRATE_SHARED (nor CI) to integration
    targets. In CI a REQUIRED file beside them makes a missing spec fail the contract check instead of skipping it."""
    dest = os.path.join(str(prepared.current_path), *CONTRACT_COPY)
    os.makedirs(dest, exist_ok=True)
    specs = sorted(glob.glob(os.path.join(shared_dir(), 'reference', '*.yaml'))) if shared_dir() else []
    for spec in specs:
        shutil.copy(spec, dest)
    if os.environ.get('CI'):
        with open(os.path.join(dest, 'REQUIRED'), 'w') as handle:
            handle.write('CI is set: the contract check must run\n')
    if specs:
        session.log('OpenAPI specs for the contract check: %s -> %s' % (', '.join(map(os.path.basename, specs)), dest))
    else:
        session.warn('no OpenAPI spec in %r: the contract check %s' % (os.path.join(shared_dir(), 'reference'),
                     'FAILS (CI is set)' if os.environ.get('CI') else 'is skipped (CI is not set)'))


def collection_env(prepared, **extra):
    env = dict(PYTHONPATH=str(prepared.current_place), ANSIBLE_COLLECTIONS_PATH=str(prepared.current_place),
               LIVEMIGRATE_SHARED=shared_dir(), LIVEMIGRATE_WORK=WORK)
    env.update(extra)
    return env


def python_version(core):
    return CORES[core]


# Integration targets a core's session leaves out; every other target runs, new ones included. 2.22 (the next
# core) runs the module targets and role_link: the migrate and migration_host roles are the two slowest targets
# and run on 2.16 and 2.21.
INTEGRATION_EXCLUDE = {'2.22': frozenset(['role_migrate', 'role_migration_host'])}


def integration_targets(exclude=frozenset()):
    """The runnable targets under tests/integration/targets (not the hidden helpers), minus ``exclude``."""
    base = os.path.join(ROOT, 'tests', 'integration', 'targets')
    names = []
    for name in sorted(os.listdir(base)):
        aliases = os.path.join(base, name, 'aliases')
        if not os.path.isdir(os.path.join(base, name)) or name in exclude:
            continue
        if os.path.isfile(aliases):
            with open(aliases) as handle:
                if 'hidden' in handle.read().split():
                    continue
        names.append(name)
    return names


def integration_selection(core, posargs):
    """The target names to hand to ansible-test: none (all of them) unless the core excludes some and the
    arguments after -- name no target themselves."""
    if core not in INTEGRATION_EXCLUDE or set(posargs) & set(integration_targets()):
        return []
    return integration_targets(INTEGRATION_EXCLUDE[core])


# ------------------------------------------------------------------ ansible-test and pytest, per core
def add_core_sessions(core):
    py = PYTHONS[core]

    @nox.session(name='sanity-%s' % core, python=py, tags=['sanity', core])
    def sanity(session):
        """ansible-test sanity --requirements (no tests/sanity/ignore-*.txt allowed).

        A test whose ansible-test pins a requirement to a direct URL (not a package-index release) is skipped with a warning
        (tests/runner/sanity_skips.py: ansible-core 2.22.0rc1's pylint needs dill from github.com).
        """
        prepared = core_session(session, core)
        if glob.glob(os.path.join(ROOT, 'tests', 'sanity', 'ignore-*.txt')):
            session.error('tests/sanity/ignore-*.txt is not allowed in this collection: fix the code instead')
        install_get_pip_standin(session, ROOT)
        os.makedirs(LOGS, exist_ok=True)
        ensure_shellcheck(session, os.path.join(LOGS, 'apt-shellcheck.log'))
        with session.chdir(prepared.current_path):
            session.run('ansible-test', 'sanity', '--requirements', '--python', python_version(core), '--color', 'no',
                        *(skip_arguments(session, session.posargs) + list(session.posargs)), env=collection_env(prepared))

    @nox.session(name='units-%s' % core, python=py, tags=['units', core])
    def units(session):
        """pytest tests/unit and tests/simulator/tests (modules, filters, client; the simulator itself)."""
        prepared = core_session(session, core)
        with session.chdir(prepared.current_path):
            session.run('python', '-m', 'pytest', 'tests/unit', 'tests/simulator/tests', '-q', '-p', 'no:cacheprovider',
                        *session.posargs, env=collection_env(prepared))

    @nox.session(name='integration-%s' % core, python=py, tags=['integration', core])
    def integration(session):
        """ansible-test integration (local; each target starts its own simulator).

        --allow-destructive: role_migration_host provisions this machine (as root) with a stand-in agent package
        and removes everything again, also when it fails; it skips itself without root or dpkg.
        """
        prepared = core_session(session, core)
        provide_reference(session, prepared)
        install_get_pip_standin(session, ROOT)
        targets = integration_selection(core, session.posargs)
        if targets:
            session.log('targets (all but %s): %s' % (', '.join(sorted(INTEGRATION_EXCLUDE[core])), ' '.join(targets)))
        with session.chdir(prepared.current_path):
            session.run('ansible-test', 'integration', '--python', python_version(core), '--color', 'no', '--allow-destructive',
                        *(targets + list(session.posargs)), env=collection_env(prepared))


for _core in CORES:
    add_core_sessions(_core)


@nox.session(python=PYTHONS[NEWEST], tags=['reliability', NEWEST])
def reliability(session):
    """Fault, bad-input, secret-leak, TLS, concurrency and contract suite with counted results."""
    prepared = core_session(session, NEWEST)
    os.makedirs(LOGS, exist_ok=True)
    env = collection_env(prepared, LIVEMIGRATE_RELIABILITY_REPORT=os.path.join(LOGS, 'reliability-summary.md'))
    if os.environ.get('LIVEMIGRATE_RELIABILITY_DOC'):  # relative to the checkout, not to the copy
        env['LIVEMIGRATE_RELIABILITY_DOC'] = os.path.join(ROOT, os.environ['LIVEMIGRATE_RELIABILITY_DOC'])
    with session.chdir(prepared.current_path):
        session.run('python', '-m', 'pytest', 'tests/reliability', '-q', '-p', 'no:cacheprovider', *session.posargs,
                    env=env)


def add_campaign_session(core):
    @nox.session(name='campaign-%s' % core, python=PYTHONS[core], tags=['campaign', core])
    def campaign(session):
        """The campaign playbook end to end against the simulator (tests/campaign)."""
        prepared = core_session(session, core)
        # The oldest core runs the 3 x 3 campaign, the pre-flight and the bad input; the newest runs everything.
        subset = () if core == NEWEST or session.posargs else ('-k', 'three_by_three or preflight or bad_input')
        with session.chdir(prepared.current_path):
            session.run('python', '-m', 'pytest', 'tests/campaign', '-q', '-p', 'no:cacheprovider', *(subset + tuple(session.posargs)),
                        env=collection_env(prepared))


# The oldest core and NEWEST; the next core (2.22) runs no campaign until it is NEWEST.
for _core in ('2.16', NEWEST):
    add_campaign_session(_core)


@nox.session(name='perf-campaign', python=PYTHONS[NEWEST], tags=['perf'], default=False)
def perf_campaign(session):
    """Campaign wall time for 1x9, 9x1 and 3x3 organizations x deployments (docs/performance.md)."""
    prepared = core_session(session, NEWEST)
    with session.chdir(prepared.current_path):
        session.run('python', 'tests/perf/campaign_bench.py', *session.posargs, env=collection_env(prepared))


@nox.session(python=PYTHONS[NEWEST], tags=['changelog'])
def changelog(session):
    """antsibull-changelog lint of the fragments and of changelogs/changelog.yaml."""
    install_once(session, 'antsibull-changelog>=0.26', root=ROOT)
    session.run('antsibull-changelog', 'lint')
    session.run('antsibull-changelog', 'lint-changelog-yaml', 'changelogs/changelog.yaml')


# ------------------------------------------------------------------ what users of Galaxy, AWX and the docs meet
@nox.session(name='docs-build', python=PYTHONS[NEWEST], tags=['docs'])
def docs_build(session):
    """The docs site (module and role reference plus the guides) with antsibull-docs and Sphinx -W.

    Offline: a small local inventory stands in for docs.ansible.com's intersphinx inventory.
    Output: $LIVEMIGRATE_WORK/docs-build/build/html/index.html."""
    install_once(session, '-r', 'tests/requirements-docs.txt', root=ROOT)
    prepared = prepare_collections(session, install_in_site_packages=False, install_out_of_tree=True)
    dest = os.path.join(WORK, 'docs-build')
    session.run('python', os.path.join(ROOT, 'tests', 'ecosystem', 'docs_site.py'), dest,
                env=collection_env(prepared))


@nox.session(python=PYTHONS[NEWEST], tags=['ecosystem'])
def ecosystem(session):
    """ansible-lint (production profile), ansible-builder, the role through ansible-runner with the AWX
    credential types' environment, the example playbooks, the missing-requests message."""
    install_once(session, '-r', 'tests/requirements-ecosystem.txt', '-r', 'requirements.txt', 'PyYAML', root=ROOT)
    prepared = prepare_collections(session, install_in_site_packages=False, install_out_of_tree=True)
    with session.chdir(prepared.current_path):
        session.run('python', 'tests/ecosystem/checks.py', *session.posargs,
                    env=collection_env(prepared, ECO_LOGS=os.path.join(LOGS, 'ecosystem'),
                                       ECO_CACHE=os.path.join(WORK, 'eco-collections'),
                                       # checks.py imports tests.simulator from the copy
                                       PYTHONPATH=os.pathsep.join([str(prepared.current_path), str(prepared.current_place)])))


@nox.session(name='docs-commands', python=PYTHONS[NEWEST], tags=['docs'])
def docs_commands(session):
    """Every command the documents show (README.md, docs/*.md, the simulator and role READMEs) works
    as written: cheap ones run, the others name an existing session, file and option."""
    install_once(session, CORE_PACKAGES[NEWEST], *CORE_REQUIREMENTS, root=ROOT)
    session.run('python', '-m', 'pytest', 'tests/ecosystem/test_documented_commands.py', '-q', '-p', 'no:cacheprovider',
                *session.posargs, env=dict(LM_NOX_COMMAND=' '.join([sys.executable, '-m', 'nox']), PYTHONPATH=ROOT))


# ------------------------------------------------------------------ not part of the default run
@nox.session(python=PYTHONS[NEWEST], tags=['demo'], default=False)
def demo(session):
    """The README's main job: the link role against the API simulator, twice (links, then changes nothing)."""
    prepared = core_session(session, NEWEST)
    session.run('python', os.path.join(ROOT, 'tests', 'demo', 'run_demo.py'), *session.posargs,
                env=collection_env(prepared))


def add_perf_session(name, core):
    @nox.session(name=name, python=PYTHONS[core], tags=['perf'], default=False)
    def perf(session):
        """Benchmark against hand-written ansible.builtin.uri plays (a table, not pass/fail; docs/performance.md).
        Arguments after -- go to tests/perf/bench.py, e.g. ``nox -s perf -- --rounds 5 --ks 1,10``."""
        install_once(session, CORE_PACKAGES[core], *CORE_REQUIREMENTS, root=ROOT)
        session.run('python', os.path.join(ROOT, 'tests', 'perf', 'run_perf.py'), *session.posargs)


add_perf_session('perf', NEWEST)
add_perf_session('perf-2.16', '2.16')


# Allow to run the noxfile with `python noxfile.py`.
if __name__ == '__main__':
    nox.main()
