"""``python -m tests.simulator``: run the simulator in the foreground for playbooks and scripts."""

import argparse
import os
import signal
import sys

from .constants import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PRIVATE_KEY, DEFAULT_PUBLIC_KEY
from .server import Simulator
from .settings import NO_LINK_ANSWERS, OM_CREATE_ANSWERS


def parse_args(argv):
    parser = argparse.ArgumentParser(prog='python -m tests.simulator',
                                     description='Simulate MongoDB Atlas link tokens and Cloud/Ops Manager migration links over HTTP.')
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default: %(default)s)')
    parser.add_argument('--port', type=int, default=0, help='port; 0 picks a free one (default: %(default)s)')
    parser.add_argument('--tls-cert', help='PEM certificate: serve HTTPS')
    parser.add_argument('--tls-key', help='PEM private key of --tls-cert')
    parser.add_argument('--lifetime', type=float, help='stop on its own after this many seconds (default: run until stopped)')
    parser.add_argument('--url-file', help='write the base URL to this file once listening')
    parser.add_argument('--no-link-answer', choices=NO_LINK_ANSWERS, default='404',
                        help='GET migrationLink/status without a link: 404 or 200 NOT_SYNCED (default: %(default)s)')
    parser.add_argument('--om-create-answer', choices=OM_CREATE_ANSWERS, default='status',
                        help='POST migrationLink answer: 201 {"status"} or 200 source org view (default: %(default)s)')
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error('--tls-cert and --tls-key go together')
    return args


def _raise_exit(signum, frame):  # pylint: disable=unused-argument
    raise SystemExit(0)


def _write_url_file(path, url):
    # Written whole under a temporary name, then renamed: a waiting script never reads half a URL.
    temporary = '%s.%d.tmp' % (path, os.getpid())
    with open(temporary, 'w', encoding='utf-8') as handle:
        handle.write(url + '\n')
    os.replace(temporary, path)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    simulator = Simulator(args.host, args.port, args.tls_cert, args.tls_key, args.lifetime)
    simulator.update_settings(no_link_answer=args.no_link_answer, om_create_answer=args.om_create_answer)
    signal.signal(signal.SIGTERM, _raise_exit)
    # Python leaves SIGINT ignored when the parent ignored it, as a non-interactive shell does for a
    # background job ('&'): Ctrl-C / SIGINT must still stop the simulator, as documented.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    simulator.start()
    try:
        if args.url_file:
            _write_url_file(args.url_file, simulator.url)
        # Simulator-only demo credentials: they open nothing but this process, so showing them is fine.
        sys.stdout.write(
            'MongoDB API simulator listening on %s\n'
            '  Digest (Atlas / Cloud Manager / Ops Manager API key): public %s  private %s\n'
            '  OAuth service account: client id %s  secret %s\n'
            '  Control API: %s/_sim/ (health, log, faults, settings, state, reset)\n'
            '%s' % (simulator.url, DEFAULT_PUBLIC_KEY, DEFAULT_PRIVATE_KEY, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, simulator.url,
                    '  Stops after %s seconds, or on Ctrl-C / SIGTERM\n' % args.lifetime if args.lifetime else '  Stop with Ctrl-C or SIGTERM\n'))
        sys.stdout.flush()
        simulator.wait()
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
    return 0
