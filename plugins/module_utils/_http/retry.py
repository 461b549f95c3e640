# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""When to send a request again, and how long to wait first.

The one place for retry rules (the client asks this module, nothing else decides):
- 429 on any method: the service did not process the request, so even a POST is safe.
- 502/503/504 and connection failures: only for idempotent methods (GET, DELETE, token fetch),
  because a write may have been processed before the failure.
- Waits honour Retry-After, then back off exponentially with jitter; a wait that would
  exceed the remaining budget fails at once instead of sleeping for a long time.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import random

RETRY_ANY_METHOD = frozenset([429])
RETRY_IDEMPOTENT_ONLY = frozenset([502, 503, 504])
IDEMPOTENT_METHODS = frozenset(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PUT'])

BACKOFF_BASE = 1.0     # seconds before the first retry without Retry-After
BACKOFF_CAP = 30.0     # longest single back-off wait
WAIT_BUDGET = 300.0    # longest total wait over all retries of one request


class RetryPolicy:
    def __init__(self, retries=3, base=BACKOFF_BASE, cap=BACKOFF_CAP, budget=WAIT_BUDGET, rand=random.random):
        self.retries = retries
        self.base = base
        self.cap = cap
        self.budget = budget
        self._rand = rand

    @staticmethod
    def retryable_status(status, idempotent):
        return status in RETRY_ANY_METHOD or (idempotent and status in RETRY_IDEMPOTENT_ONLY)

    def backoff(self, attempt):
        """Exponential back-off with jitter: between half and all of base * 2**attempt."""
        ceiling = min(self.cap, self.base * (2 ** attempt))
        return ceiling * (0.5 + self._rand() / 2)

    def delay(self, attempt, retry_after=None):
        """Seconds to wait before retry number ``attempt + 1``; Retry-After is a floor."""
        wait = self.backoff(attempt)
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait


def parse_retry_after(value):
    """Seconds from a Retry-After header (delta-seconds form); None when absent or unusable."""
    if value is None:
        return None
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return None  # HTTP-date form: not used by MongoDB; fall back to back-off
    return max(0.0, seconds)
