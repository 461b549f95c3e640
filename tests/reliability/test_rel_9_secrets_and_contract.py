# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs last: every playbook output and simulator log of the suite scanned for secrets, and every
request any module sent validated against the Atlas OpenAPI spec / the documented Ops Manager shapes."""

from collections import OrderedDict

from tests.reliability.harness import HARVEST, RUNS
from tests.support.contract import atlas_entries, om_entries, validate_entry, validate_om_entry
from tests.support.secret_scan import log_fields, scan, scan_log


def test_the_secret_scan_finds_a_planted_secret(cases):
    record = cases('secrets')
    secret = 'planted-secret-0f9e8d7c'
    found = scan('before %s after' % secret, {secret: 'planted'})
    record.check('scanner self-test: a planted secret is found', found and found[0][0] == 'planted', found)
    entry = {'method': 'POST', 'path': '/api/public/v1.0/orgs/%s/liveExport/migrationLink' % ('0' * 24), 'query': {},
             'headers': {'Accept': 'application/json'}, 'body': '{"linkToken": "%s"}' % secret}
    record.check('scanner self-test: only the link POST body is left out',
                 'body' not in log_fields(entry) and 'body' in log_fields(dict(entry, method='DELETE')), log_fields(entry))
    record.finish()


def test_no_secret_in_any_output_or_log(cases):
    record = cases('secrets')
    secrets = HARVEST.secrets
    kinds = sorted(set(secrets.values()))
    assert RUNS, 'no playbook ran before this test: run the whole suite'
    assert 'link-token' in kinds and 'privateApiKey in a link-token' in kinds, kinds
    for run in RUNS:
        found = scan(run.output, secrets)
        record.check('%s: stdout and stderr at -vvvv with --diff (%d secrets)' % (run.name, len(secrets)), not found, found)
    by_source = OrderedDict()
    for source, entry in HARVEST.entries:
        by_source.setdefault(source, []).append(entry)
    for source, entries in by_source.items():
        found = scan_log(entries, secrets)
        record.check('simulator log of %s: %d requests, bodies/headers/query (link POST body excepted)'
                     % (source, len(entries)), not found, found)
    record.finish()


def test_every_request_follows_the_contract(cases):
    record = cases('contract (atlas)')
    entries = [entry for dummy, entry in HARVEST.entries]
    assert entries, 'no request recorded: run the whole suite'
    for entry in atlas_entries(entries):
        if entry.get('auth') is None:
            # The first leg of a Digest handshake carries no credentials by design (it fetches the
            # challenge); a fault answered it before the challenge. Checked with a placeholder.
            entry = dict(entry, auth='digest')
        try:
            validate_entry(entry)
            error = None
        except Exception as exc:  # pylint: disable=broad-exception-caught
            error = exc
        record.check('#%s %s %s' % (entry.get('seq'), entry['method'], entry['path']), error is None, error)
    for entry in om_entries(entries):
        try:
            validate_om_entry(entry)
            error = None
        except AssertionError as exc:
            error = exc
        record.check('#%s %s %s' % (entry.get('seq'), entry['method'], entry['path']), error is None, error,
                     group='contract (ops manager)')
    record.finish()
