# Copyright: livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for ansible-test's pip bootstrap script.

``ansible-test ... --requirements`` bootstraps pip into the virtual
environments it creates (``python -m venv --without-pip``) by running a
``get-pip.py`` script that it downloads from a host that is not reachable
from every machine this collection is tested on.  It first looks for a cached
copy at ``~/.ansible/test/cache/get_pip_<pip version with underscores>.py``.

``noxfile.py`` (tests/runner/get_pip.py) copies this file to that path when no real script is there.
It is run by ansible-test as::

    python get_pip_X_Y.py --disable-pip-version-check pip==X.Y [setuptools==..] [wheel==..] [--no-setuptools] [--no-wheel]

and does the same job with the standard library's ``ensurepip`` plus a normal
``pip install --upgrade`` of the requested versions (from the package index
the machine's pip configuration points at).
"""

from __future__ import annotations

import ensurepip
import os
import subprocess
import sys

# Options that get-pip.py understands but ``pip install`` does not.
_GET_PIP_ONLY_OPTIONS = frozenset(('--no-setuptools', '--no-wheel'))


def main(argv: list[str]) -> int:
    saved_environ = dict(os.environ)

    # Installs the pip bundled with this Python into the running interpreter's
    # environment (the virtual environment ansible-test created).
    ensurepip.bootstrap(upgrade=True)

    # ensurepip deletes every PIP_* variable from os.environ and sets
    # PIP_CONFIG_FILE to os.devnull, which would hide this machine's pip
    # configuration (index, certificates, ...) from the pip run below.
    os.environ.clear()
    os.environ.update(saved_environ)
    if os.environ.get('PIP_CONFIG_FILE') == os.devnull:
        del os.environ['PIP_CONFIG_FILE']

    args = [arg for arg in argv if arg not in _GET_PIP_ONLY_OPTIONS]
    if not any(not arg.startswith('-') for arg in args):
        return 0  # nothing to install beyond the bundled pip

    cmd = [sys.executable, '-m', 'pip', 'install', '--upgrade'] + args
    print('get_pip stand-in: %s' % ' '.join(cmd), flush=True)
    return subprocess.call(cmd)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
