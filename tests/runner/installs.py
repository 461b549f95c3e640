"""pip installs that run once per virtualenv and requirement set, so re-runs start at once."""

import hashlib
import os

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
