# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What more than one of the campaign's filter files decides (plugins/filter/campaign_*.py), defined once:
whether a record holds a started migration, the cutover window, and the kind of source (Cloud Manager or
Ops Manager) with why it was assumed.

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
SET_SOURCE_KIND = 'set campaign_source_kind (cloud_manager or ops_manager) to say which.'


def started(record):
    """Whether a migration record names a migration Atlas started (it has an id)."""
    return bool(record and record.get('id'))


def resolve_source_kind(om, kind=''):
    """(kind, why): ``kind`` when given (why is None), else the kind the Cloud/Ops Manager base URL suggests
    (``om``: campaign_om) and a sentence saying it was assumed, why, and how to say which."""
    if kind:
        if kind not in SOURCE_KINDS:
            raise InputError('campaign_source_kind', '%r must be cloud_manager or ops_manager.' % (kind,))
        return kind, None
    base_url = (om or {}).get('base_url') or ''
    if not base_url:
        return CLOUD_MANAGER, ('Assumed Cloud Manager because campaign_om sets no base_url (one from the environment, '
                               'MONGODB_OM_BASE_URL, is not looked at); %s' % SET_SOURCE_KIND)
    parts = urlsplit(base_url if '://' in base_url else '//' + base_url)
    host = (parts.hostname or '').lower()
    # Shown without what a URL could carry besides the server (user:key@, a path).
    shown = '%s%s' % (parts.scheme + '://' if parts.scheme else '', parts.netloc.rsplit('@', 1)[-1])
    if host in CLOUD_MANAGER_HOSTS:
        return CLOUD_MANAGER, "Assumed Cloud Manager because base_url %s is Cloud Manager's; %s" % (shown, SET_SOURCE_KIND)
    return OPS_MANAGER, 'Assumed Ops Manager because base_url %s is not cloud.mongodb.com; %s' % (shown, SET_SOURCE_KIND)


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
