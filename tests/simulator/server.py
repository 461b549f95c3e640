"""The Simulator: one HTTP server on loopback that answers like Atlas and Cloud/Ops Manager."""

import copy
import ssl
import threading

from .core import SimulatorCore
from .faults import Fault
from .http_server import SimulatorHTTPServer


class Simulator:
    """Start with ``start()`` (or ``with Simulator() as sim:``); ``url`` is then the base URL of both services."""

    def __init__(self, host='127.0.0.1', port=0, tls_cert=None, tls_key=None, lifetime=None):
        if bool(tls_cert) != bool(tls_key):
            raise ValueError('tls_cert and tls_key go together')
        self.host = host
        self.port = port
        self.tls_cert = tls_cert
        self.tls_key = tls_key
        self.lifetime = lifetime
        self.core = SimulatorCore()
        self.url = None
        self._server = None
        self._thread = None
        self._timer = None
        self._control_lock = threading.Lock()
        self._stopped = threading.Event()
        self._stopped.set()

    # -- life cycle -----------------------------------------------------------------------------

    def start(self):
        with self._control_lock:
            if self._server is not None:
                raise RuntimeError('the simulator is already running')
            context = None
            if self.tls_cert:
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(self.tls_cert, self.tls_key)
            server = SimulatorHTTPServer((self.host, self.port), self, context)
            host, port = server.server_address[:2]
            self.url = '%s://%s:%d' % ('https' if context else 'http', '[%s]' % host if ':' in host else host, port)
            self._server = server
            self._stopped.clear()
            self._thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                                            name='simulator-%d' % port, daemon=True)
            self._thread.start()
            if self.lifetime:
                # Stops on its own so a forgotten simulator never outlives its test run.
                self._timer = threading.Timer(float(self.lifetime), self.stop)
                self._timer.daemon = True
                self._timer.start()
        return self

    def stop(self):
        """Idempotent; safe from any thread, including the lifetime timer."""
        with self._control_lock:
            server, self._server = self._server, None
            thread, timer = self._thread, self._timer
            self._thread = self._timer = None
        if server is None:
            return
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()
        server.shutdown()
        server.server_close()
        server.close_connections()
        if thread is not None:
            thread.join(5)
        self._stopped.set()

    def wait(self, timeout=None):
        """Block until stopped (by stop(), the lifetime or a signal handler); True once stopped."""
        return self._stopped.wait(timeout)

    @property
    def running(self):
        return self._server is not None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # -- credentials, settings, faults, log -----------------------------------------------------

    def add_digest_user(self, public_key, private_key):
        with self.core.lock:
            self.core.digest.users[public_key] = private_key

    def add_oauth_client(self, client_id, client_secret):
        with self.core.lock:
            self.core.oauth.clients[client_id] = client_secret

    @property
    def settings(self):
        return self.core.settings

    def update_settings(self, **kwargs):
        with self.core.lock:
            self.core.settings.update(**kwargs)

    def add_fault(self, kind, method=None, path=None, times=1, status=None, retry_after=None, delay=0.0, body=None):
        """Script a fault; see faults.py for the kinds. ``path`` is a regex searched in the request path."""
        self.core.faults.add(Fault(kind, method, path, times, status, retry_after, delay, body))

    def clear_faults(self):
        self.core.faults.clear()

    def pending_faults(self):
        return self.core.faults.pending()

    @property
    def log(self):
        """A snapshot copy of the request log (safe to read while requests arrive)."""
        with self.core.lock:
            return copy.deepcopy(self.core.log)

    def clear_log(self):
        with self.core.lock:
            del self.core.log[:]

    def reset(self):
        self.core.reset()

    # -- state ------------------------------------------------------------------------------------

    def atlas_tokens(self, org_id):
        with self.core.lock:
            return copy.deepcopy(self.core.state.atlas.get(org_id, []))

    def all_atlas_tokens(self):
        with self.core.lock:
            return copy.deepcopy(self.core.state.atlas)

    def om_link(self, org_id):
        with self.core.lock:
            return self.core.state.public_link(org_id)

    def set_running_migration(self, om_org_id, project_ids):
        """Pretend live exports run in these projects (Cloud/Ops Manager then refuses to unlink); [] clears."""
        if not isinstance(project_ids, (list, tuple)) or not all(isinstance(item, str) for item in project_ids):
            raise ValueError('project_ids must be a list of strings')
        with self.core.lock:
            if project_ids:
                self.core.state.running[om_org_id] = list(project_ids)
            else:
                self.core.state.running.pop(om_org_id, None)

    def state(self):
        with self.core.lock:
            return self.core.state.snapshot()

    def secrets(self):
        """Every secret the simulator knows now, {value: kind} (see SimulatorCore.secrets)."""
        return self.core.secrets()

    @property
    def migration_settings(self):
        return self.core.migration_settings

    def update_migration_settings(self, **kwargs):
        """Live migration timing and forced outcomes; see migration_state.MigrationSettings."""
        with self.core.lock:
            self.core.migration_settings.update(**kwargs)

    def migrations(self):
        """Live migration validations and jobs as Atlas would show them now (see migration_state.py)."""
        with self.core.lock:
            return self.core.migrations.snapshot()

    def source_projects(self, om_org_id):
        """The source projects Cloud/Ops Manager organization ``om_org_id`` holds (what availableProjects lists once linked)."""
        with self.core.lock:
            return self.core.migrations.sources.of(om_org_id)

    def set_source_projects(self, om_org_id, projects):
        """Replace the projects of ``om_org_id`` (see source_projects.py); linked or not. Returns them completed."""
        with self.core.lock:
            return self.core.migrations.sources.configure(om_org_id, projects)

    def migration_job(self, job_id):
        """One job as ``migrations()`` shows it, or None when Atlas does not know it."""
        with self.core.lock:
            return self.core.migrations.control_view(job_id)

    def update_migration_job(self, job_id, **fields):
        """Change one job from now on (status FAILED/EXPIRED, lag_time_seconds, step_seconds); KeyError when unknown."""
        with self.core.lock:
            return self.core.migrations.update_job(job_id, **fields)

    def forget_migration_job(self, job_id):
        """Atlas forgets the job (its GET answers 404); False when it did not know it."""
        with self.core.lock:
            return self.core.migrations.forget_job(job_id)
