# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The attributes every module documents: check mode and diff mode (each module adds its support and
details), and the action group it belongs to (meta/runtime.yml; antsibull-nox's action-groups check
keeps the two in step)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying the target.
  diff_mode:
    description: Returns details on what has changed (or would change in check mode).
'''

    ACTIONGROUP_ATLAS = r'''
attributes:
  action_group:
    description: Use C(group/livemigrate.mongodb.atlas) or C(group/livemigrate.mongodb.all) in C(module_defaults) to set
      defaults for this module.
    support: full
    membership:
      - livemigrate.mongodb.atlas
      - livemigrate.mongodb.all
'''

    ACTIONGROUP_OM = r'''
attributes:
  action_group:
    description: Use C(group/livemigrate.mongodb.om) or C(group/livemigrate.mongodb.all) in C(module_defaults) to set
      defaults for this module.
    support: full
    membership:
      - livemigrate.mongodb.om
      - livemigrate.mongodb.all
'''
