"""Find the Python interpreter for a version ("3.13"), so nox finds pyenv installs too.

nox looks for ``python3.13`` on PATH; pyenv's shims only answer for the versions pyenv has
activated, so the interpreters under ``$PYENV_ROOT/versions`` are looked up here.
"""

import glob
import os
import shutil
import subprocess

_PROBE = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"


def _version_key(path):
    release = path.split(os.sep)[-3].split('.')
    return [int(part) if part.isdigit() else -1 for part in release]


def candidates(version):
    override = os.environ.get('LIVEMIGRATE_PYTHON_%s' % version.replace('.', '_'))
    if override:
        yield override
    found = shutil.which('python%s' % version)
    if found:
        yield found
    pyenv_root = os.environ.get('PYENV_ROOT') or os.path.expanduser('~/.pyenv')
    yield from sorted(glob.glob(os.path.join(pyenv_root, 'versions', version + '.*', 'bin', 'python')),
                      key=_version_key, reverse=True)
    for prefix in ('/usr/local/bin', '/usr/bin'):
        yield os.path.join(prefix, 'python%s' % version)


def works(path, version):
    """True when ``path`` runs, is Python ``version`` and can make virtualenvs (a pyenv shim may not)."""
    try:
        out = subprocess.run([path, '-c', _PROBE], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             universal_newlines=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout.strip() == version


def find_python(version):
    """The first working interpreter for ``version``, else ``version`` itself (nox then says it is missing)."""
    for path in candidates(version):
        if path and os.path.exists(path) and works(path, version):
            return path
    return version
