# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""The part every module's main() shares: build the AnsibleModule from the module's arguments
(arguments.py, connection.py), check inputs, create the client, call ``run(module, client)``, attach the diff in
diff mode, and turn typed errors into a clean failure (never a traceback)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.client import (
    Client, HAS_REQUESTS, REQUESTS_IMPORT_ERROR)
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import BatchError, LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import validate_connection


def with_diff(module, result, diff):
    """``result`` with ``diff`` attached when the task runs in diff mode and there is one (diff.py shape)."""
    if module._diff and diff is not None:
        result['diff'] = diff
    return result


def by_state(resource, item, present, absent):
    """``run(module, client)`` of a module with ``state: present|absent`` on one item (the option ``item``):
    ``present`` or ``absent`` called with the module, the resource (check mode passed on) and the item."""
    def run(module, client):
        ensure = present if module.params['state'] == 'present' else absent
        return ensure(module, resource(client, module.check_mode), module.params[item])
    return run


def run_module(arguments, run, validate=None):
    """``arguments``: a ModuleArguments; ``validate(module)`` checks the module's own options;
    ``run(module, client)`` returns ``(result, diff)``; client is None for a module without API family."""
    module = AnsibleModule(**arguments.module_kwargs())
    local = arguments.family is None  # calls no API (migration_state): no requests, no connection, no client
    if not local and not HAS_REQUESTS:
        hint = ' The modules run on the controller: install it there (pip install requests) or use an execution environment that has it.'
        module.fail_json(msg=missing_required_lib('requests') + hint, exception=REQUESTS_IMPORT_ERROR)
    client = None
    try:
        if validate:
            validate(module)
        if not local:
            connection = validate_connection(module.params, arguments.family)
            if not connection.get('validate_certs', True):
                module.warn('validate_certs=false: the TLS certificate of %s is not verified.' % connection['base_url'])
            client = Client(warn=module.warn, **connection)
        result = with_diff(module, *run(module, client))
    except LiveMigrateError as exc:
        redact = client.redact if client else (lambda value: value)
        failure = with_diff(module, redact(exc.to_result()), exc.diff if isinstance(exc, BatchError) else None)
        module.fail_json(msg=redact(str(exc)), **failure)
    finally:
        if client:
            client.close()
    module.exit_json(**result)
