#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: link_lock
short_description: Take or release the link lock of a MongoDB Atlas organization on the controller
version_added: 0.1.0
description:
  - Makes runs on the same controller that link organizations to the same Atlas organization take turns, so that
    the second run reads the link status only after the first one has linked (and so creates no second
    link-token for an organization the first one links). The C(livemigrate.mongodb.link) role (and the campaign,
    which uses it) takes this lock around its status read, token creation and link, and releases it at the end,
    also when a task failed.
  - The lock is an OS lock (C(flock)) on the file C(ORG_ID.lock) in O(lock_dir), held by a small keeper process
    that this action starts on the controller. A module cannot hold a lock across tasks (a module run ends when
    it returns), nor can an action (each task runs in a worker process that ends with the task); the keeper holds
    it until the last host of the run releases it (O(state=unlocked)), or until the run's C(ansible-playbook)
    process is gone (checked five times a second, so a killed run, even with C(SIGKILL), releases it at once), or
    until the keeper itself is killed (the kernel drops the lock with its file descriptor).
  - The hosts of one run share the lock (one inventory host per organization, forks). The first host takes it,
    the others join; it is free again when the last of them released it.
  - B(Per controller and user.) Runs on other controllers (another AWX job container, a colleague's laptop) do
    not see this lock; see the link guide, "Two controllers at once".
  - This is an action that runs on the controller whatever C(delegate_to) says, and connects to no host.
author:
  - livemigrate.mongodb contributors (@livemigrate)
attributes:
  check_mode:
    support: full
    details:
      - The lock is taken and released in check mode too, so that a check run reads statuses another run is not
        changing.
  diff_mode:
    support: none
  action:
    description: Runs on the controller as an action plugin (whatever C(delegate_to) says); connects to no host.
    support: full
  platform:
    description: The controller's operating systems it works on.
    support: full
    platforms: posix
options:
  org_id:
    description:
      - ID of the Atlas organization (24 lowercase hexadecimal characters); it names the lock file.
    type: str
    required: true
  state:
    description:
      - V(locked) takes the lock, waiting up to O(timeout) seconds while another run holds it; a second host of
        the same run joins the lock this run holds.
      - V(unlocked) gives up this host's hold; the lock is free once every host of the run that took it gave it up.
        Releasing a lock the host does not hold is not an error.
    type: str
    choices: [locked, unlocked]
    default: locked
  lock_dir:
    description:
      - Directory of the lock files on the controller, made (mode C(0700)) when missing. Use a local file system; an
        C(flock) on a network file system may not be seen by other machines.
      - Runs lock each other out only when they use the same directory. The default is under the controller
        user's home, so runs of different users do not lock each other out; give them a directory they can all
        write to make them take turns as well.
    type: str
    default: ~/.ansible/tmp/livemigrate_mongodb_locks
  timeout:
    description:
      - Seconds to wait for another run to release the lock. After that the task fails, naming the Atlas
        organization, the lock file, the run that holds it and the variable to raise (C(link_lock_timeout) of the
        role). V(0) does not wait.
    type: int
    default: 600
notes:
  - While waiting, the task prints once which run holds the lock (its C(ansible-playbook) process ID, user,
    controller and since when).
  - The lock files stay in O(lock_dir); a lock file that no process holds locks nothing.
  - Only the run's processes on the controller are watched. When a run is killed, a module that one of its
    workers had already started may still finish its requests after the lock passed to the next run.
extends_documentation_fragment:
  - livemigrate.mongodb.attributes
seealso:
  - module: livemigrate.mongodb.atlas_link_token
  - module: livemigrate.mongodb.om_migration_link
'''

EXAMPLES = r'''
- name: Link with the modules directly, one run per Atlas organization at a time on this controller
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Take turns with other runs for this Atlas organization
      block:
        - name: Take the link lock
          livemigrate.mongodb.link_lock:
            org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
            timeout: 900

        - name: Read the status, create a token and link (see atlas_link_token)
          ansible.builtin.debug:
            msg: the linking tasks go here
      always:
        - name: Release the link lock
          livemigrate.mongodb.link_lock:
            org_id: 5f4b7c2e9d1a3b6c8e0f1a2b
            state: unlocked
'''

RETURN = r'''
lock_file:
  description: The lock file.
  returned: always
  type: str
  sample: /home/ops/.ansible/tmp/livemigrate_mongodb_locks/5f4b7c2e9d1a3b6c8e0f1a2b.lock
org_id:
  description: The Atlas organization.
  returned: always
  type: str
  sample: 5f4b7c2e9d1a3b6c8e0f1a2b
waited:
  description: Seconds this task waited for the lock.
  returned: with O(state=locked), when the lock was taken
  type: float
  sample: 12.4
shared:
  description: Whether another host of the same run held the lock already (this host joined it).
  returned: with O(state=locked), when the lock was taken
  type: bool
  sample: false
released:
  description: Whether this host held the lock and gave it up.
  returned: with O(state=unlocked)
  type: bool
  sample: true
msg:
  description: What was done; when the task waited, for which run.
  returned: always
  type: str
  sample: >-
    Took the link lock of Atlas organization 5f4b7c2e9d1a3b6c8e0f1a2b (lock file
    /home/ops/.ansible/tmp/livemigrate_mongodb_locks/5f4b7c2e9d1a3b6c8e0f1a2b.lock).
'''
