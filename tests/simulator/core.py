"""Everything the simulator remembers, behind one lock, independent of HTTP plumbing."""

import threading
import time

from .constants import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY
from .agent_state import AgentState
from .digest_auth import DigestAuthority
from .faults import FaultList
from .link_state import LinkState
from .migration_state import MigrationSettings, MigrationState
from .oauth import TokenIssuer
from .settings import Settings


class SimulatorCore:
    """State, settings, credentials, faults and the request log.

    ``lock`` is re-entrant so helpers may nest; the handler threads never hold it while sleeping
    or doing network I/O.
    """

    def __init__(self):
        self.lock = threading.RLock()
        self.digest = DigestAuthority()
        self.oauth = TokenIssuer()
        self.digest.users[DEFAULT_PUBLIC_KEY] = DEFAULT_PRIVATE_KEY
        self.oauth.clients[DEFAULT_CLIENT_ID] = DEFAULT_CLIENT_SECRET
        self.faults = FaultList()
        self.state = LinkState()
        self.agents = AgentState()
        self.migrations = MigrationState(agent_hosts=self._agent_hosts)
        self.migration_settings = MigrationSettings()
        self.settings = Settings()
        self.log = []
        self._seq = 0

    def reset(self):
        """Back to start; credentials, nonces and bearer tokens stay so open sessions keep working."""
        with self.lock:
            self.state = LinkState()
            packages, self.agents = self.agents.packages, AgentState()
            self.agents.packages = packages  # put there by the test harness, like credentials
            self.migrations = MigrationState(agent_hosts=self._agent_hosts)
            self.migration_settings = MigrationSettings()
            self.settings = Settings()
            self.faults.clear()
            del self.log[:]
            self._seq = 0

    def secrets(self):
        """Every secret the simulator knows now, {value: kind}: API private keys, client secrets, each
        link-token and the private key inside it, OAuth access tokens (for the tests' secret scans)."""
        with self.lock:
            found = dict((key, 'private_key') for key in self.digest.users.values())
            found.update((secret, 'client_secret') for secret in self.oauth.clients.values())
            found.update((token, 'OAuth access token') for token in self.oauth.access_tokens())
            for records in self.state.atlas.values():
                found.update((record['linkToken'], 'link-token') for record in records)
                found.update((record['privateApiKey'], 'privateApiKey in a link-token') for record in records)
            found.update((record['linkToken'], 'link-token') for record in self.state.om.values())
            found.update((key, 'agent API key') for key in self.agents.secrets())
            return found

    def _agent_hosts(self, project_id):
        """Migration hosts registered by stand-in agents in ``project_id`` (source_projects.py adds them)."""
        return self.agents.hosts_of(project_id)

    def record(self, entry):
        """Append one request to the log, numbering it."""
        with self.lock:
            self._seq += 1
            entry['seq'] = self._seq
            entry.setdefault('time', time.time())
            self.log.append(entry)
