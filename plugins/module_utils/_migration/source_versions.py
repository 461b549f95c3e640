# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Which source MongoDB versions push live migration accepts.

The rules of docs/push-migration-requirements.md (its rule table, V01-V11 and F01/F04), with their
sources there. Atlas's own validation runs after these checks and stays the final word.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# Cloud Manager-monitored sources on the current (mongosync) push path: release series -> first patch.
CURRENT_PUSH_MINIMUM = {(6, 0): 17, (7, 0): 13}


def _release(version):
    match = re.match(r'^(\d+)\.(\d+)(?:\.(\d+))?', str(version or ''))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def _series(release):
    return '%d.%d' % release[:2]


def source_version_problem(source_kind, version, fcv=None, sharded=False):
    """(verdict, message): verdict ``supported``, ``deprecated`` (a warning), ``unknown`` (a warning) or ``unsupported``."""
    release = _release(version)
    if release is None:
        return 'unknown', 'Atlas reports no MongoDB version for this deployment; Atlas validation decides.'
    if release[0] >= 5 and release[1] != 0:                                        # V01
        return 'unsupported', 'runs MongoDB %s, a rapid release: push live migration supports none.' % version
    if release < (4, 4, 0):                                                        # V11
        return 'unsupported', 'runs MongoDB %s: no push live migration path exists before 4.4.' % version
    if source_kind == 'ops_manager':
        if release >= (6, 0, 0):                                                   # V02
            return 'unsupported', ('runs MongoDB %s: push live migration from Ops Manager does not support MongoDB 6.0 or '
                                   'later. Monitor the deployment with Cloud Manager and push from there, or use live '
                                   'migration (pull).' % version)
        if sharded:                                                                # V03
            return 'unsupported', ('is a sharded cluster on MongoDB %s: legacy push live migration (Ops Manager, before '
                                   '6.0) supports replica sets only.' % version)
        return 'deprecated', ('runs MongoDB %s: push live migration from Ops Manager is deprecated for MongoDB 5.0 and '
                              'earlier (legacy push).' % version)                  # V04
    minimum = CURRENT_PUSH_MINIMUM.get(release[:2])
    if minimum is not None and release[2] >= minimum:                              # V05, V06
        return _fcv_problem(version, release, fcv)
    if release >= (8, 0, 0):                                                       # V07 (uncertain: see the doc)
        return 'unknown', ('runs MongoDB %s: MongoDB does not document push live migration of 8.0 or later sources yet; '
                           'Atlas validation decides.' % version)
    if release >= (7, 0, 0):                                                       # V08
        return 'unsupported', ('runs MongoDB %s: push live migration of Cloud Manager-monitored 7.0 deployments needs 7.0.13 '
                               'or later; upgrade the patch release first.' % version)
    if sharded:                                                                    # V09
        return 'unsupported', ('is a sharded cluster on MongoDB %s: push live migration of sharded clusters needs 6.0.17+ or '
                               '7.0.13+; upgrade first.' % version)
    return 'deprecated', ('runs MongoDB %s: before 6.0.17 only the legacy push (replica sets, deprecated) applies; upgrade '
                          'to 6.0.17+ or 7.0.13+ for the current push migration.' % version)  # V10


def _fcv_problem(version, release, fcv):
    fcv_release = _release(fcv)
    if fcv_release is None:
        return 'supported', ''
    if fcv_release[:2] < (6, 0):                                                   # F01
        return 'unsupported', ('runs MongoDB %s with featureCompatibilityVersion %s: push live migration needs FCV 6.0 or '
                               'later.' % (version, fcv))
    if fcv_release[:2] != release[:2]:                                             # F04
        return 'deprecated', ('runs MongoDB %s with featureCompatibilityVersion %s: the FCV lags the binary; the destination '
                              'must have the same FCV (set it to %s before migrating if you can).' % (
                                  version, fcv, _series(release)))
    return 'supported', ''
