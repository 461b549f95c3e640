# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options both API families share: TLS, timeout and retries (module_utils/_module/connection.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  validate_certs:
    description:
      - Verify the server's TLS certificate. Turn off only for tests; the module warns when it is off.
    type: bool
    default: true
  ca_path:
    description:
      - File (or directory) of CA certificates used to verify the server, for a server with a private CA (for example Ops Manager on premises).
      - Standard proxy environment variables (E(HTTPS_PROXY), E(HTTP_PROXY), E(NO_PROXY)) are honoured.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is sent again after HTTP 429 (any method, honouring C(Retry-After)),
        or after HTTP 502/503/504 or a connection failure (reads and deletes only; a create is never re-sent
        when it may have been processed). Waits back off exponentially with jitter.
    type: int
    default: 3
'''
