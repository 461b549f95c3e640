# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""What every Cloud Manager / Ops Manager public API v1.0 call shares: the path prefix."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

API_PREFIX = '/api/public/v1.0'
