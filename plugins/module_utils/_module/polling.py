# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The polling loop of every wait (a migration job, a validation)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time


def poll(read, done, timeout, interval, first=None, sleep=time.sleep, clock=time.monotonic):
    """Call ``read()`` until ``done(value)`` is true; return (value, True), or (last value, False) after ``timeout`` seconds.

    ``first`` is a value read already (checked before the first wait). ``done`` may raise to stop
    early (a status that can never reach the goal).
    """
    deadline = clock() + timeout
    value = first
    while True:
        if value is None:
            value = read()
        if done(value):
            return value, True
        remaining = deadline - clock()
        if remaining <= 0:
            return value, False
        sleep(min(interval, remaining))
        value = None
