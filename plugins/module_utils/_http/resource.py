# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""What every API resource class shares: the client it sends with, and check mode."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class Resource:
    """One API resource over a Client. In check mode its reads are sent and its writes are not:
    each write returns what it would return (a prediction), so modules never branch on check mode
    to avoid a write."""

    def __init__(self, client, check_mode=False):
        self.client = client
        self.check_mode = check_mode
