"""ansible-test sanity skips its shellcheck test when shellcheck is missing: install it (apt-get, as
root) so a fresh CI machine checks the integration scripts too. LIVEMIGRATE_NO_APT=1 never installs."""

import os
import shutil
import subprocess


def ensure_shellcheck(session, log_path):
    if shutil.which('shellcheck'):
        return
    if os.geteuid() != 0 or os.environ.get('LIVEMIGRATE_NO_APT') == '1' or not shutil.which('apt-get'):
        session.warn('shellcheck is not installed: ansible-test skips its shellcheck sanity test')
        return
    session.log('Installing shellcheck (apt-get) for the shellcheck sanity test; log: %s' % log_path)
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    with open(log_path, 'w') as log:
        ok = all(subprocess.call(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL) == 0
                 for command in (['apt-get', 'update', '-q'], ['apt-get', 'install', '-y', '-q', 'shellcheck']))
    if not ok:
        session.warn('could not install shellcheck (see %s): ansible-test skips its shellcheck sanity test' % log_path)
