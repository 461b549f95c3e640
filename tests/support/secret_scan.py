# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret harvest and scan: collect every secret a simulator handed out, then look for them in output.

The simulator lists what it knows (``Simulator.secrets()`` in process, ``GET /_sim/secrets`` over
HTTP, both {value: kind}); ``Harvest.collect`` takes either. A secret is found in its plain form and
JSON-escaped (as it would appear inside a -vvvv result). Standard library only.
"""

import json
import re

MIN_LENGTH = 8  # shorter values would match by chance
TOKEN_KIND = 'link-token'
AGENT_KEY_KIND = 'agent API key'  # the kind tests/simulator/core.py gives agent API keys


class Harvest:
    """Secrets ({value: kind}) and, with ``collect``, the request log entries of each source."""

    def __init__(self, secrets=None):
        self.secrets = {}
        self.entries = []  # (source, log entry)
        self.update(secrets or {})

    def add(self, value, kind):
        if isinstance(value, str) and len(value) >= MIN_LENGTH:
            self.secrets.setdefault(value, kind)

    def update(self, secrets):
        for value, kind in secrets.items():
            self.add(value, kind)

    def collect(self, simulator, source=None):
        """Take the secrets ``simulator`` (a Simulator or a SimControl) knows now; with ``source``,
        keep its request log too (tagged with ``source``). Returns the log read, or None."""
        self.update(simulator.secrets())
        if source is None:
            return None
        log = simulator.log() if callable(simulator.log) else simulator.log
        self.entries.extend((source, entry) for entry in log)
        return log

    def kinds(self):
        return sorted(set(self.secrets.values()))

    def save(self, path):
        """Append the secrets to a file, one ``value<TAB>kind`` a line (for shell-driven tests)."""
        with open(str(path), 'a', encoding='utf-8') as handle:
            handle.write(''.join('%s\t%s\n' % item for item in self.secrets.items()))

    @classmethod
    def load(cls, path):
        harvest = cls()
        with open(str(path), encoding='utf-8') as handle:
            for line in handle:
                value, _sep, kind = line.rstrip('\n').partition('\t')
                harvest.add(value, kind or 'secret')
        return harvest


def scan(text, secrets):
    """Every (kind, excerpt) where a secret of ``secrets`` ({value: kind}) occurs in ``text``."""
    found = []
    for secret, kind in secrets.items():
        for form in (secret, json.dumps(secret)[1:-1]):
            start = text.find(form)
            if start >= 0:
                found.append((kind, text[max(0, start - 60):start].replace(secret, '<SECRET>') + '<SECRET>'))
                break
    return found


def scan_files(paths, secrets):
    """Every (path, kind, excerpt) where a secret occurs in one of these files."""
    found = []
    for path in paths:
        with open(str(path), encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        found += [(str(path), kind, excerpt) for kind, excerpt in scan(text, secrets)]
    return found


def is_om_link_post(entry):
    return entry['method'] == 'POST' and re.search(r'/liveExport/migrationLink$', entry['path']) is not None


def log_fields(entry):
    """The fields of a request log entry that must hold no secret.

    Authorization is never recorded. The body of the Cloud/Ops Manager link POST carries the
    link-token by design (that is the API), so exactly that field is left out.
    """
    fields = {'path': entry['path'], 'query': json.dumps(entry.get('query')), 'headers': json.dumps(entry.get('headers'))}
    if not is_om_link_post(entry):
        fields['body'] = entry.get('body') or ''
    return fields


def scan_log(entries, secrets):
    """Every (where, kind, excerpt) where a secret occurs in the scanned fields of log entries."""
    return [('%s %s %s' % (entry['method'], entry['path'], field), kind, excerpt)
            for entry in entries for field, text in log_fields(entry).items() for kind, excerpt in scan(text, secrets)]
