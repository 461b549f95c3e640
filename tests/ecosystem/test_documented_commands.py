# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every command the documents show works as written (``nox -s docs-commands``).

The shell code blocks (```bash, ```sh, ```shell, ```console) of README.md, docs/*.md,
tests/simulator/README.md and roles/*/README.md are read; each command is checked by the rule for
its program: cheap ones run (--help; the simulator README is run by tests/simulator/tests/test_sim_readme.py), the expensive ones must name an
existing nox session, file and option (ansible-playbook and pip options against their --help).
A program without a rule fails the test: add one when a document shows a new kind of command.
Environment: LM_NOX_COMMAND (how to run nox, set by noxfile.py).
"""

import glob
import os
import re
import shlex
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCUMENTS = ['README.md', 'tests/simulator/README.md'] + sorted(glob.glob(os.path.join(ROOT, 'docs', '*.md'))) + \
    sorted(glob.glob(os.path.join(ROOT, 'roles', '*', 'README.md')))
BLOCK = re.compile(r'^```(bash|sh|shell|console)[ \t]*\n(.*?)^```', re.M | re.S)


def blocks():
    """(document, language, text) of every shell block."""
    for document in DOCUMENTS:
        with open(os.path.join(ROOT, document), encoding='utf-8') as f:
            text = f.read()
        for match in BLOCK.finditer(text):
            yield os.path.relpath(os.path.join(ROOT, document), ROOT), match.group(1), match.group(2)


def commands(language, text):
    """The commands of a block: continuation lines and open quotes joined, comments dropped; console: $ lines only."""
    lines = text.replace('\\\n', ' ').splitlines()
    if language == 'console':
        lines = [line[2:] for line in lines if line.startswith('$ ')]
    pending = ''
    for line in lines:
        pending += line + '\n'
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # a quoted string goes on over the next line
            continue
        if words:
            yield ' '.join(pending.split()), words
        pending = ''
    assert not pending, 'unbalanced quotes in %r' % pending


def program(words):
    """The words without leading VAR=value assignments and a trailing '&'."""
    while words and re.match(r'^[A-Za-z_][A-Za-z0-9_]*=', words[0]):
        words = words[1:]
    return [word for word in words if word != '&']


def run(args, **kwargs):
    return subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, check=False, **kwargs)


_SESSIONS = []
# What the arguments after -- of a session are options of (session name without its -CORE).
POSARGS_HELP = {'perf': ['python', 'tests/perf/bench.py', '--help'], 'units': ['python', '-m', 'pytest', '--help'],
                'reliability': ['python', '-m', 'pytest', '--help'], 'campaign': ['python', '-m', 'pytest', '--help'],
                'perf-campaign': ['python', 'tests/perf/campaign_bench.py', '--help']}


def nox_sessions():
    """Every session of noxfile.py, default or not (the lines '* name -> ...' and '- name -> ...' of nox -l)."""
    if not _SESSIONS:
        out = run(shlex.split(os.environ['LM_NOX_COMMAND']) + ['-l'])
        assert out.returncode == 0, out.stdout
        _SESSIONS.extend(re.findall(r'^[*-] (\S+)', out.stdout, re.M))
    return _SESSIONS


def assert_options_in_help(words, help_command):
    """Each option of ``words`` (up to a ``--`` separator) appears in the output of ``help_command``."""
    out = run(help_command)
    assert out.returncode == 0, '%s: %s' % (' '.join(help_command), out.stdout)
    for word in words:
        if word == '--':
            break
        if word.startswith('-'):
            option = word.split('=', 1)[0]
            assert re.search(r'(^|[\s,\[])%s\b' % re.escape(option), out.stdout), \
                '%s is not an option of %s' % (option, ' '.join(help_command[:-1]))


def check_nox(words):
    """nox -s SESSION... [-- ARGS]: the sessions exist; perf's arguments are options of bench.py."""
    assert '-s' in words, 'a nox command in the docs should name its session(s) with -s'
    names = words[words.index('-s') + 1:]
    names = names[:names.index('--')] if '--' in names else names
    for name in names:
        assert name in nox_sessions(), 'nox session %s does not exist (nox -l)' % name
    if '--' in words:
        assert len(names) == 1, 'arguments after -- go to every session named: name one'
        posargs_help = POSARGS_HELP.get(names[0]) or POSARGS_HELP.get(names[0].split('-')[0])
        assert posargs_help, 'no rule for the arguments of session %s: add one to POSARGS_HELP' % names[0]
        assert_options_in_help(words[words.index('--') + 1:], posargs_help)


def check_run_sh(words):
    """bash tests/run.sh ...: --help/--list run (--list does not wait for the run that runs this test); other
    arguments are translated (--dry-run) into nox commands, one per line (the default run: one per lane), whose
    sessions must exist."""
    args = words[2:]
    if args in (['--help'], ['--list']):
        out = run(['bash', 'tests/run.sh'] + args)
        assert out.returncode == 0, out.stdout
        return
    out = run(['bash', 'tests/run.sh', '--dry-run'] + args)
    assert out.returncode == 0, out.stdout
    for line in out.stdout.splitlines():
        nox_words = shlex.split(line)
        if '-s' in nox_words:
            check_nox(nox_words)


def check_ansible_galaxy(words):
    assert_options_in_help(words, ['ansible-galaxy'] + words[1:3] + ['--help'])


def check_ansible_playbook(words):
    assert_options_in_help(words, ['ansible-playbook', '--help'])


def check_pip(words):
    assert_options_in_help(words, ['python', '-m', 'pip'] + words[1:2] + ['--help'])


def check_python(words):
    """python -m tests.simulator ...: its options exist (the walk-through block runs it for real)."""
    assert words[1:3] == ['-m', 'tests.simulator'], 'no rule for %s' % ' '.join(words)
    assert_options_in_help(words[3:], ['python', '-m', 'tests.simulator', '--help'])


RULES = {'nox': check_nox, 'ansible-galaxy': check_ansible_galaxy, 'ansible-playbook': check_ansible_playbook,
         'pip': check_pip, 'python': check_python}
CASES = [pytest.param(document, language, line, words, id='%s: %s' % (document, line[:70]))
         for document, language, text in blocks() for line, words in commands(language, text)]


def test_documents_show_commands():
    assert len(CASES) >= 10, 'expected the README, docs and role READMEs to show commands: %s' % CASES


@pytest.mark.parametrize('document, language, line, words', CASES)
def test_documented_command(document, language, line, words):
    words = program(words)
    if not words or (document == 'tests/simulator/README.md' and language == 'bash'):
        # A variable assignment; or a step of the simulator README's walk-through, which
        # tests/simulator/tests/test_sim_readme.py runs for real, block after block.
        return
    if words[0] == 'bash' and words[1:2] == ['tests/run.sh']:
        check_run_sh(words)
    else:
        assert words[0] in RULES, 'no rule for the program of %r in %s: add one to %s' % (line, document, __file__)
        RULES[words[0]](words)
