# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The part every module's main() shares: build the AnsibleModule with the connection
options of its API family, check inputs and requests, create the client, call
``run(module, client)`` and turn typed errors into a clean failure (never a traceback)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.livemigrate.mongodb.plugins.module_utils.client import (
    Client, HAS_REQUESTS, REQUESTS_IMPORT_ERROR)
from ansible_collections.livemigrate.mongodb.plugins.module_utils.errors import LiveMigrateError
from ansible_collections.livemigrate.mongodb.plugins.module_utils.options import (
    connection_argument_spec, validate_connection)


def run_module(family, argument_spec, run, validate=None, **module_kwargs):
    """``validate(module)`` checks the module's own options; ``run`` returns the result dict."""
    spec = connection_argument_spec(family)
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **module_kwargs)
    if not HAS_REQUESTS:
        hint = ' The modules run on the controller: install it there (pip install requests) or use an execution environment that has it.'
        module.fail_json(msg=missing_required_lib('requests') + hint, exception=REQUESTS_IMPORT_ERROR)
    client = None
    try:
        if validate:
            validate(module)
        connection = validate_connection(module.params, family)
        if not connection.get('validate_certs', True):
            module.warn('validate_certs=false: the TLS certificate of %s is not verified.' % connection['base_url'])
        client = Client(warn=module.warn, **connection)
        result = run(module, client)
    except LiveMigrateError as exc:
        redact = client.redact if client else (lambda value: value)
        module.fail_json(msg=redact(str(exc)), **redact(exc.to_result()))
    finally:
        if client:
            client.close()
    module.exit_json(**result)
