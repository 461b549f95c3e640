"""``python -m tests.simulator`` in its own process, and HTTPS with a self-signed certificate."""

import pathlib
import signal
import subprocess
import sys
import time

import requests
from requests.auth import HTTPDigestAuth

from tests.simulator import DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY, Simulator
from tests.support.tls import self_signed_certificate

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[3]


def _start_cli(tmp_path, *args):
    url_file = tmp_path / 'url'
    process = subprocess.Popen([sys.executable, '-m', 'tests.simulator', '--url-file', str(url_file)] + list(args),  # pylint: disable=consider-using-with
                               cwd=str(COLLECTION_ROOT), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while not url_file.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, 'no URL file'
        time.sleep(0.05)
    return process, url_file.read_text(encoding='utf-8').strip()


def test_cli_url_file_and_lifetime(tmp_path):
    process, url = _start_cli(tmp_path, '--lifetime', '1.5', '--no-link-answer', 'not_synced')
    try:
        assert requests.get(url + '/_sim/health', timeout=5).json()['status'] == 'ok'
        answer = requests.get(url + '/api/public/v1.0/orgs/%s/liveExport/migrationLink/status' % ('a' * 24),
                              auth=HTTPDigestAuth(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY), timeout=5)
        assert answer.json() == {'status': 'NOT_SYNCED'}
        out, err = process.communicate(timeout=10)  # stops on its own
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert url in out and DEFAULT_PUBLIC_KEY in out and DEFAULT_PRIVATE_KEY in out


def test_cli_stops_on_sigterm(tmp_path):
    process, url = _start_cli(tmp_path, '--lifetime', '60')
    try:
        assert requests.get(url + '/_sim/health', timeout=5).status_code == 200
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0


def test_tls(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    with Simulator(tls_cert=cert, tls_key=key, lifetime=30) as sim:
        assert sim.url.startswith('https://127.0.0.1:')
        with requests.Session() as session:
            # verify per request: a session-level verify loses to REQUESTS_CA_BUNDLE from the environment
            session.auth = HTTPDigestAuth(DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY)
            status_url = sim.url + '/api/public/v1.0/orgs/%s/liveExport/migrationLink/status' % ('a' * 24)
            assert session.get(status_url, verify=cert).status_code == 404
            assert session.get(status_url, verify=cert).status_code == 404
        assert len({entry['conn'] for entry in sim.log}) == 1
        try:
            requests.get(sim.url + '/_sim/health', timeout=5)  # verify=True: the self-signed cert is refused
            raise AssertionError('an unknown certificate was accepted')
        except requests.exceptions.SSLError:
            pass
        assert requests.get(sim.url + '/_sim/health', verify=cert, timeout=5).status_code == 200  # server survived the failed handshake


def test_cli_with_tls(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    process, url = _start_cli(tmp_path, '--lifetime', '30', '--tls-cert', cert, '--tls-key', key)
    try:
        assert url.startswith('https://')
        assert requests.get(url + '/_sim/health', verify=cert, timeout=5).status_code == 200
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
