#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: om_agent_api_key
short_description: Create or remove an agent API key of a Cloud Manager / Ops Manager project
version_added: 0.1.0
description:
  - Manages the agent API keys of a Cloud Manager or Ops Manager project, the keys a MongoDB Agent (for example the agent
    of a migration host) authenticates with (C(mmsApiKey) of its configuration).
  - A key is found again by its description. With O(state=present), a key with the description O(description) is
    kept (one read, no write); otherwise one is created and returned once in RV(key). The service shows the full key in
    the answer to its creation only; later reads show its last four characters.
  - With O(state=absent), removes every key with that description, or the key O(key_id). Removing a key that does not
    exist is not an error.
  - To rotate a key, run the module with O(state=absent), then with O(state=present) and the same description, write the
    new RV(key) into the agent configuration and restart the agent. Agents that still use the old key stop
    authenticating as soon as it is removed, so do it on each host in turn (or create the new key under another
    description first, switch the agents over, then remove the old one).
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
      - Check mode lists the keys of the project and sends nothing else; RV(key) is then V(null).
  diff_mode:
    support: full
    details:
      - The diff shows C(agent_keys), the keys with the description (or id) before and after as C({id, desc}) entries;
        never a key.
options:
  project_id:
    description:
      - ID of the Cloud Manager / Ops Manager project (24 hexadecimal characters), for a migration host the source
        project.
    type: str
    required: true
  description:
    description:
      - The key's description (its C(desc), at most 1,000 characters), by which the module finds it again.
      - Required with O(state=present). With O(state=absent), every key with this description is removed.
      - Not with O(key_id).
    type: str
  key_id:
    description:
      - With O(state=absent), the ID of the one key to remove (24 hexadecimal characters), whatever its description.
    type: str
  state:
    description:
      - V(present) makes sure a key with the description O(description) exists.
      - V(absent) removes the keys with that description, or the key O(key_id).
    type: str
    choices: [present, absent]
    default: present
notes:
  - >-
    On ansible-core 2.22 and later the module registers the agent API key it returns with Ansible, which then masks it
    wherever it would show (C(-vvvv), C(debug), a registered result printed by mistake) while the next task still
    receives the real value. On older ansible-core there is no such registry: set C(no_log) to V(true) on the task
    and on every task that prints or passes on the registered result.
  - The modules talk to the API from the host they run on. Run them on the controller (with C(delegate_to=localhost) or
    C(connection=local)), which needs the Python library C(requests).
  - Creating and removing keys needs the Project Owner role in the project; listing needs Project Read Only.
  - RV(key) is a secret. Use C(no_log=true) on the task that creates it and on every task that uses it.
  - Agent API keys are not the programmatic API keys of O(public_key) and O(private_key); they only let agents
    authenticate.
requirements:
  - requests >= 2.25
seealso:
  - module: livemigrate.mongodb.om_agent_api_key_info
  - name: Create One Agent API Key (Cloud Manager API)
    description: The API this module calls to create a key.
    link: https://www.mongodb.com/docs/cloud-manager/reference/api/agentapikeys/create-one-agent-api-key/
  - name: Manage Agent API Keys (Ops Manager)
    description: What agent API keys are and how agents use them.
    link: https://www.mongodb.com/docs/ops-manager/current/tutorial/manage-agent-api-key/
'''

EXAMPLES = r'''
- name: Give a migration host its agent API key
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/livemigrate.mongodb.om:
      base_url: https://cloud.mongodb.com
      public_key: "{{ cm_public_key }}"
      private_key: "{{ vault_cm_private_key }}"
  tasks:
    - name: Make sure the key exists (created on the first run only)
      livemigrate.mongodb.om_agent_api_key:
        project_id: 6a1b2c3d4e5f60718293a4c1
        description: migration host mh1.example.com
      register: agent_key
      no_log: true

    - name: Write it into the agent configuration (only when it was just created)
      ansible.builtin.lineinfile:
        path: /etc/mongodb-mms/automation-agent.config
        regexp: '^mmsApiKey='
        line: "mmsApiKey={{ agent_key.key }}"
        mode: '0600'
      delegate_to: mh1.example.com
      become: true
      when: agent_key.key is not none
      no_log: true

- name: Rotate the key - remove it, create a new one, then restart the agent with it
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Remove the old key
      livemigrate.mongodb.om_agent_api_key:
        project_id: 6a1b2c3d4e5f60718293a4c1
        description: migration host mh1.example.com
        state: absent

    - name: Create the new one
      livemigrate.mongodb.om_agent_api_key:
        project_id: 6a1b2c3d4e5f60718293a4c1
        description: migration host mh1.example.com
      register: agent_key
      no_log: true

- name: Remove one key by its id
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Remove
      livemigrate.mongodb.om_agent_api_key:
        project_id: 6a1b2c3d4e5f60718293a4c1
        key_id: 6a1b2c3d4e5f60718293a4ff
        state: absent
'''

RETURN = r'''
key:
  description:
    - The full agent API key, only when the task created it (V(null) otherwise, and in check mode). A secret, so use
      C(no_log=true) on the task. The service never shows it again.
  returned: with O(state=present)
  type: str
  sample: 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
id:
  description: ID of the key with the description (the new one, or the one kept). V(null) in check mode when it would be created.
  returned: with O(state=present)
  type: str
  sample: 6a1b2c3d4e5f60718293a4ff
desc:
  description: Description of that key.
  returned: with O(state=present)
  type: str
  sample: migration host mh1.example.com
created:
  description: When that key was created (ISO 8601, UTC), as the service says.
  returned: with O(state=present), when known
  type: str
  sample: '2026-12-01T22:01:21Z'
masked_key:
  description: The last four characters of that key behind C(****); not a secret.
  returned: with O(state=present), when known
  type: str
  sample: '****e8f9'
removed:
  description: The keys removed (or that would be removed in check mode), each C({id, desc}).
  returned: with O(state=absent)
  type: list
  elements: dict
  sample: [{id: 6a1b2c3d4e5f60718293a4ff, desc: migration host mh1.example.com}]
project_id:
  description: The project.
  returned: always
  type: str
  sample: 6a1b2c3d4e5f60718293a4c1
msg:
  description: What was done, or what would be done in check mode. Never the key.
  returned: always
  type: str
  sample: Created agent API key 6a1b2c3d4e5f60718293a4ff (migration host mh1.example.com) in project 6a1b2c3d4e5f60718293a4c1.
'''

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.diff import diff
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.agent_api_keys import AgentApiKeys
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.runner import by_state, run_module
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_agent_api_key


def validate(module):
    validate_agent_api_key(module.params)


def _ids(keys):
    """What a diff may show of keys: id and description, never a key."""
    return [dict(id=key['id'], desc=key['desc']) for key in keys]


def present(module, keys, project_id):
    description = module.params['description']
    found = [key for key in keys.list(project_id) if key['desc'] == description]
    if found:
        kept = found[0]
        if len(found) > 1:
            module.warn('Project %s has %d agent API keys described %r; the module keeps them and returns the first (%s).'
                        % (project_id, len(found), description, kept['id']))
        result = dict(changed=False, project_id=project_id, key=None, msg='Agent API key %s (%s) exists in project %s.' % (
            kept['id'], description, project_id), **kept)
        return result, diff(dict(agent_keys=_ids(found)), dict(agent_keys=_ids(found)))
    made = keys.create(project_id, description)
    if made is None:  # check mode
        result = dict(changed=True, project_id=project_id, key=None, id=None, desc=description,
                      msg='Would create an agent API key (%s) in project %s (check mode).' % (description, project_id))
        return result, diff(dict(agent_keys=[]), dict(agent_keys=[dict(id=None, desc=description)]))
    result = dict(changed=True, project_id=project_id, msg='Created agent API key %s (%s) in project %s.' % (
        made['id'], description, project_id), **made)
    return result, diff(dict(agent_keys=[]), dict(agent_keys=_ids([made])))


def absent(module, keys, project_id):
    key_id, description = module.params['key_id'], module.params['description']
    listed = keys.list(project_id)
    doomed = [key for key in listed if (key['id'] == key_id if key_id else key['desc'] == description)]
    removed = [key for key in doomed if keys.delete(project_id, key['id'])]
    what = 'agent API key %s' % key_id if key_id else 'agent API keys described %r' % description
    if not removed:
        msg = 'Project %s has no %s.' % (project_id, what)
    elif keys.check_mode:
        msg = 'Would remove %d %s from project %s (check mode).' % (len(removed), what, project_id)
    else:
        msg = 'Removed %d %s from project %s.' % (len(removed), what, project_id)
    result = dict(changed=bool(removed), project_id=project_id, removed=_ids(removed), msg=msg)
    remaining = [key for key in doomed if key not in removed]
    return result, diff(dict(agent_keys=_ids(doomed)), dict(agent_keys=_ids(remaining)))


run = by_state(AgentApiKeys, 'project_id', present, absent)


def main():
    run_module(arguments.om_agent_api_key(), run, validate=validate)


if __name__ == '__main__':
    main()
