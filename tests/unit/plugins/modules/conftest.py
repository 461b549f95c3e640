# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for the tests of the modules' ``validate(module)`` and ``run(module, client)``.

The modules are driven through a tiny stand-in for AnsibleModule (params, check_mode, _diff,
warn) whose parameters come from the module's real argument spec (tests/support/module_params.py),
against the in-process simulator of tests/unit/conftest.py: no mock of requests.
"""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._atlas.link_tokens import AtlasLinkTokens
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.migration_link import MigrationLink
from tests.support import request_log
from tests.support.module_params import module_params

# The Atlas organization the helper fixtures create tokens in.
ATLAS_ORG = '5f4b7c2e9d1a3b6c8e0f1a2b'


class FakeModule:
    """What the modules use of AnsibleModule, and nothing else."""

    def __init__(self, params, check_mode=False, diff=False):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, msg):
        self.warnings.append(msg)


@pytest.fixture
def fake_module():
    """Factory: ``fake_module(arguments, base, check_mode=False, diff=False, **params)``.

    ``arguments`` is the module's ModuleArguments, ``base`` the test file's usual values; a None
    value unsets an option. Parameters the spec refuses raise InvalidParameters.
    """

    def factory(arguments, base, check_mode=False, diff=False, **params):
        values = dict(base)
        values.update(params)
        return FakeModule(module_params(arguments, values), check_mode=check_mode, diff=diff)

    return factory


@pytest.fixture
def module(fake_module, request):
    """``module(check_mode=False, diff=False, **params)``: a FakeModule of the test file's ARGUMENTS and BASE."""
    arguments, base = request.module.ARGUMENTS, request.module.BASE

    def factory(check_mode=False, diff=False, **params):
        return fake_module(arguments, base, check_mode=check_mode, diff=diff, **params)

    return factory


@pytest.fixture
def api_calls(sim):
    """``api_calls(method=None)``: the API requests of the simulator log past authentication."""
    return lambda method=None: request_log.api_calls(sim.log, method)


@pytest.fixture
def writes(sim):
    """``writes()``: every POST/DELETE in the simulator log."""
    return lambda: request_log.writes(sim.log)


@pytest.fixture
def new_token(sim, make_client):
    """Factory: a real link-token from the simulator (log cleared afterwards)."""

    def factory(org_id=ATLAS_ORG):
        client = make_client()
        try:
            token = AtlasLinkTokens(client).create(org_id, ['203.0.113.10'])
        finally:
            client.close()
        sim.clear_log()
        return token

    return factory


@pytest.fixture
def link_org(sim, make_client):
    """Factory: link a Cloud/Ops Manager organization with a fresh token (log cleared afterwards); returns the token."""

    def factory(om_org_id):
        client = make_client()
        try:
            token = AtlasLinkTokens(client).create(ATLAS_ORG, ['203.0.113.10'])
            assert MigrationLink(client).create(om_org_id, token) == 'SYNCED'
        finally:
            client.close()
        sim.clear_log()
        return token

    return factory
