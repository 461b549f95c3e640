# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one timestamp format of records, state and reports: ISO 8601 in UTC with 'Z', whole seconds."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime
import re

FORMAT = '%Y-%m-%dT%H:%M:%SZ'
# What the collection accepts back (a record written by hand may carry a fraction): 2026-12-01T22:01:21Z.
TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z\Z')


def format_utc(moment):
    """A timezone-aware datetime as a timestamp."""
    return moment.astimezone(datetime.timezone.utc).strftime(FORMAT)


def utc_now(now=None):
    """``now`` when given (tests, one stamp for a whole run), else the current time."""
    return now or format_utc(datetime.datetime.now(datetime.timezone.utc))


def is_timestamp(value):
    return isinstance(value, str) and TIMESTAMP_RE.match(value) is not None
