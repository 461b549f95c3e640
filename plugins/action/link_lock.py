# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""livemigrate.mongodb.link_lock: take or release the link lock of an Atlas organization, on the controller.

Runs in the task's worker process, whose parent is the run's ansible-playbook process: that process owns the
lock (plugins/plugin_utils/link_lock.py explains the keeper process that holds it). Connects to no host.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.livemigrate.mongodb.plugins.plugin_utils import link_lock

display = Display()

# The default lock directory: under the controller user's ~/.ansible/tmp (documented in the module and the role).
DEFAULT_LOCK_DIR = '~/.ansible/tmp/livemigrate_mongodb_locks'

ARGUMENT_SPEC = dict(
    org_id=dict(type='str', required=True),
    state=dict(type='str', default='locked', choices=['locked', 'unlocked']),
    lock_dir=dict(type='str', default=DEFAULT_LOCK_DIR),
    timeout=dict(type='int', default=600),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _VALID_ARGS = frozenset(ARGUMENT_SPEC)

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        del validation
        org_id, timeout = args['org_id'], args['timeout']
        lock_dir = os.path.abspath(os.path.expanduser(args['lock_dir'] or DEFAULT_LOCK_DIR))
        host = (task_vars or {}).get('inventory_hostname') or 'localhost'
        # The worker's parent: the run's ansible-playbook process, whose end releases the lock.
        run_pid = os.getppid()
        result.update(changed=False, org_id=org_id, lock_file=link_lock.lock_file(lock_dir, org_id))
        try:
            link_lock.check_org_id(org_id)
            if timeout < 0:
                raise ValueError('timeout: %d is negative: give the seconds to wait, 0 not to wait.' % timeout)
            if args['state'] == 'unlocked':
                released = link_lock.release(lock_dir, org_id, run_pid, host)
                result.update(released=released, msg=(
                    'Released the link lock of Atlas organization %s.' % org_id if released else
                    'This run held no link lock of Atlas organization %s for %s.' % (org_id, host)))
                return result
            taken = link_lock.acquire(lock_dir, org_id, run_pid, host, timeout, on_wait=display.display)
        except link_lock.LockError as exc:
            result.update(failed=True, msg=to_native(exc))
            return result
        except (OSError, ValueError) as exc:
            result.update(failed=True, msg='The link lock of Atlas organization %s in %s: %s' % (org_id, lock_dir, to_native(exc)))
            return result
        result.update(waited=taken['waited'], shared=taken['shared'])
        if taken['holder']:
            result['msg'] = ('Took the link lock of Atlas organization %s after waiting %s; %s held it. Lock file: %s.' % (
                org_id, link_lock.seconds(taken['waited']), link_lock.describe_holder(taken['holder']), taken['lock_file']))
        elif taken['shared']:
            result['msg'] = 'This run holds the link lock of Atlas organization %s already (lock file %s).' % (
                org_id, taken['lock_file'])
        else:
            result['msg'] = 'Took the link lock of Atlas organization %s (lock file %s).' % (org_id, taken['lock_file'])
        return result
