"""ansible-test sanity tests whose pinned requirements pip cannot get on this machine.

``ansible-test sanity --requirements`` installs each test's pinned requirements
(``ansible_test/_data/requirements/sanity.<test>.txt``). A pin may be a direct URL instead of a
package-index release: ansible-core 2.22.0rc1 pins ``dill @ https://github.com/...zip`` for pylint.
This project's CI machine reaches package registries only, so that install fails and takes the
whole session down. Such a test is skipped (``--skip-test``) with a warning; the other cores run it,
and it comes back by itself once the pin is an index release. Nothing is probed over the network
(the machine must not try other hosts): LIVEMIGRATE_SANITY_DIRECT_URLS=1 runs such tests anyway, on a
machine that reaches the pinned host.
"""

import json
import os

_FIND = r'''
import glob, json, os, re, ansible_test
base = os.path.join(os.path.dirname(ansible_test.__file__), '_data', 'requirements')
found = {}
for path in sorted(glob.glob(os.path.join(base, 'sanity.*.txt'))):
    test = os.path.basename(path)[len('sanity.'):-len('.txt')].split('.')[0]
    with open(path) as handle:
        for line in handle:
            match = re.match(r'^\s*[A-Za-z0-9_.\[\],-]+\s*@\s*(https?://\S+)', line)
            if match:
                found.setdefault(test, []).append(match.group(1))
print(json.dumps(found))
'''


def unreachable_sanity_tests(session):
    """{test: url} for each sanity test with a direct-URL requirement (none with LIVEMIGRATE_SANITY_DIRECT_URLS=1)."""
    if os.environ.get('LIVEMIGRATE_SANITY_DIRECT_URLS') == '1':
        return {}
    out = session.run('python', '-c', _FIND, silent=True, success_codes=[0, 1]) or ''
    try:
        found = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        session.warn('could not read ansible-test sanity requirements: %r' % out[-500:])
        return {}
    skips = {}
    for test, urls in sorted(found.items()):
        skips[test] = urls[0]
    return skips


def skip_arguments(session, posargs):
    """``--skip-test`` arguments for those tests, unless the arguments after -- choose tests themselves."""
    if '--test' in posargs:
        return []
    args = []
    for test, url in unreachable_sanity_tests(session).items():
        session.warn('SKIPPING sanity test %s: this ansible-test pins a requirement to %s, which pip cannot '
                     'get from a package registry (the cores whose pins are index releases run it; '
                     'LIVEMIGRATE_SANITY_DIRECT_URLS=1 tries anyway)' % (test, url))
        args += ['--skip-test', test]
    return args
