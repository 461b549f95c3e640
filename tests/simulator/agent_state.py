"""Agents of the simulated Cloud/Ops Manager: agent API keys per project, registered stand-in agents, agent packages.

Every 24-hex project id is a project here: the simulator cannot enumerate the default source
projects of all organizations (source_projects.py derives them from an org id), so agent API keys
work for any well-formed id and a malformed one answers 404 like an unknown project. A registered
agent (with cloudMigrationEnabled) becomes a migration host of the source project with its
groupId, if a configured or default source project has that id (SourceProjects asks hosts_of()).
Callers hold the core's lock.
"""

import re
import secrets
import time

# Agent package file names: no path separators, no leading dot.
PACKAGE_NAME_RE = re.compile(r'^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$')
MASK = '********'


def iso_now():
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())


def masked(record):
    """A key as every read after its creation shows it: the last four characters (Cloud/Ops Manager docs)."""
    return dict(record, key=MASK + record['key'][-4:])


class AgentState:
    def __init__(self):
        self.keys = {}           # group id -> [key records, full key inside]
        self.registrations = {}  # (group id, hostname) -> registration
        self.packages = {}       # file name -> bytes (kept across reset, like credentials)
        self._seq = 0

    def create_key(self, group_id, desc, ip_addr):
        self._seq += 1
        record = {'id': '%08x%016x' % (int(time.time()), self._seq), 'key': secrets.token_hex(32), 'desc': desc,
                  'createdTime': iso_now(), 'createdUserId': None, 'createdIpAddr': ip_addr, 'createdBy': 'PUBLIC_API'}
        self.keys.setdefault(group_id, []).append(record)
        return dict(record)

    def keys_of(self, group_id):
        return [masked(record) for record in self.keys.get(group_id, [])]

    def delete_key(self, group_id, key_id):
        records = self.keys.get(group_id, [])
        kept = [record for record in records if record['id'] != key_id]
        self.keys[group_id] = kept
        return len(kept) != len(records)

    def key_is_live(self, group_id, key):
        return any(secrets.compare_digest(record['key'], key) for record in self.keys.get(group_id, []))

    def register(self, group_id, hostname, cloud_migration_enabled):
        registration = {'groupId': group_id, 'hostname': hostname, 'cloudMigrationEnabled': cloud_migration_enabled,
                        'registeredAt': iso_now()}
        self.registrations[(group_id, hostname)] = registration
        return dict(registration)

    def unregister(self, group_id, hostname):
        return self.registrations.pop((group_id, hostname), None) is not None

    def hosts_of(self, group_id):
        """Host names of the agents registered in ``group_id`` as migration hosts, in registration order."""
        return [item['hostname'] for (group, dummy), item in self.registrations.items()
                if group == group_id and item['cloudMigrationEnabled']]

    def secrets(self):
        return [record['key'] for records in self.keys.values() for record in records]

    def snapshot(self):
        return {'registrations': [dict(item) for item in self.registrations.values()],
                'apiKeys': {group: self.keys_of(group) for group in sorted(self.keys) if self.keys[group]},
                'packages': {name: len(data) for name, data in sorted(self.packages.items())}}
