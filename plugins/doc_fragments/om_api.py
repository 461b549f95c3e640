# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options (with plugins/doc_fragments/connection.py) for the Cloud Manager / Ops Manager public API v1.0."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  base_url:
    description:
      - URL of Cloud Manager (V(https://cloud.mongodb.com)) or of your Ops Manager server (for example V(https://opsmanager.example.com:8443)).
      - The server root only (scheme, host and optional port, no path); the module appends the API paths.
      - If not set, the value of the E(MONGODB_OM_BASE_URL) or E(MCLI_OPS_MANAGER_URL) environment variable is used. Required.
    type: str
  public_key:
    description:
      - Public key of the organization's programmatic API key (HTTP Digest authentication).
      - Ops Manager also accepts a user name here, with a personal API key as O(private_key).
      - Use with O(private_key). Set either this key pair or O(client_id)/O(client_secret), not both.
      - If not set, the value of the E(MONGODB_OM_PUBLIC_KEY) or E(MCLI_PUBLIC_API_KEY) environment variable is used.
    type: str
  private_key:
    description:
      - Private key of the organization's programmatic API key. Never logged.
      - If not set, the value of the E(MONGODB_OM_PRIVATE_KEY) or E(MCLI_PRIVATE_API_KEY) environment variable is used.
    type: str
  client_id:
    description:
      - Client ID of the Cloud Manager (preview) or Ops Manager service account (OAuth 2.0 client credentials).
      - The module fetches one access token per run from C(<base_url>/api/oauth/token) and sends it as a Bearer token.
      - If not set, the value of the E(MONGODB_OM_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - Client secret of the service account. Never logged.
      - If not set, the value of the E(MONGODB_OM_CLIENT_SECRET) environment variable is used.
    type: str
attributes:
  action_group:
    description: Use C(group/livemigrate.mongodb.om) or C(group/livemigrate.mongodb.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - livemigrate.mongodb.om
      - livemigrate.mongodb.all
'''
