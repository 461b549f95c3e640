#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: om_agent_api_key_info
short_description: List the agent API keys of a Cloud Manager / Ops Manager project
version_added: 0.1.0
description:
  - Lists the agent API keys of a Cloud Manager or Ops Manager project with their ID, description and creation time.
    Keys are shown masked (their last four characters), as the service shows them after their creation.
author:
  - livemigrate.mongodb contributors (@livemigrate)
extends_documentation_fragment:
  - livemigrate.mongodb.om_api
  - livemigrate.mongodb.connection
  - livemigrate.mongodb.attributes
  - livemigrate.mongodb.attributes.actiongroup_om
attributes:
  check_mode:
    support: full
    details:
      - The module only reads.
  diff_mode:
    support: none
options:
  project_id:
    description: ID of the Cloud Manager / Ops Manager project (24 hexadecimal characters).
    type: str
    required: true
notes:
  - The API key needs the Project Read Only role in the project.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.om_agent_api_key
  - name: Get All Agent API Keys for One Project (Cloud Manager API)
    description: The API this module calls.
    link: https://www.mongodb.com/docs/cloud-manager/reference/api/agentapikeys/get-all-agent-api-keys-for-project/
'''

EXAMPLES = r'''
- name: List the agent API keys of the source project
  livemigrate.mongodb.om_agent_api_key_info:
    base_url: https://cloud.mongodb.com
    public_key: "{{ cm_public_key }}"
    private_key: "{{ vault_cm_private_key }}"
    project_id: 6a1b2c3d4e5f60718293a4c1
  register: agent_keys
  delegate_to: localhost
'''

RETURN = r'''
agent_keys:
  description: The project's agent API keys.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the key.
      type: str
      sample: 6a1b2c3d4e5f60718293a4ff
    desc:
      description: Its description.
      type: str
      sample: migration host mh1.example.com
    created:
      description: When it was created (ISO 8601, UTC), as the service says.
      type: str
      sample: '2026-12-01T22:01:21Z'
    masked_key:
      description: Its last four characters behind C(****).
      type: str
      sample: '****e8f9'
project_id:
  description: The project.
  returned: always
  type: str
  sample: 6a1b2c3d4e5f60718293a4c1
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.agent_api_keys import AgentApiKeys
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id


def validate(module):
    validate_object_id(module.params['project_id'], 'project_id', 'a project id')


def run(module, client):
    project_id = module.params['project_id']
    return dict(changed=False, project_id=project_id, agent_keys=AgentApiKeys(client).list(project_id)), None


def main():
    run_module(arguments.om_agent_api_key_info(), run, validate=validate)


if __name__ == '__main__':
    main()
