"""pip installs that run once per virtualenv and requirement set, so re-runs start at once."""

import hashlib
import os
import re
import time

MARKER = '.livemigrate-requirements'


def install_once(session, *args, root='.'):
    """``session.install(*args)`` unless this virtualenv already got exactly these requirements.

    ``-r FILE`` arguments are hashed by content, so editing a requirements file re-installs.
    """
    digest = hashlib.sha256()
    for arg in args:
        digest.update(arg.encode() + b'\0')
        path = os.path.join(root, arg)
        if arg.endswith('.txt') and os.path.isfile(path):
            with open(path, 'rb') as handle:
                digest.update(handle.read())
    marker = os.path.join(session.virtualenv.location, MARKER)
    if os.path.isfile(marker):
        with open(marker) as handle:
            if handle.read() == digest.hexdigest():
                session.log('requirements unchanged since this virtualenv was built: no pip run')
                return
    session.install('--upgrade', 'pip')
    session.install(*args)
    with open(marker, 'w') as handle:
        handle.write(digest.hexdigest())


_VERSION = 'import sys; from importlib.metadata import version; print(version(sys.argv[1]))'
_PRERELEASE = re.compile(r'(a|b|rc|dev)[0-9]*$')
PRERELEASE_MARKER = '.livemigrate-prerelease-checked'
PRERELEASE_CHECK_EVERY = 12 * 3600  # seconds


def upgrade_prerelease(session, package, requirement):
    """While ``package`` in this virtualenv is a pre-release (a core before its release), ask pip for
    ``requirement`` again, at most every 12 hours, so the release replaces the release candidate once it is
    out (install_once alone would keep the candidate: the requirements did not change)."""
    marker = os.path.join(session.virtualenv.location, PRERELEASE_MARKER)
    # The last check, or install_once's last pip run (which got the newest match then).
    checked = max([os.path.getmtime(path) for path in (marker, os.path.join(session.virtualenv.location, MARKER))
                   if os.path.isfile(path)] or [0])
    if time.time() - checked < PRERELEASE_CHECK_EVERY:
        return
    installed = (session.run('python', '-c', _VERSION, package, silent=True, success_codes=[0, 1]) or '').strip()
    if _PRERELEASE.search(installed):
        session.log('%s %s is a pre-release: asking pip for a newer match of %s' % (package, installed, requirement))
        session.install('--upgrade', requirement)
    with open(marker, 'w') as handle:
        handle.write(installed + '\n')
