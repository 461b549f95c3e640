# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: connection_options
short_description: Connection options without the ones left unset, for module_defaults
version_added: 0.1.0
author:
  - livemigrate.mongodb contributors (@livemigrate)
description:
  - Returns the connection options of one side (C(base_url), C(public_key), C(client_id), ...) without the keys whose
    value is V(null), so that C(module_defaults) passes only the options that are set and the modules' environment
    variables (C(MONGODB_ATLAS_*), C(MONGODB_OM_*)) and defaults still apply to the others.
  - The roles use it for C(link_atlas), C(link_om) and C(migrate_atlas).
options:
  _input:
    description: The connection options, or V(null) (no options).
    type: dict
    required: true
'''

EXAMPLES = r'''
- name: Atlas settings from a dictionary, the service account from the environment
  module_defaults:
    group/livemigrate.mongodb.atlas: "{{ link_atlas | livemigrate.mongodb.connection_options }}"
  livemigrate.mongodb.atlas_link_token:
    org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
  vars:
    link_atlas: {base_url: https://cloud.mongodb.com, client_id: null, timeout: 60}
  # module_defaults gets {base_url: https://cloud.mongodb.com, timeout: 60}
'''

RETURN = r'''
_value:
  description: The options whose value is not V(null); an empty dictionary for V(null) input.
  type: dict
'''

from ansible.errors import AnsibleFilterError


def connection_options(options):
    if not options:  # null, or an empty value: no options
        return {}
    if not isinstance(options, dict):
        raise AnsibleFilterError('connection options must be a dictionary (base_url, public_key, ...), got %s.' % (
            type(options).__name__))
    return dict((key, value) for key, value in options.items() if value is not None)


class FilterModule(object):
    def filters(self):
        return {'connection_options': connection_options}
