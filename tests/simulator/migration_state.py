"""Push live migration in the simulated Atlas: available source projects, validations and migration jobs.

Jobs advance with the clock (no background thread): every read computes the state from the job's
timestamps and the settings captured when it was created, so tests only wait a few short steps.

A job's life, ``step`` = ``migration_step_seconds``:

- ``NEW`` for one step, then ``WORKING`` (lag shrinking) for one step;
- then ``readyForCutover: true`` (still ``WORKING``, lag ``ready_lag_seconds``) — or ``FAILED`` when
  ``migration_outcome`` was ``failed`` when the job was created;
- ``EXPIRED`` when no cutover came within ``cutover_window_seconds`` of becoming ready
  (Atlas: 120 hours);
- after the cutover: ``WORKING`` with ``readyForCutover: false`` for one step, then ``COMPLETE``.

Each job keeps its phase boundaries as timestamps (``working_at``, ``ready_at``, ``complete_at``), so the
control API can change one job's step, lag or fate (``update_job``) without touching the others.
"""

import time

# source_project: tests import it from here
from .source_projects import SourceProjects, hex24, source_project  # noqa: F401  pylint: disable=unused-import

RUNNING = ('NEW', 'WORKING')
FORCED_STATUSES = ('FAILED', 'EXPIRED')
JOB_FIELDS = ('status', 'lag_time_seconds', 'step_seconds')


class MigrationState:
    """Validations and jobs by id; callers hold the server's lock around every use."""

    def __init__(self, clock=time.time, agent_hosts=None):
        self.clock = clock
        self.validations = {}  # id -> record
        self.jobs = {}         # id -> record
        self.sources = SourceProjects(agent_hosts)
        self._counter = 0

    def _new_id(self, kind):
        self._counter += 1
        return hex24(kind, str(self._counter), repr(self.clock()))

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
        now, step = self.clock(), float(settings.migration_step_seconds)
        self.jobs[job_id] = {
            '_id': job_id, 'groupId': group_id, 'request': request, 'sourceOmOrg': source_om_org,
            'migrationHosts': list(request['migrationHosts']), 'created': now, 'cutover': None,
            'step': step, 'window': float(settings.cutover_window_seconds), 'outcome': settings.migration_outcome,
            'ready_lag': settings.ready_lag_seconds, 'working_at': now + step, 'ready_at': now + 2 * step,
            'complete_at': None, 'forced': None,
        }
        return self.job_view(job_id)

    def _phase(self, record):
        """(status, readyForCutover, lagTimeSeconds) now."""
        now = self.clock()
        if record['forced'] is not None and now >= record['forced'][1]:
            return record['forced'][0], False, None
        if record['cutover'] is not None:
            if now >= record['complete_at']:
                return 'COMPLETE', False, None
            return 'WORKING', False, None
        if now < record['working_at']:
            return 'NEW', False, None
        if now < record['ready_at']:
            return 'WORKING', False, 120
        if record['outcome'] == 'failed':
            return 'FAILED', False, None
        if now >= record['ready_at'] + record['window']:
            return 'EXPIRED', False, None
        return 'WORKING', True, record['ready_lag']

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
        record['complete_at'] = record['cutover'] + record['step']
        return None

    def running_source_orgs(self):
        """Cloud/Ops Manager org id -> source project ids of jobs that still run (NEW or WORKING)."""
        running = {}
        for record in self.jobs.values():
            if self._phase(record)[0] in RUNNING:
                running.setdefault(record['sourceOmOrg'], []).append(record['request']['source']['groupId'])
        return running

    # -- the control API's view and changes of one job -------------------------------------------

    def _timings(self, record, status):
        """When the job was created, became ready, was cut over, completed and ended (epoch seconds or None)."""
        now = self.clock()
        forced_at = record['forced'][1] if record['forced'] is not None else None
        ready_at = record['ready_at'] if record['outcome'] != 'failed' else None
        if ready_at is not None and (now < ready_at or (forced_at is not None and forced_at <= ready_at)):
            ready_at = None
        completed_at = record['complete_at'] if status == 'COMPLETE' else None
        ended_at = {'COMPLETE': completed_at, 'FAILED': forced_at if forced_at is not None else record['ready_at'],
                    'EXPIRED': forced_at if forced_at is not None else record['ready_at'] + record['window']}.get(status)
        return {'created': record['created'], 'readyAt': ready_at, 'cutoverAt': record['cutover'],
                'completedAt': completed_at, 'endedAt': ended_at}

    def control_view(self, job_id):
        """One job as ``GET /_sim/migrations`` shows it (the Atlas view, where it comes from, its timings), or None."""
        record = self.jobs.get(job_id)
        if record is None:
            return None
        view = self.job_view(job_id)
        view.update(groupId=record['groupId'], sourceGroupId=record['request']['source']['groupId'],
                    sourceClusterName=record['request']['source']['clusterName'],
                    destinationClusterName=record['request']['destination']['clusterName'],
                    sourceOrgId=record['sourceOmOrg'], cutoverRequested=record['cutover'] is not None,
                    stepSeconds=record['step'], readyLagSeconds=record['ready_lag'])
        view.update(self._timings(record, view['status']))
        return view

    def update_job(self, job_id, **fields):
        """Change one job from now on: ``status`` FAILED/EXPIRED (for ever), ``lag_time_seconds`` (while ready),
        ``step_seconds`` (the rest of its current phase and the phases after it). Checks everything first."""
        record = self.jobs[job_id]
        unknown = sorted(set(fields) - set(JOB_FIELDS))
        if unknown:
            raise ValueError('unknown job field %r (known: %s)' % (unknown[0], ', '.join(JOB_FIELDS)))
        if 'status' in fields and fields['status'] not in FORCED_STATUSES:
            raise ValueError('status must be one of %s' % ', '.join(FORCED_STATUSES))
        lag = fields.get('lag_time_seconds', 0)
        if isinstance(lag, bool) or not isinstance(lag, int) or lag < 0:
            raise ValueError('lag_time_seconds must be an integer >= 0')
        step = fields.get('step_seconds', 0)
        if isinstance(step, bool) or not isinstance(step, (int, float)) or step < 0:
            raise ValueError('step_seconds must be a number >= 0')
        status = self._phase(record)[0]
        if 'status' in fields and status not in RUNNING:
            raise ValueError('migration %s already ended with status %s' % (job_id, status))
        now = self.clock()
        if 'step_seconds' in fields:
            self._restep(record, float(step), now)
        if 'lag_time_seconds' in fields:
            record['ready_lag'] = lag
        if 'status' in fields:
            record['forced'] = (fields['status'], now)
        return self.control_view(job_id)

    @staticmethod
    def _restep(record, step, now):
        """The phase the job is in ends ``step`` after it began (now at the earliest); later phases last ``step``."""
        record['step'] = step
        if record['cutover'] is not None:
            record['complete_at'] = max(now, record['cutover'] + step)
        elif now < record['working_at']:
            record['working_at'] = max(now, record['created'] + step)
            record['ready_at'] = record['working_at'] + step
        elif now < record['ready_at']:
            record['ready_at'] = max(now, record['working_at'] + step)

    def forget_job(self, job_id):
        """Atlas no longer knows the job (its GET answers 404); False when it did not exist."""
        return self.jobs.pop(job_id, None) is not None

    def running_jobs_of(self, source_om_org):
        """How many jobs of this Cloud/Ops Manager organization are NEW or WORKING."""
        return sum(1 for record in self.jobs.values()
                   if record['sourceOmOrg'] == source_om_org and self._phase(record)[0] in RUNNING)

    def snapshot(self):
        return {'validations': [self.validation_view(vid) for vid in self.validations],
                'jobs': [self.control_view(job_id) for job_id in self.jobs]}


VALIDATION_OUTCOMES = ('success', 'failed')
MIGRATION_OUTCOMES = ('complete', 'failed')


class MigrationSettings:
    """Timing and forced outcomes of live migrations (``PUT /_sim/migrations/settings``).

    ``migration_step_seconds``: length of each job phase; ``cutover_window_seconds``: time from
    ``readyForCutover`` to ``EXPIRED`` (Atlas: 120 hours); ``validation_seconds``: how long a validation
    stays ``PENDING``; ``validation_outcome`` ``success``/``failed`` (forces FAILED validations);
    ``migration_outcome`` ``complete``/``failed`` (new jobs turn FAILED instead of ready for cutover);
    ``ready_lag_seconds``: the ``lagTimeSeconds`` a job ready for cutover reports;
    ``max_running_per_source_org``: creating a job while that many jobs of the same source organization
    are NEW or WORKING is refused (0: no limit; the refusal is the simulator's assumption, see MIGRATIONS.md).
    Jobs and validations keep the values they were created with.
    """

    DEFAULTS = {'migration_step_seconds': 2.0, 'cutover_window_seconds': 120 * 3600, 'validation_seconds': 1.0,
                'validation_outcome': 'success', 'migration_outcome': 'complete', 'ready_lag_seconds': 2,
                'max_running_per_source_org': 0}
    NUMBERS = ('migration_step_seconds', 'cutover_window_seconds', 'validation_seconds')
    INTEGERS = ('ready_lag_seconds', 'max_running_per_source_org')

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
            if key in self.INTEGERS and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError('%s must be an integer >= 0' % key)
        if kwargs.get('validation_outcome', 'success') not in VALIDATION_OUTCOMES:
            raise ValueError('validation_outcome must be one of %s' % ', '.join(VALIDATION_OUTCOMES))
        if kwargs.get('migration_outcome', 'complete') not in MIGRATION_OUTCOMES:
            raise ValueError('migration_outcome must be one of %s' % ', '.join(MIGRATION_OUTCOMES))
        for key, value in kwargs.items():
            setattr(self, key, value)

    def as_dict(self):
        return {key: getattr(self, key) for key in self.DEFAULTS}
