"""``python -m tests.simulator`` in its own process, and HTTPS with a self-signed certificate."""

import datetime
import ipaddress
import os
import pathlib
import signal
import subprocess
import sys
import time

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from requests.auth import HTTPDigestAuth

from tests.simulator import DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY, Simulator

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


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'localhost')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName('localhost'), x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            # Key usages and key identifiers keep the certificate valid under Python 3.13's VERIFY_X509_STRICT.
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / 'cert.pem', tmp_path / 'key.pem'
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    return str(cert_path), str(key_path)


def test_tls(tmp_path):
    cert, key = _self_signed(tmp_path)
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
    cert, key = _self_signed(tmp_path)
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
