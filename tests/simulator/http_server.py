"""HTTP/1.1 plumbing: a threading server with keep-alive, optional TLS, and abrupt drops."""

import itertools
import socket
import socketserver
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import control_api
from .constants import CONTROL_PREFIX
from .agent_api import DOWNLOAD_PREFIX, download
from .dispatch import serve
from .incoming import Request
from .responses import api_error

MAX_BODY = 1024 * 1024


class SimulatorHandler(BaseHTTPRequestHandler):
    """One TCP connection; serves requests on it until the client or a fault closes it."""

    protocol_version = 'HTTP/1.1'  # keep-alive, so tests can prove a session reuses its connection
    server_version = 'livemigrate-simulator'
    timeout = 120  # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = True  # headers and body go out in two writes: without this, delayed ACKs add 40 ms a request

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            # Handshake here, in the connection's own thread, so a slow client cannot stall accept().
            self.connection.do_handshake()
        self.conn_id = self.server.track(self.connection)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet: every API request is in the simulator's log instead of stderr."""

    def do_GET(self):  # pylint: disable=invalid-name
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def _read_body(self):
        """The request body, or None after answering 400/413 for one we cannot read."""
        if 'chunked' in self.headers.get('Transfer-Encoding', '').lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._write(api_error(413 if length > MAX_BODY else 400, 'INVALID_REQUEST', 'Bad or too large Content-Length.'))
            return None
        return self.rfile.read(length) if length else b''

    def _read_chunked(self):
        chunks, total = [], 0
        while True:
            size = int(self.rfile.readline().split(b';', 1)[0].strip() or b'0', 16)
            if size == 0:
                while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                    pass  # trailers
                return b''.join(chunks)
            total += size
            if total > MAX_BODY:
                self.close_connection = True
                self._write(api_error(413, 'INVALID_REQUEST', 'Request body too large.'))
                return None
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _handle(self):
        body = self._read_body()
        if body is None:
            return
        request = Request(self.command, self.path, self.headers, body)
        simulator = self.server.simulator
        if request.path + '/' == CONTROL_PREFIX or request.path.startswith(CONTROL_PREFIX):
            self._write(control_api.handle(request, simulator))
            return
        if request.path.startswith(DOWNLOAD_PREFIX):
            self._write(download(request, simulator.core))
            return
        response = serve(simulator.core, request, self.conn_id)
        if response is None:
            self._drop()
        else:
            self._write(response)

    def _drop(self):
        """Close the connection without a byte of answer, like a crashed proxy or a cut network."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write(self, response):
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status not in (204, 304) and response.status >= 200:
            # Always a length (even 0) so the client can keep the connection alive.
            self.send_header('Content-Length', str(len(response.body)))
        self.end_headers()
        if response.body and self.command != 'HEAD':
            self.wfile.write(response.body)
        self.wfile.flush()


class SimulatorHTTPServer(ThreadingHTTPServer):
    """Knows its Simulator and its open connections (to number them and to close them on stop)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, simulator, ssl_context=None):
        self.simulator = simulator
        self._connections = {}
        self._connections_lock = threading.Lock()
        self._ids = itertools.count(1)
        super().__init__(address, SimulatorHandler)
        if ssl_context is not None:
            self.socket = ssl_context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (getfqdn), which can hang without DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def track(self, connection):
        with self._connections_lock:
            conn_id = next(self._ids)
            self._connections[connection] = conn_id
        return conn_id

    def untrack(self, connection):
        with self._connections_lock:
            self._connections.pop(connection, None)

    def close_connections(self):
        """Wake every handler blocked on an idle keep-alive connection so stop() is prompt."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request, client_address):
        # Clients that time out, hang up or fail the TLS handshake are normal here, not errors.
        if isinstance(sys.exc_info()[1], (OSError, ssl.SSLError, ValueError)):
            return
        super().handle_error(request, client_address)
