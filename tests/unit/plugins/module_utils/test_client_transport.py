"""TLS (self-signed certificate, ca_path) and proxy environment variables, over real sockets."""

import http.client
import http.server
import threading
from urllib.parse import urlsplit

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import TransportError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._om.migration_link import MigrationLink
from tests.simulator import Simulator
from tests.support.tls import self_signed_certificate

OM_ORG = '6a1b2c3d4e5f60718293a4b5'


@pytest.fixture(scope='module')
def tls_sim(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp('tls'))
    with Simulator(tls_cert=cert, tls_key=key, lifetime=300) as sim:
        yield sim, cert


def test_self_signed_server_fails_with_a_ca_path_hint(tls_sim, make_client, recorder):
    sim, _cert = tls_sim
    with pytest.raises(TransportError) as err:
        MigrationLink(make_client(base_url=sim.url)).status(OM_ORG)
    assert 'TLS verification failed' in str(err.value) and 'ca_path' in str(err.value)
    assert recorder.sleeps == [], 'a certificate problem is not retried'


@pytest.fixture(autouse=True)
def system_ca_bundle(monkeypatch):
    # Like many hosts: a CA bundle in the environment must not override ca_path/validate_certs.
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt')


def test_ca_path_trusts_the_private_ca(tls_sim, make_client):
    sim, cert = tls_sim
    assert sim.url.startswith('https://')
    assert MigrationLink(make_client(base_url=sim.url, ca_path=cert)).status(OM_ORG) is None


def test_validate_certs_false_connects(tls_sim, make_client):
    sim, _cert = tls_sim
    assert MigrationLink(make_client(base_url=sim.url, validate_certs=False)).status(OM_ORG) is None


class _ForwardProxy(http.server.BaseHTTPRequestHandler):
    """A plain HTTP forward proxy: absolute-URI requests are relayed and remembered."""
    seen = []

    def _relay(self):
        target = urlsplit(self.path)
        self.seen.append(self.command + ' ' + self.path)
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ('proxy-connection', 'connection')}
        upstream.request(self.command, target.path + ('?' + target.query if target.query else ''), body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in ('connection', 'transfer-encoding', 'content-length'):
                self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = do_POST = do_DELETE = _relay

    def log_message(self, *args):  # quiet test output
        pass


def test_proxy_environment_variables_are_honoured(sim, make_client, monkeypatch):
    proxy = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _ForwardProxy)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv('HTTP_PROXY', 'http://127.0.0.1:%d' % proxy.server_address[1])
        monkeypatch.delenv('NO_PROXY', raising=False)
        monkeypatch.delenv('no_proxy', raising=False)
        _ForwardProxy.seen = []
        assert MigrationLink(make_client()).status(OM_ORG) is None
        assert any(OM_ORG in line for line in _ForwardProxy.seen)
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_no_proxy_bypasses_the_proxy(sim, make_client, monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', 'http://127.0.0.1:9')  # nothing listens there
    monkeypatch.setenv('NO_PROXY', '127.0.0.1')
    assert MigrationLink(make_client()).status(OM_ORG) is None
