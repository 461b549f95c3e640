# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign's migration records as cacheable host facts (AWX "Enable Fact Storage", the jsonfile fact cache):
which records an organization host keeps, and the records every host kept, read back and merged with those
handed in (documented in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import newer, validate_migration_record

# The host fact (ansible_facts.<FACT>) that holds an organization host's records; roles/campaign/tasks/batch.yml
# sets it under this name.
FACT = 'campaign_migration_records'


def campaign_org_records(migrations, plan, host):
    """The records of organization host ``host``: its deployments' and any other of its organization (a deployment
    since left out of the inventory keeps its record, so that putting it back resumes instead of starting again)."""
    org = plan['orgs'][host]
    keys = set(org['keys'])
    return dict((key, record) for key, record in sorted((migrations or {}).items())
                if key in keys or (isinstance(record, dict) and record.get('org_id') == org['org_id']))


def campaign_fact_records(hostvars, hosts, handed_in=None):
    """The records the organization hosts ``hosts`` keep as cacheable facts, merged with those handed in
    (``handed_in``: campaign_migrations, e.g. an AWX workflow's set_stats); the newest updated_at wins. Each record is
    checked as the state store checks it; a bad one fails naming the host, the fact and the record, not its values."""
    known = dict(handed_in or {})
    for host in hosts or []:
        facts = hostvars[host].get('ansible_facts') or {}
        kept = facts.get(FACT) if hasattr(facts, 'get') else None
        if kept is None:
            continue
        where = '%s: ansible_facts.%s' % (host, FACT)
        if not hasattr(kept, 'items'):
            raise AnsibleFilterError('%s must be a dict of migration records by key, got %s; fix or clear the host\'s '
                                     'facts, or set campaign_fact_storage=false.' % (where, type(kept).__name__))
        for key, record in kept.items():
            try:
                validate_migration_record(record, '%s[%s]' % (where, key))
            except InputError as exc:
                raise AnsibleFilterError('%s; fix or clear the host\'s facts, or set campaign_fact_storage=false.'
                                         % to_native(exc).rstrip('.'))
            if key not in known or newer(record, known[key]):
                known[key] = dict(record)
    return known


class FilterModule(object):
    def filters(self):
        return {
            'campaign_org_records': campaign_org_records,
            'campaign_fact_records': campaign_fact_records,
        }
