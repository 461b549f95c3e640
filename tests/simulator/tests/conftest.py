"""Fixtures for the simulator's own tests: a fresh simulator per test and a Digest session."""

import sys
from pathlib import Path

import pytest
import requests
from requests.auth import HTTPDigestAuth

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # the checkout, for tests.support and tests.simulator
from tests.support.collection import put_collection_on_path  # noqa: E402  pylint: disable=wrong-import-position

put_collection_on_path()

# pylint: disable=wrong-import-position
from tests.simulator import DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY, Simulator  # noqa: E402

ATLAS_TYPE = 'application/vnd.atlas.2023-01-01+json'
ATLAS_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e'
OM_ORG = '60a1b2c3d4e5f60718293a4b'


class Api:
    """Short-hands for the calls most tests make, over one Digest-authenticated session."""

    def __init__(self, url, session):
        self.url = url
        self.session = session

    def atlas_url(self, org=ATLAS_ORG):
        return '%s/api/atlas/v2/orgs/%s/liveMigrations/linkTokens' % (self.url, org)

    def om_url(self, org=OM_ORG, status=False):
        return '%s/api/public/v1.0/orgs/%s/liveExport/migrationLink%s' % (self.url, org, '/status' if status else '')

    def create_token(self, org=ATLAS_ORG, ips=('10.0.0.1',), **kwargs):
        headers = {'Accept': ATLAS_TYPE, 'Content-Type': ATLAS_TYPE}
        return self.session.post(self.atlas_url(org), json={'accessListIps': list(ips)}, headers=headers, **kwargs)

    def delete_tokens(self, org=ATLAS_ORG, **kwargs):
        return self.session.delete(self.atlas_url(org), headers={'Accept': ATLAS_TYPE}, **kwargs)

    def link(self, token, org=OM_ORG, **kwargs):
        return self.session.post(self.om_url(org), json={'linkToken': token}, headers={'Accept': 'application/json'}, **kwargs)

    def status(self, org=OM_ORG, **kwargs):
        return self.session.get(self.om_url(org, status=True), headers={'Accept': 'application/json'}, **kwargs)

    def unlink(self, org=OM_ORG, **kwargs):
        return self.session.delete(self.om_url(org), headers={'Accept': 'application/json'}, **kwargs)


@pytest.fixture(name='sim')
def sim_fixture():
    # A lifetime, so a test that hangs never leaves a server behind.
    simulator = Simulator(lifetime=120)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture(name='session')
def session_fixture():
    session = requests.Session()
    session.auth = HTTPDigestAuth(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY)
    yield session
    session.close()


@pytest.fixture(name='api')
def api_fixture(sim, session):
    return Api(sim.url, session)
