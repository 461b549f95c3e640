# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Which source MongoDB versions push live migration accepts.

The rule table of the pre-flight check: VERSION_RULES and FCV_RULES are the tables of
docs/push-migration-requirements.md, section 7 (same ids, ranges, verdicts and messages, with the MongoDB sources
there); tests/unit/plugins/module_utils/test_source_versions.py compares this file with that document and with the
campaign guide, so change all three together. Atlas's own validation runs after these checks and stays the final word.

Verdicts: ``supported`` (passes), ``deprecated`` (a warning: a path MongoDB calls legacy or deprecated),
``unknown`` (a warning: MongoDB's pages do not settle it, Atlas validation decides) and ``unsupported`` (a problem:
the pre-flight stops the deployment).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from collections import namedtuple

SUPPORTED = 'supported'
DEPRECATED = 'deprecated'
UNKNOWN = 'unknown'
UNSUPPORTED = 'unsupported'
# What the pre-flight makes of each verdict (the doc's "severity" column).
SEVERITY = {SUPPORTED: 'ok', DEPRECATED: 'warn', UNKNOWN: 'warn', UNSUPPORTED: 'fail'}

# manager: cloud_manager | ops_manager | any; topology: sharded | replica_set | any.
# version_range: ``none`` (no version reported), ``rapid`` (major >= 5 and minor != 0) or bounds ``>= X.Y.Z`` and
# ``< X.Y.Z`` joined by commas, all of which must hold. message: str.format template ({version}).
VersionRule = namedtuple('VersionRule', 'id manager topology version_range verdict message source')
# Applied in order to a V05/V06 match that has an FCV; check: the name of a predicate of _FCV_CHECKS.
# message: template ({version}, {fcv}, {series}: the version's major.minor).
FcvRule = namedtuple('FcvRule', 'id check verdict message source')

# First match wins.
VERSION_RULES = (
    VersionRule('V00', 'any', 'any', 'none', UNKNOWN,
                'Atlas reports no MongoDB version for this deployment; Atlas validation decides.',
                'API spec'),
    VersionRule('V01', 'any', 'any', 'rapid', UNSUPPORTED,
                'runs MongoDB {version}, a rapid release: push live migration supports none (only 6.0.17+ and 7.0.13+).',
                '[A1], [M1]'),
    VersionRule('V02', 'ops_manager', 'any', '>= 6.0.0', UNSUPPORTED,
                'runs MongoDB {version}: push live migration from Ops Manager does not support MongoDB 6.0 or later. '
                'Monitor the deployment with Cloud Manager and push from there, or use live migration (pull) or mongosync.',
                '[O1], [O2]'),
    VersionRule('V03', 'ops_manager', 'sharded', '< 6.0.0', UNSUPPORTED,
                'is a sharded cluster on MongoDB {version}: legacy push live migration (Ops Manager, before 6.0) supports '
                'replica sets only.',
                '[A4], [A5]'),
    VersionRule('V04', 'ops_manager', 'replica_set', '>= 4.4.0, < 6.0.0', DEPRECATED,
                'runs MongoDB {version}: push live migration from Ops Manager is deprecated for MongoDB 5.0 and earlier '
                '(legacy push, mongomirror).',
                '[O1], [O2]'),
    VersionRule('V05', 'cloud_manager', 'any', '>= 6.0.17, < 6.1.0', SUPPORTED, '', '[A1], [A2]'),
    VersionRule('V06', 'cloud_manager', 'any', '>= 7.0.13, < 7.1.0', SUPPORTED, '', '[A1], [A2]'),
    VersionRule('V07', 'cloud_manager', 'any', '>= 8.0.0', UNKNOWN,
                'runs MongoDB {version}: the push live migration paths MongoDB lists stop at 7.0 (6.0.17 and 7.0.13); '
                'Atlas validation decides.',
                '[A1], [A7], [M1]'),
    VersionRule('V08', 'cloud_manager', 'any', '>= 7.0.0, < 7.0.13', UNSUPPORTED,
                'runs MongoDB {version}: push live migration of Cloud Manager-monitored 7.0 deployments needs 7.0.13 or '
                'later; upgrade the patch release first.',
                '[A1]'),
    VersionRule('V09', 'cloud_manager', 'sharded', '>= 4.4.0, < 6.0.17', UNSUPPORTED,
                'is a sharded cluster on MongoDB {version}: push live migration of sharded clusters needs 6.0.17+ or '
                '7.0.13+ (legacy push is replica sets only); upgrade first.',
                '[A4], [A5]'),
    VersionRule('V10', 'cloud_manager', 'replica_set', '>= 4.4.0, < 6.0.17', DEPRECATED,
                'runs MongoDB {version}: before 6.0.17 only the legacy push (mongomirror, replica sets, to a 6.0.17+ '
                'destination) applies; upgrade to 6.0.17+ or 7.0.13+ for the current push migration.',
                '[A4], [C1], [C2]'),
    VersionRule('V11', 'any', 'any', '< 4.4.0', UNSUPPORTED,
                'runs MongoDB {version}: no push live migration path is documented before 4.4.',
                '[C2] (by omission)'),
)

FCV_RULES = (
    FcvRule('F01', 'fcv_at_least_6_0', UNSUPPORTED,
            'runs MongoDB {version} with featureCompatibilityVersion {fcv}: push live migration needs FCV 6.0 or later.',
            '[A1] (6.0.8 ed.), [M1]'),
    FcvRule('F04', 'fcv_matches_binary', UNKNOWN,
            'runs MongoDB {version} with featureCompatibilityVersion {fcv}, behind its binary: mongosync accepts it, '
            'MongoDB does not say whether Atlas does; Atlas validation decides. Set the FCV to {series} before migrating '
            'if you can (it must not change while the migration runs).',
            '[A1], [M1]'),
)

# The version rules whose matches the FCV rules check.
FCV_CHECKED = ('V05', 'V06')

_BOUND = re.compile(r'^\s*(>=|<)\s*(\d+\.\d+\.\d+)\s*$')


def _release(version):
    """(major, minor, patch) of a version string (suffixes such as ``-ent`` dropped), or None."""
    match = re.match(r'^(\d+)\.(\d+)(?:\.(\d+))?', str(version or ''))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def _series(release):
    return '%d.%d' % release[:2]


def in_range(release, version_range):
    """Whether ``release`` (a tuple, or None for "no version") is inside ``version_range`` (VersionRule syntax)."""
    if version_range == 'none':
        return release is None
    if release is None:
        return False
    if version_range == 'rapid':
        return release[0] >= 5 and release[1] != 0
    for bound in version_range.split(','):
        match = _BOUND.match(bound)
        if not match:
            raise ValueError('version range %r: %r is not ">= X.Y.Z" or "< X.Y.Z"' % (version_range, bound))
        limit = _release(match.group(2))
        if (release < limit) if match.group(1) == '>=' else (release >= limit):
            return False
    return True


def _applies(rule, source_kind, sharded):
    return (rule.manager in ('any', source_kind)
            and rule.topology in ('any', 'sharded' if sharded else 'replica_set'))


_FCV_CHECKS = {
    'fcv_at_least_6_0': lambda release, fcv_release: fcv_release[:2] >= (6, 0),
    'fcv_matches_binary': lambda release, fcv_release: fcv_release[:2] == release[:2],
}


def matching_rules(source_kind, version, fcv=None, sharded=False):
    """(version rule, FCV rule or None) that decide for this deployment; ``source_kind`` is cloud_manager or ops_manager."""
    if source_kind not in ('cloud_manager', 'ops_manager'):
        raise ValueError('source_kind %r is not cloud_manager or ops_manager' % (source_kind,))
    release = _release(version)
    rule = next(one for one in VERSION_RULES if _applies(one, source_kind, sharded) and in_range(release, one.version_range))
    fcv_release = _release(fcv)
    if rule.id not in FCV_CHECKED or fcv_release is None:
        return rule, None
    failed = next((one for one in FCV_RULES if not _FCV_CHECKS[one.check](release, fcv_release)), None)
    return rule, failed


def source_version_problem(source_kind, version, fcv=None, sharded=False):
    """(verdict, message): verdict ``supported``, ``deprecated`` (a warning), ``unknown`` (a warning) or ``unsupported``.

    The message ends with the id of the rule that decided (docs/push-migration-requirements.md); it is empty for
    ``supported``."""
    rule, fcv_rule = matching_rules(source_kind, version, fcv, sharded)
    decided = fcv_rule or rule
    if decided.verdict == SUPPORTED:
        return SUPPORTED, ''
    release = _release(version)
    message = decided.message.format(version=version, fcv=fcv, series=_series(release) if release else '')
    return decided.verdict, '%s (rule %s)' % (message, decided.id)
