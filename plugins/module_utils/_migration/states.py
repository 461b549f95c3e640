# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The statuses of a live migration that the collection decides on, defined once.

Atlas's own statuses (LiveMigrationResponse.status) plus NOT_FOUND, the collection's word for a recorded
migration Atlas answers 404 for (forgotten, or never there).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

COMPLETE = 'COMPLETE'
FAILED = 'FAILED'
EXPIRED = 'EXPIRED'
NOT_FOUND = 'NOT_FOUND'
# A migration in one of these will never complete: only a new start (asked for explicitly) moves on.
ENDED = (FAILED, EXPIRED, NOT_FOUND)
