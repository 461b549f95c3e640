"""ansible-test bootstraps pip into the virtualenvs it creates with a get-pip script it downloads
from a host this machine may not reach; it looks for a cached copy first. Put the offline
stand-in (tests/support/get_pip_standin.py) there when no real script is cached."""

import os
import shutil

_PIP_VERSION = '''
import sys, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip'])
'''


def install_get_pip_standin(session, root):
    pip_version = (session.run('python', '-c', _PIP_VERSION, silent=True, success_codes=[0, 1]) or '').strip()
    if not pip_version or ' ' in pip_version:
        session.warn('could not find the pip version ansible-test bootstraps: no stand-in installed')
        return
    target = os.path.expanduser('~/.ansible/test/cache/get_pip_%s.py' % pip_version.replace('.', '_'))
    if os.path.exists(target):
        session.log('pip %s bootstrap script present: %s' % (pip_version, target))
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Copied under a temporary name and renamed: a session of the other lane may be reading the target.
    temporary = '%s.%d.tmp' % (target, os.getpid())
    shutil.copy(os.path.join(root, 'tests', 'support', 'get_pip_standin.py'), temporary)
    os.replace(temporary, target)
    session.log('pip %s bootstrap stand-in installed: %s' % (pip_version, target))
