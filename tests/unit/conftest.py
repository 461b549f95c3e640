"""Shared fixtures: the collection on sys.path, a simulator per test module, client factories."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout, for tests.support
from tests.support.collection import put_collection_on_path  # noqa: E402  pylint: disable=wrong-import-position

put_collection_on_path()

# pylint: disable=wrong-import-position
from tests.simulator import Simulator, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY  # noqa: E402
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.client import Client  # noqa: E402
from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.retry import RetryPolicy  # noqa: E402


@pytest.fixture(scope='module')
def sim_server():
    with Simulator(lifetime=600) as server:
        yield server


@pytest.fixture
def sim(sim_server):
    sim_server.reset()
    yield sim_server
    sim_server.reset()


class Recorder:
    """Collects warnings and sleeps instead of waiting for real."""

    def __init__(self):
        self.warnings = []
        self.sleeps = []

    def warn(self, msg):
        self.warnings.append(msg)

    def sleep(self, seconds):
        self.sleeps.append(seconds)


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def make_client(sim, recorder):
    """Client factory: digest by default, ``auth='oauth'`` for the service account."""
    made = []

    def factory(auth='digest', **kwargs):
        params = dict(base_url=sim.url, warn=recorder.warn, sleep=recorder.sleep,
                      retry_policy=RetryPolicy(retries=kwargs.pop('retries', 3), rand=lambda: 1.0))
        if auth == 'digest':
            params.update(public_key=DEFAULT_PUBLIC_KEY, private_key=DEFAULT_PRIVATE_KEY)
        elif auth == 'oauth':
            params.update(client_id=DEFAULT_CLIENT_ID, client_secret=DEFAULT_CLIENT_SECRET)
        params.update(kwargs)
        client = Client(**params)
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()
