# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which source MongoDB versions push live migration accepts (sources: docs/push-migration-requirements.md)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# Cloud Manager-monitored sources: the first supported patch of each release series that needs one.
CLOUD_MANAGER_MINIMUM_PATCH = {(6, 0): 17, (7, 0): 13}


def _release(version):
    match = re.match(r'^(\d+)\.(\d+)(?:\.(\d+))?', str(version or ''))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def source_version_problem(source_kind, version, fcv):
    """(verdict, message): verdict ``supported``, ``deprecated``, ``unsupported`` or ``unknown``."""
    release = _release(version)
    if release is None:
        return 'unknown', 'Atlas reports no MongoDB version for this deployment; check it by hand.'
    series = release[:2]
    if fcv is not None and _release(fcv) is not None and _release(fcv)[:2] != series:
        return 'unsupported', ('runs MongoDB %s with featureCompatibilityVersion %s: finish the upgrade (set the FCV to %d.%d) '
                               'before migrating.' % (version, fcv, series[0], series[1]))
    if source_kind == 'ops_manager':
        if series >= (6, 0):
            return 'unsupported', ('runs MongoDB %s: push live migration from Ops Manager does not support MongoDB 6.0 or later; '
                                   'use mongosync-based live migration (pull) instead.' % version)
        return 'deprecated', 'runs MongoDB %s: push live migration from Ops Manager is deprecated for MongoDB 5.0 and earlier.' % version
    minimum = CLOUD_MANAGER_MINIMUM_PATCH.get(series)
    if series < (6, 0):
        return 'deprecated', 'runs MongoDB %s: push live migration of MongoDB 5.0 and earlier is deprecated.' % version
    if minimum is not None and release[2] < minimum:
        return 'unsupported', ('runs MongoDB %s: push live migration of deployments monitored by Cloud Manager needs %d.%d.%d or '
                               'later; upgrade the patch release first.' % (version, series[0], series[1], minimum))
    return 'supported', ''
