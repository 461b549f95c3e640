"""Fault injection: scripted misbehaviour that real networks and MongoDB's services show."""

import re
import threading

# Faults answered in place of the request, before authentication (like a proxy or rate limiter).
PRE_AUTH_KINDS = ('status', 'html', 'drop_before')
# Faults that spoil the authentication exchange itself.
AUTH_KINDS = ('stale_nonce', 'expire_token')
# Faults that hit a request the server does process (so only authenticated requests consume them).
PROCESSED_KINDS = ('slow', 'drop_after', 'empty')
KINDS = PRE_AUTH_KINDS + AUTH_KINDS + PROCESSED_KINDS

DEFAULT_STATUS = {'status': 500, 'html': 502, 'empty': 200}


class Fault:
    """One scripted fault; ``times`` None means it never runs out."""

    def __init__(self, kind, method=None, path=None, times=1, status=None, retry_after=None, delay=0.0, body=None):
        if kind not in KINDS:
            raise ValueError('unknown fault kind %r (known: %s)' % (kind, ', '.join(KINDS)))
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise ValueError('times must be a positive integer or None (unlimited)')
        if status is not None and (isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599):
            raise ValueError('status must be an HTTP status code')
        if delay is None or float(delay) < 0:
            raise ValueError('delay must be >= 0')
        self.kind = kind
        self.method = method.upper() if method else None
        self.path = path
        self._path_re = re.compile(path) if path else None
        self.times = times
        self.status = status if status is not None else DEFAULT_STATUS.get(kind)
        self.retry_after = retry_after
        self.delay = float(delay)
        self.body = body

    @property
    def phase(self):
        """Where in the request's life the fault is applied: 'pre_auth', 'auth' or 'processed'."""
        if self.kind in AUTH_KINDS:
            return 'auth'
        if self.kind == 'empty' and not 200 <= self.status < 300:
            return 'pre_auth'  # a non-2xx empty answer is a broken proxy: nothing is processed
        if self.kind in PROCESSED_KINDS:
            return 'processed'
        return 'pre_auth'

    def matches(self, method, path):
        if self.method and self.method != method:
            return False
        return not self._path_re or bool(self._path_re.search(path))

    def as_dict(self):
        return {'kind': self.kind, 'method': self.method, 'path': self.path, 'times': self.times, 'status': self.status,
                'retry_after': self.retry_after, 'delay': self.delay, 'body': self.body}


class FaultList:
    """Faults in order of addition; the first matching one is consumed."""

    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, fault):
        with self._lock:
            self._faults.append(fault)

    def clear(self):
        with self._lock:
            self._faults = []

    def pending(self):
        with self._lock:
            return [fault.as_dict() for fault in self._faults]

    def take(self, phase, method, path, kinds=None):
        """Consume and return the first fault of ``phase`` (and of ``kinds``) matching the request."""
        with self._lock:
            for fault in self._faults:
                if fault.phase != phase or (kinds and fault.kind not in kinds) or not fault.matches(method, path):
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                return fault
        return None
