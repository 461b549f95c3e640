# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What more than one of the campaign's filter files decides (plugins/filter/campaign_*.py), defined once:
whether a record holds a started migration, the cutover window, and the kind of source (Cloud Manager or
Ops Manager).

Errors are InputError naming the campaign variable; the filters turn them into AnsibleFilterError.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

from urllib.parse import urlsplit

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError

CLOUD_MANAGER = 'cloud_manager'
OPS_MANAGER = 'ops_manager'
SOURCE_KINDS = {CLOUD_MANAGER: 'Cloud Manager', OPS_MANAGER: 'Ops Manager'}
CLOUD_MANAGER_HOSTS = ('cloud.mongodb.com', 'cloud-qa.mongodb.com')


def started(record):
    """Whether a migration record names a migration Atlas started (it has an id)."""
    return bool(record and record.get('id'))


def resolve_source_kind(om, kind=''):
    """cloud_manager or ops_manager: ``kind`` when given, else the kind the Cloud/Ops Manager base URL suggests
    (``om``: campaign_om; cloud.mongodb.com or none is Cloud Manager)."""
    if kind:
        if kind not in SOURCE_KINDS:
            raise InputError('campaign_source_kind', '%r must be cloud_manager or ops_manager.' % (kind,))
        return kind
    base_url = (om or {}).get('base_url') or ''
    host = (urlsplit(base_url if '://' in base_url else '//' + base_url).hostname or '').lower()
    return CLOUD_MANAGER if not base_url or host in CLOUD_MANAGER_HOSTS else OPS_MANAGER


def _minutes(text, option):
    try:
        hours, minutes = [int(part) for part in str(text).split(':')]
        if not (0 <= hours < 24 and 0 <= minutes < 60):
            raise ValueError
    except ValueError:
        raise InputError('campaign_cutover_window.%s' % option, '%r is not a time HH:MM (UTC).' % (text,))
    return hours * 60 + minutes


def window_open(window, now=None):
    """Whether a cutover may start now: no window, or now (UTC) inside [start, end), which may wrap midnight.

    ``now``: a datetime or an ISO 8601 text (UTC); default the current time.
    """
    if not window:
        return True
    if not isinstance(window, dict) or set(window) - {'start', 'end'} or not {'start', 'end'} <= set(window):
        raise InputError('campaign_cutover_window', '%r must be {start: "HH:MM", end: "HH:MM"} (UTC).' % (window,))
    start, end = _minutes(window['start'], 'start'), _minutes(window['end'], 'end')
    moment = now or datetime.datetime.now(datetime.timezone.utc)
    if isinstance(moment, str):
        moment = datetime.datetime.strptime(moment[:16], '%Y-%m-%dT%H:%M')
    current = moment.hour * 60 + moment.minute
    if start <= end:
        return start <= current < end
    return current >= start or current < end
