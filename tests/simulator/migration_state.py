"""Push live migration in the simulated Atlas: available source projects, validations and migration jobs.

Jobs advance with the clock (no background thread): every read computes the state from the job's
timestamps and the settings captured when it was created, so tests only wait a few short steps.

A job's life, ``step`` = ``migration_step_seconds``:

- ``NEW`` for one step, then ``WORKING`` (lag shrinking) for one step;
- then ``readyForCutover: true`` (still ``WORKING``, small lag) — or ``FAILED`` when
  ``migration_outcome`` was ``failed`` when the job was created;
- ``EXPIRED`` when no cutover came within ``cutover_window_seconds`` of becoming ready
  (Atlas: 120 hours);
- after the cutover: ``WORKING`` with ``readyForCutover: false`` for one step, then ``COMPLETE``.
"""

import hashlib
import time

MIGRATION_HOST_SUFFIX = '.migration.example.com'


def _hex24(*parts):
    return hashlib.sha256('/'.join(parts).encode('utf-8')).hexdigest()[:24]


def source_project(om_org_id):
    """The one source project the simulated Cloud/Ops Manager organization ``om_org_id`` holds (deterministic)."""
    project_id = _hex24('project', om_org_id)
    return {
        'projectId': project_id,
        'name': 'Project %s' % om_org_id[:6],
        'deployments': [
            {'name': 'rs0', 'clusterId': _hex24('cluster', project_id, 'rs0'), 'mongoDBVersion': '7.0.12',
             'featureCompatibilityVersion': '7.0', 'sharded': False, 'shardsSize': 0, 'managed': True,
             'tlsEnabled': False, 'agentVersion': '107.0.12.8669-1', 'dbSizeBytes': 73400320, 'oplogSizeMB': 990},
            {'name': 'shard-cluster', 'clusterId': _hex24('cluster', project_id, 'shard-cluster'),
             'mongoDBVersion': '6.0.16', 'featureCompatibilityVersion': '6.0', 'sharded': True, 'shardsSize': 2,
             'managed': True, 'tlsEnabled': True, 'agentVersion': '107.0.12.8669-1', 'dbSizeBytes': 524288000,
             'oplogSizeMB': 2048},
        ],
        'migrationHosts': ['mh-%s%s' % (om_org_id[:6], MIGRATION_HOST_SUFFIX)],
    }


class MigrationState:
    """Validations and jobs by id; callers hold the server's lock around every use."""

    def __init__(self, clock=time.time):
        self.clock = clock
        self.validations = {}  # id -> record
        self.jobs = {}         # id -> record
        self._counter = 0

    def _new_id(self, kind):
        self._counter += 1
        return _hex24(kind, str(self._counter), repr(self.clock()))

    # -- validations ------------------------------------------------------------------------------

    def add_validation(self, group_id, source_group_id, error, seconds):
        """``error`` None means the validation will succeed; it is decided now and revealed after ``seconds``."""
        validation_id = self._new_id('validation')
        self.validations[validation_id] = {'_id': validation_id, 'groupId': group_id, 'sourceGroupId': source_group_id,
                                           'created': self.clock(), 'seconds': float(seconds), 'error': error}
        return self.validation_view(validation_id)

    def validation_view(self, validation_id):
        record = self.validations.get(validation_id)
        if record is None:
            return None
        done = self.clock() >= record['created'] + record['seconds']
        status = 'PENDING' if not done else ('FAILED' if record['error'] else 'SUCCESS')
        return {'_id': record['_id'], 'groupId': record['groupId'], 'sourceGroupId': record['sourceGroupId'],
                'status': status, 'errorMessage': record['error'] if status == 'FAILED' else None}

    # -- jobs ---------------------------------------------------------------------------------------

    def add_job(self, group_id, request, source_om_org, settings):
        job_id = self._new_id('job')
        self.jobs[job_id] = {
            '_id': job_id, 'groupId': group_id, 'request': request, 'sourceOmOrg': source_om_org,
            'migrationHosts': list(request['migrationHosts']), 'created': self.clock(), 'cutover': None,
            'step': float(settings.migration_step_seconds), 'window': float(settings.cutover_window_seconds),
            'outcome': settings.migration_outcome,
        }
        return self.job_view(job_id)

    def _phase(self, record):
        """(status, readyForCutover, lagTimeSeconds) now."""
        now = self.clock()
        step = record['step']
        ready_at = record['created'] + 2 * step
        if record['cutover'] is not None:
            if now >= record['cutover'] + step:
                return 'COMPLETE', False, None
            return 'WORKING', False, None
        if now < record['created'] + step:
            return 'NEW', False, None
        if now < ready_at:
            return 'WORKING', False, 120
        if record['outcome'] == 'failed':
            return 'FAILED', False, None
        if now >= ready_at + record['window']:
            return 'EXPIRED', False, None
        return 'WORKING', True, 2

    def job_view(self, job_id, group_id=None):
        record = self.jobs.get(job_id)
        if record is None or (group_id is not None and record['groupId'] != group_id):
            return None
        status, ready, lag = self._phase(record)
        return {'_id': record['_id'], 'status': status, 'readyForCutover': ready, 'lagTimeSeconds': lag,
                'migrationHosts': list(record['migrationHosts'])}

    def cutover(self, job_id):
        """None when accepted, else why not (the job must be ready and not cut over yet)."""
        record = self.jobs[job_id]
        status, ready, dummy = self._phase(record)
        if record['cutover'] is not None:
            return 'The cutover of migration %s was already requested (status %s).' % (job_id, status)
        if not ready:
            return 'Migration %s is not ready for cutover (status %s).' % (job_id, status)
        record['cutover'] = self.clock()
        return None

    def running_source_orgs(self):
        """Cloud/Ops Manager org id -> source project ids of jobs that still run (NEW or WORKING)."""
        running = {}
        for record in self.jobs.values():
            if self._phase(record)[0] in ('NEW', 'WORKING'):
                running.setdefault(record['sourceOmOrg'], []).append(record['request']['source']['groupId'])
        return running

    def snapshot(self):
        jobs = []
        for job_id, record in self.jobs.items():
            view = self.job_view(job_id)
            view.update(groupId=record['groupId'], sourceGroupId=record['request']['source']['groupId'],
                        cutoverRequested=record['cutover'] is not None)
            jobs.append(view)
        return {'validations': [self.validation_view(vid) for vid in self.validations], 'jobs': jobs}


VALIDATION_OUTCOMES = ('success', 'failed')
MIGRATION_OUTCOMES = ('complete', 'failed')


class MigrationSettings:
    """Timing and forced outcomes of live migrations (``PUT /_sim/migrations/settings``).

    ``migration_step_seconds``: length of each job phase; ``cutover_window_seconds``: time from
    ``readyForCutover`` to ``EXPIRED`` (Atlas: 120 hours); ``validation_seconds``: how long a validation
    stays ``PENDING``; ``validation_outcome`` ``success``/``failed`` (forces FAILED validations);
    ``migration_outcome`` ``complete``/``failed`` (new jobs turn FAILED instead of ready for cutover).
    Jobs and validations keep the values they were created with.
    """

    DEFAULTS = {'migration_step_seconds': 2.0, 'cutover_window_seconds': 120 * 3600, 'validation_seconds': 1.0,
                'validation_outcome': 'success', 'migration_outcome': 'complete'}
    NUMBERS = ('migration_step_seconds', 'cutover_window_seconds', 'validation_seconds')

    def __init__(self):
        for key, value in self.DEFAULTS.items():
            setattr(self, key, value)

    def update(self, **kwargs):
        """Validate everything first so a bad call changes nothing."""
        for key, value in kwargs.items():
            if key not in self.DEFAULTS:
                raise ValueError('unknown migration setting %r (known: %s)' % (key, ', '.join(sorted(self.DEFAULTS))))
            if key in self.NUMBERS and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
                raise ValueError('%s must be a number >= 0' % key)
        if kwargs.get('validation_outcome', 'success') not in VALIDATION_OUTCOMES:
            raise ValueError('validation_outcome must be one of %s' % ', '.join(VALIDATION_OUTCOMES))
        if kwargs.get('migration_outcome', 'complete') not in MIGRATION_OUTCOMES:
            raise ValueError('migration_outcome must be one of %s' % ', '.join(MIGRATION_OUTCOMES))
        for key, value in kwargs.items():
            setattr(self, key, value)

    def as_dict(self):
        return {key: getattr(self, key) for key in self.DEFAULTS}
