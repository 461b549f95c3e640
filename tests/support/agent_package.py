# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in for the MongoDB Agent package, for the migration_host role's tests (no real download exists here).

Builds, with dpkg-deb, a .deb named and laid out like the real one (docs/migration-host-facts.md):
package mongodb-mms-automation-agent-manager, /opt/mongodb-mms-automation/bin/mongodb-mms-automation-agent,
/etc/mongodb-mms/automation-agent.config (created by postinst when missing), the user mongod (postinst; postrm purge
removes it with the files) and the service mongodb-mms-automation-agent as a SysV init script (this machine has no
systemd as PID 1; ansible.builtin.service drives it through /usr/sbin/service and update-rc.d).

The agent reads its configuration and, with agentFeatureCloudMigrationEnabled=true, registers its host name with the
simulator at mmsBaseUrl (POST /_sim/agents/register); it unregisters when stopped. It never logs the API key.

    python -m tests.support.agent_package --version 107.0.1.8507-1 --out DIR [--upload SIM_URL]

prints the path of the .deb; --upload also puts it into the simulator (PUT /_sim/agents/packages/{file name}).
Standard library only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import urllib.request

PACKAGE = 'mongodb-mms-automation-agent-manager'
SERVICE = 'mongodb-mms-automation-agent'
USER = 'mongod'
AGENT = '/opt/mongodb-mms-automation/bin/mongodb-mms-automation-agent'
CONFIG = '/etc/mongodb-mms/automation-agent.config'
LOG_DIR = '/var/log/mongodb-mms-automation'
LIB_DIR = '/var/lib/mongodb-mms-automation'
PIDFILE = '/run/%s.pid' % SERVICE

AGENT_PROGRAM = r'''#!/usr/bin/python3
"""Stand-in MongoDB Agent (livemigrate.mongodb tests): registers as a migration host with the simulator."""
import json, signal, socket, sys, time, urllib.parse, urllib.request

CONFIG = sys.argv[sys.argv.index('-c') + 1] if '-c' in sys.argv else '%(config)s'
LOG = '%(log_dir)s/automation-agent.log'


def log(message):
    with open(LOG, 'a') as out:
        out.write('%%s %%s\n' %% (time.strftime('%%Y-%%m-%%dT%%H:%%M:%%S'), message))


def read_config():
    settings = {}
    with open(CONFIG) as config:
        for line in config:
            key, sep, value = line.strip().partition('=')
            if sep and not key.startswith('#'):
                settings[key.strip()] = value.strip()
    return settings


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def main():
    settings = read_config()
    base = settings.get('mmsBaseUrl', '').rstrip('/')
    group, key = settings.get('mmsGroupId', ''), settings.get('mmsApiKey', '')
    host = socket.getfqdn()
    registered = []

    def stop(signum, frame):
        if registered:
            try:
                call('DELETE', '%%s/_sim/agents/register/%%s/%%s' %% (base, group, urllib.parse.quote(host)))
                log('unregistered %%s from project %%s' %% (host, group))
            except Exception as exc:
                log('unregistering failed: %%s' %% exc)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    if settings.get('agentFeatureCloudMigrationEnabled') != 'true':
        log('agentFeatureCloudMigrationEnabled is not true: not a migration host')
    elif not (base and group and key):
        log('mmsBaseUrl, mmsGroupId and mmsApiKey are required in %%s' %% CONFIG)
    while settings.get('agentFeatureCloudMigrationEnabled') == 'true' and base and group and key and not registered:
        try:
            call('POST', base + '/_sim/agents/register',
                 {'groupId': group, 'apiKey': key, 'hostname': host, 'cloudMigrationEnabled': True})
            registered.append(host)
            log('registered %%s as a migration host of project %%s at %%s' %% (host, group, base))
        except Exception as exc:  # the key itself is never logged
            log('registering with %%s failed (retrying): %%s' %% (base, exc))
            time.sleep(2)
    while True:
        time.sleep(3600)


main()
''' % dict(config=CONFIG, log_dir=LOG_DIR)

INIT_SCRIPT = r'''#!/bin/sh
### BEGIN INIT INFO
# Provides:          %(service)s
# Required-Start:    $network $remote_fs
# Required-Stop:     $network $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: MongoDB Agent (livemigrate.mongodb test stand-in)
### END INIT INFO
PIDFILE=%(pidfile)s
case "$1" in
    start)
        start-stop-daemon --start --quiet --oknodo --background --make-pidfile --pidfile "$PIDFILE" \
            --chuid %(user)s --startas %(agent)s -- -c %(config)s ;;
    stop)
        start-stop-daemon --stop --quiet --oknodo --retry TERM/10/KILL/5 --pidfile "$PIDFILE" --remove-pidfile ;;
    restart|force-reload)
        "$0" stop && "$0" start ;;
    status)
        start-stop-daemon --status --pidfile "$PIDFILE" ;;
    *)
        echo "Usage: $0 {start|stop|restart|status}" >&2; exit 2 ;;
esac
''' % dict(service=SERVICE, pidfile=PIDFILE, user=USER, agent=AGENT, config=CONFIG)

DEFAULT_CONFIG = '''#
# Required
#
mmsGroupId=
mmsApiKey=
mmsBaseUrl=
logFile=%(log_dir)s/automation-agent.log
mmsConfigBackup=%(lib_dir)s/mms-cluster-config-backup.json
logLevel=INFO
''' % dict(log_dir=LOG_DIR, lib_dir=LIB_DIR)

POSTINST = '''#!/bin/sh
set -e
if [ "$1" = configure ]; then
    getent passwd %(user)s > /dev/null || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin %(user)s
    mkdir -p %(log_dir)s %(lib_dir)s /etc/mongodb-mms
    chown %(user)s:%(user)s %(log_dir)s %(lib_dir)s
    if [ ! -e %(config)s ]; then
        cat > %(config)s <<'CONFIG'
%(default)sCONFIG
    fi
    chown %(user)s:%(user)s %(config)s
    chmod 0600 %(config)s
fi
''' % dict(user=USER, log_dir=LOG_DIR, lib_dir=LIB_DIR, config=CONFIG, default=DEFAULT_CONFIG)

PRERM = '''#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = upgrade ]; then
    /etc/init.d/%(service)s stop || true
fi
''' % dict(service=SERVICE)

POSTRM = '''#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
    update-rc.d -f %(service)s remove > /dev/null 2>&1 || true
fi
if [ "$1" = purge ]; then
    rm -rf %(config)s %(log_dir)s %(lib_dir)s
    rmdir /etc/mongodb-mms 2> /dev/null || true
    if getent passwd %(user)s > /dev/null; then userdel %(user)s; fi
    if getent group %(user)s > /dev/null; then groupdel %(user)s; fi
fi
''' % dict(service=SERVICE, config=CONFIG, log_dir=LOG_DIR, lib_dir=LIB_DIR, user=USER)


def deb_architecture():
    return subprocess.run(['dpkg', '--print-architecture'], check=True, capture_output=True, text=True).stdout.strip()


def file_name(architecture):
    """The name Cloud/Ops Manager gives the latest deb build for this architecture (what the role downloads)."""
    return '%s_latest_%s.%s.deb' % (PACKAGE, architecture, 'ubuntu1604' if architecture == 'amd64' else 'ubuntu1804')


def _write(root, path, text, mode):
    target = os.path.join(root, path.lstrip('/'))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, 'w') as out:
        out.write(text)
    os.chmod(target, mode)


def build(version, out_dir):
    architecture = deb_architecture()
    with tempfile.TemporaryDirectory() as root:
        os.chmod(root, 0o755)
        _write(root, 'DEBIAN/control', 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: livemigrate.mongodb tests '
               '<tests@example.invalid>\nDepends: python3\nDescription: MongoDB Agent stand-in for tests\n' % (
                   PACKAGE, version, architecture), 0o644)
        _write(root, 'DEBIAN/postinst', POSTINST, 0o755)
        _write(root, 'DEBIAN/prerm', PRERM, 0o755)
        _write(root, 'DEBIAN/postrm', POSTRM, 0o755)
        _write(root, AGENT, AGENT_PROGRAM, 0o755)
        _write(root, '/etc/init.d/' + SERVICE, INIT_SCRIPT, 0o755)
        path = os.path.join(out_dir, file_name(architecture))
        subprocess.run(['dpkg-deb', '--root-owner-group', '--build', root, path], check=True, capture_output=True)
    return path


def upload(path, sim_url):
    with open(path, 'rb') as package:
        request = urllib.request.Request('%s/_sim/agents/packages/%s' % (sim_url.rstrip('/'), os.path.basename(path)),
                                         data=package.read(), method='PUT',
                                         headers={'Content-Type': 'application/octet-stream'})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--version', required=True, help='the package version, e.g. 107.0.1.8507-1')
    parser.add_argument('--out', required=True, help='the directory for the .deb')
    parser.add_argument('--upload', metavar='SIM_URL', help='also PUT it into this simulator')
    args = parser.parse_args(argv)
    path = build(args.version, args.out)
    if args.upload:
        upload(path, args.upload)
    print(path)
    return 0


if __name__ == '__main__':
    sys.exit(main())
