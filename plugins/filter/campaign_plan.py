# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The campaign role's plan: the inventory checked and planned, the phases, the kind of source (documented in
the adjacent NAME.yml files).

A campaign has one inventory host per source organization. The plan never holds a secret: the role's tasks
take a deployment's ``source`` (its password) from the host's own ``campaign_deployments[index]`` at the
moment they call a module.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.livemigrate.mongodb.plugins.module_utils._http.errors import InputError
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.campaign_common import resolve_source_kind, window_open
from ansible_collections.livemigrate.mongodb.plugins.module_utils._migration.record import destination_key
from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.validation import validate_object_id

PHASES = ('link', 'provision', 'preflight', 'start', 'status', 'cutover', 'cleanup')
# Keys of a campaign_deployments entry; anything else is a typo the user should hear about.
ENTRY_KEYS = ('name', 'source', 'destination', 'migration_host', 'drop_destination_data', 'sharding')


def _id(value, where, problems):
    try:
        return validate_object_id(value, where, 'an id')
    except InputError as exc:
        problems.append(to_native(exc))
        return None


def _name(value, where, problems):
    if not isinstance(value, str) or not value.strip():
        problems.append('%s: is required (a non-empty string).' % where)
        return None
    return value


def _phases(phases, problems):
    names = [phases] if isinstance(phases, str) else list(phases or [])
    unknown = [one for one in names if one not in PHASES + ('all',)]
    if unknown or not names:
        problems.append('campaign_phases: %s is not a phase (choose from %s, or all).' % (
            ', '.join(repr(one) for one in unknown) or 'an empty list', ', '.join(PHASES)))
    if 'all' in names:
        return list(PHASES)
    return [one for one in PHASES if one in names]  # always in campaign order


def _deployment(host, org_id, index, entry, problems):
    where = '%s: campaign_deployments[%d]' % (host, index)
    if not isinstance(entry, dict):
        problems.append('%s: is not a dict with source, destination and migration_host.' % where)
        return None
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        problems.append('%s: unknown key(s) %s (known: %s).' % (where, ', '.join(unknown), ', '.join(ENTRY_KEYS)))
    source = entry.get('source') if isinstance(entry.get('source'), dict) else {}
    destination = entry.get('destination') if isinstance(entry.get('destination'), dict) else {}
    for name, part in (('source', entry.get('source')), ('destination', entry.get('destination'))):
        if not isinstance(part, dict):
            problems.append('%s.%s: is required (a dict with project_id and cluster_name).' % (where, name))
    source_project = _id(source.get('project_id'), where + '.source.project_id', problems) if source else None
    source_cluster = _name(source.get('cluster_name'), where + '.source.cluster_name', problems) if source else None
    project_id = _id(destination.get('project_id'), where + '.destination.project_id', problems) if destination else None
    cluster = _name(destination.get('cluster_name'), where + '.destination.cluster_name', problems) if destination else None
    host_name = _name(entry.get('migration_host'), where + '.migration_host', problems)
    if None in (source_project, source_cluster, project_id, cluster, host_name):
        return None
    options = dict((key, value) for key, value in destination.items() if key != 'project_id')
    return dict(
        key=destination_key(project_id, cluster), host=host, org_id=org_id, index=index, where=where,
        name=entry.get('name') or source_cluster,
        source=dict(project_id=source_project, cluster_name=source_cluster),
        destination=dict(project_id=project_id, cluster_name=cluster),
        destination_options=options, migration_host=host_name,
        drop_destination_data=bool(entry.get('drop_destination_data', False)), sharding=entry.get('sharding') or None,
    )


def campaign_plan(hostvars, hosts, phases=None, concurrency=1, window=None):
    """Check every organization and deployment of the campaign: the secret-free plan, or every problem at once.

    Problems are returned, not raised (``problems`` and ``message``), so that the role fails with the list in its own
    words (a fail task) instead of inside Ansible's "Finalization of task args ... filter plugin failed" wrapper."""
    problems = []
    phase_list = _phases(phases if phases is not None else ['all'], problems)
    try:
        limit = int(concurrency)
    except (TypeError, ValueError):
        limit = 0
    if limit < 1:
        problems.append('campaign_org_concurrency: %r must be an integer of at least 1.' % (concurrency,))
    try:
        window_open(window)
    except InputError as exc:
        problems.append(to_native(exc))
    if not hosts:
        problems.append('The campaign has no organization: put one inventory host per source organization in group source_orgs.')
    orgs, deployments, org_hosts, sources = {}, {}, {}, {}
    for host in hosts or []:
        variables = hostvars[host]
        org_id = _id(variables.get('campaign_source_org_id'), '%s: campaign_source_org_id' % host, problems)
        if org_id and org_id in org_hosts:
            problems.append('%s: campaign_source_org_id %s is organization of host %s too; one host per organization.'
                            % (host, org_id, org_hosts[org_id]))
        elif org_id:
            org_hosts[org_id] = host
        entries = variables.get('campaign_deployments')
        if not isinstance(entries, list) or not entries:
            problems.append('%s: campaign_deployments: must list the deployments of organization %s to migrate.' % (host, org_id))
            entries = []
        keys = []
        for index, entry in enumerate(entries):
            one = _deployment(host, org_id, index, entry, problems)
            if one is None:
                continue
            source_key = '%s/%s' % (one['source']['project_id'], one['source']['cluster_name'])
            if source_key in sources:
                problems.append('%s: source cluster %s of project %s is listed twice (also %s).' % (
                    one['where'], one['source']['cluster_name'], one['source']['project_id'], sources[source_key]))
            elif one['key'] in deployments:
                problems.append('%s: destination cluster %s of project %s is the destination of %s too; one migration per '
                                'destination cluster.' % (one['where'], one['destination']['cluster_name'],
                                                          one['destination']['project_id'], deployments[one['key']]['where']))
            else:
                sources[source_key] = one['where']
                deployments[one['key']] = one
                keys.append(one['key'])
        if org_id:
            orgs[host] = dict(org_id=org_id, keys=keys,
                              batches=[keys[start:start + limit] for start in range(0, len(keys), max(limit, 1))])
    if problems:
        return dict(problems=problems, message='The campaign inventory has %d problem(s); nothing was sent:\n- %s' % (
            len(problems), '\n- '.join(problems)))
    org_ids = [orgs[host]['org_id'] for host in hosts]
    return dict(problems=[], message='', phases=phase_list, concurrency=limit, orgs=orgs, deployments=deployments, org_ids=org_ids,
                link_orgs=[dict(org_id=org_id) for org_id in org_ids],
                migrates=bool(set(phase_list) & set(('start', 'status', 'cutover'))))


def campaign_phase(phases, phase):
    """Whether ``campaign_phases`` selects ``phase`` (for plays on other hosts than the organizations, which have no plan)."""
    problems = []
    selected = _phases(phases, problems)
    if problems:
        raise AnsibleFilterError(problems[0])
    return phase in selected


def campaign_source_kind(om, kind=''):
    """cloud_manager or ops_manager: ``kind`` when given, else from the Cloud/Ops Manager base URL."""
    try:
        return resolve_source_kind(om, kind)[0]
    except InputError as exc:
        raise AnsibleFilterError(to_native(exc))


class FilterModule(object):
    def filters(self):
        return {
            'campaign_plan': campaign_plan,
            'campaign_phase': campaign_phase,
            'campaign_source_kind': campaign_source_kind,
        }
