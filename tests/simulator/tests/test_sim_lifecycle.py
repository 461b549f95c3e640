"""Start, stop, lifetime and concurrency of the Python API."""

import threading

import pytest
import requests

from tests.simulator import Simulator


def test_context_manager_and_stop_closes_port():
    with Simulator() as sim:
        assert sim.running and sim.url.startswith('http://127.0.0.1:')
        assert requests.get(sim.url + '/_sim/health', timeout=5).status_code == 200
        url = sim.url
    assert not sim.running
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url + '/_sim/health', timeout=2)
    sim.stop()  # idempotent


def test_lifetime_stops_on_its_own():
    sim = Simulator(lifetime=0.3).start()
    assert sim.wait(5)
    assert not sim.running


def test_stop_with_idle_keep_alive_connection_is_prompt():
    sim = Simulator().start()
    session = requests.Session()
    session.get(sim.url + '/api/public/v1.0/orgs', timeout=5)
    stopper = threading.Thread(target=sim.stop)
    stopper.start()
    stopper.join(3)
    assert not stopper.is_alive()
    session.close()


def test_double_start_refused(sim):
    with pytest.raises(RuntimeError):
        sim.start()


def test_concurrent_sessions(sim, api):
    def work():
        for dummy in range(5):
            assert api.create_token().status_code == 201
    threads = [threading.Thread(target=work) for dummy in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    # requests' digest state is per thread, so each thread made its own handshake
    assert len(sim.atlas_tokens('5f1a2b3c4d5e6f7a8b9c0d1e')) == 20
    assert [entry['seq'] for entry in sim.log] == list(range(1, len(sim.log) + 1))
