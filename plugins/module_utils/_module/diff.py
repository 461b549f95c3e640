# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The one diff shape of the collection's modules.

One item: ``{'before': {...}, 'after': {...}}``, two dicts with the same keys. Many items (one
module run over several organizations): a list of such dicts, each with ``before_header`` and
``after_header`` naming its item. Never a secret. runner.py attaches it in diff mode only.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def diff(before, after):
    return dict(before=before, after=after)


def item_diff(header, one):
    """``one`` (a diff) headed with the item it is about, for a list of diffs."""
    return dict(one, before_header=header, after_header=header)
