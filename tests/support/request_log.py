# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Views over the simulator's request log (``sim.log`` in Python, ``GET /_sim/log`` over HTTP).

Each entry: seq, time, conn, method, path, query, status, auth (the scheme of the Authorization
header, or None), challenge, headers (without Authorization), body, fault.

A Digest challenge is a request the simulator answered with 401 and a ``WWW-Authenticate: Digest``
header: the first leg of every handshake (no credentials), and also a wrong password, an unknown
user, Basic auth on the API or a stale nonce (these carry credentials). The simulator marks
exactly those with ``challenge`` (tests/simulator/dispatch.py); ``is_challenge`` is the only test
of it. (401 without credentials is not the same thing: it misses the stale-nonce and
wrong-password challenges, and an OAuth token request without credentials is 401 without being one.)
"""

import collections

ATLAS_PREFIX = '/api/atlas/'
OM_PREFIX = '/api/public/'
OAUTH_PREFIX = '/api/oauth/'
CONTROL_PREFIX = '/_sim/'


def is_challenge(entry):
    """The request was answered with a Digest challenge (see the module text)."""
    return bool(entry.get('challenge'))


def side(entry_or_path):
    """'atlas', 'om' (Cloud/Ops Manager), 'oauth' or 'other', by the path."""
    path = entry_or_path if isinstance(entry_or_path, str) else entry_or_path['path']
    for name, prefix in (('atlas', ATLAS_PREFIX), ('om', OM_PREFIX), ('oauth', OAUTH_PREFIX)):
        if path.startswith(prefix):
            return name
    return 'other'


def is_api(entry):
    """A request to the Atlas or Cloud/Ops Manager API (not an OAuth token request)."""
    return side(entry) in ('atlas', 'om')


def challenges(log):
    return [entry for entry in log if is_challenge(entry)]


def requests_sent(log, method=None, path_end=None, with_challenges=False):
    """Entries of one request kind (any path, OAuth included); by default without the challenges."""
    return [entry for entry in log
            if (method is None or entry['method'] == method) and (path_end is None or entry['path'].endswith(path_end))
            and (with_challenges or not is_challenge(entry))]


def api_calls(log, method=None):
    """Atlas and Cloud/Ops Manager requests past authentication (no challenge, no OAuth token request)."""
    return [entry for entry in log if is_api(entry) and not is_challenge(entry) and (method is None or entry['method'] == method)]


def writes(log):
    """Every POST/DELETE sent to the Atlas or Cloud/Ops Manager API, challenged or not."""
    return [entry for entry in log if is_api(entry) and entry['method'] in ('POST', 'DELETE')]


def connections(log, sides=('atlas', 'om')):
    """How many TCP connections carried requests to these sides."""
    return len({entry['conn'] for entry in log if side(entry) in sides})


def count_by_method_and_side(log):
    """Counter of 'METHOD side' (for example 'GET om') over the requests that are not challenges."""
    return collections.Counter('%s %s' % (entry['method'], side(entry)) for entry in log if not is_challenge(entry))


def counts(log):
    """API requests past authentication, challenges, OAuth token requests and other 401 answers."""
    return dict(api=len(api_calls(log)), challenges=len(challenges(log)),
                oauth=sum(1 for entry in log if side(entry) == 'oauth' and not is_challenge(entry)),
                other_401=sum(1 for entry in log if entry.get('status') == 401 and not is_challenge(entry)))


def attribute(log, keys):
    """Split a log by case: an entry belongs to the case whose key occurs in its path.

    OAuth token requests name no organization: they go to the next case's entries (the modules
    of one host run one after another). Returns ({key: entries}, entries left over at the end).
    """
    out = dict((key, []) for key in keys)
    keys = sorted(keys, key=len, reverse=True)  # the longest key that matches wins
    pending = []
    for entry in log:
        owner = next((key for key in keys if key in entry['path']), None)
        if owner is None:
            pending.append(entry)
            continue
        out[owner].extend(pending)
        pending = []
        out[owner].append(entry)
    return out, pending


def describe(entry):
    """One line for a failure message: sequence, connection, method, path and answer."""
    return '%s conn=%s %s %s -> %s%s' % (entry.get('seq'), entry.get('conn'), entry['method'], entry['path'], entry.get('status'),
                                         ' (challenge)' if is_challenge(entry) else '')
