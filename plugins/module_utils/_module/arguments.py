# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the livemigrate.mongodb collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
"""Every argument spec of the collection: the migration request, the waits, and each module's own
options with its mutually_exclusive / required_one_of / required_if / required_together rules. The
connection options of each API family come from connection.py.

"required" is said once per option here: a module never patches a spec it got from this file.
The unit tests build their parameters from these specs (tests/support/module_params.py).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module.connection import ATLAS, OM, connection  # noqa: F401 (re-exported)

# The link status a caller read already (om_migration_link links[].current_status); NONE is "no link".
LINK_STATUSES = ['SYNCED', 'NOT_SYNCED', 'NONE']


class ModuleArguments:
    """What AnsibleModule needs of one module: its API family, the full spec and the rules.

    ``family`` None: a module of the controller that calls no API (migration_state), no connection options.
    """

    def __init__(self, family, options, **rules):
        self.family = family
        self.argument_spec = connection(family) if family else {}
        self.argument_spec.update(options)
        self.rules = rules

    def module_kwargs(self):
        return dict(self.rules, argument_spec=self.argument_spec, supports_check_mode=True)


def migration_request(required):
    """The LiveMigrationRequest options (doc fragment migration_request).

    ``required``: whether source, destination and migration_host must be given. A validation always
    needs them; atlas_live_migration only to start a migration (its validate() says so by name).
    """
    return dict(
        project_id=dict(type='str', required=True),
        source=dict(type='dict', required=required, options=dict(
            project_id=dict(type='str', required=True),
            cluster_name=dict(type='str', required=True),
            managed_authentication=dict(type='bool', default=False),
            username=dict(type='str'),
            password=dict(type='str', no_log=True),
            ssl=dict(type='bool', default=False),
            ca_certificate_path=dict(type='str'),
        )),
        destination=dict(type='dict', required=required, options=dict(
            cluster_name=dict(type='str', required=True),
            hostname_schema_type=dict(type='str', default='PUBLIC', choices=['PUBLIC', 'PRIVATE_LINK', 'VPC_PEERING']),
            private_link_id=dict(type='str'),
        )),
        migration_host=dict(type='str', required=required),
        drop_destination_data=dict(type='bool', default=False),
        sharding=dict(type='dict', options=dict(
            create_supporting_indexes=dict(type='bool', required=True),
            sharding_entries=dict(type='list', elements='dict', required=True, options=dict(
                database=dict(type='str', required=True),
                collection=dict(type='str', required=True),
                shard_key=dict(type='list', elements='dict', required=True, no_log=False),
            )),
        )),
    )


def waits(timeout, interval):
    """wait_timeout and poll_interval with the module's defaults (checked by validation.validate_waits)."""
    return dict(wait_timeout=dict(type='int', default=timeout), poll_interval=dict(type='float', default=interval))


def recording():
    """state_file and state_lock_timeout: the state file a migration module keeps its record in (recorder.py)."""
    return dict(state_file=dict(type='path'), state_lock_timeout=dict(type='int', default=60))


# -- one function per module --------------------------------------------------------------------

def atlas_link_token():
    return ModuleArguments(ATLAS, dict(
        org_id=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        access_list_ips=dict(type='list', elements='str'),
        count=dict(type='int'),
    ))


def atlas_live_migration():
    options = migration_request(required=False)
    options.update(
        state=dict(type='str', default='present', choices=['present', 'cutover']),
        live_migration_id=dict(type='str'),
        wait_for=dict(type='str', choices=['ready_for_cutover', 'complete']),
        cutover_max_lag=dict(type='int'),
        cutover_gate_timeout=dict(type='int', default=0),
        source_org_id=dict(type='str'),
        restart=dict(type='bool', default=False),
        **dict(waits(3600, 10), **recording())
    )
    # live_migration_id with state=cutover, the request options to start, and the cutover gate with state=present, are
    # checked by the module's validate() (or when a start is decided), naming the option.
    return ModuleArguments(ATLAS, options)


def atlas_live_migration_validation():
    options = migration_request(required=True)
    options.update(wait=dict(type='bool', default=True), validation_id=dict(type='str'), **dict(waits(600, 5), **recording()))
    return ModuleArguments(ATLAS, options)


def atlas_live_migration_info():
    # The entries of live_migrations are checked by the module's validate(), naming live_migrations[i].option.
    return ModuleArguments(ATLAS, dict(
        project_id=dict(type='str'),
        live_migration_id=dict(type='str'),
        live_migrations=dict(type='list', elements='dict', options=dict(
            project_id=dict(type='str'),
            live_migration_id=dict(type='str'),
        )),
    ), mutually_exclusive=[('project_id', 'live_migrations'), ('live_migration_id', 'live_migrations')],
        required_one_of=[('project_id', 'live_migrations')], required_together=[('project_id', 'live_migration_id')])


def atlas_live_migration_projects_info():
    return ModuleArguments(ATLAS, dict(org_id=dict(type='str', required=True)))


def om_migration_link():
    return ModuleArguments(OM, dict(
        org_id=dict(type='str'),
        links=dict(type='list', elements='dict', options=dict(
            org_id=dict(type='str', required=True),
            link_token=dict(type='str', no_log=True),
            current_status=dict(type='str', choices=LINK_STATUSES),
        )),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        link_token=dict(type='str', no_log=True),
        force=dict(type='bool', default=False),
    ), mutually_exclusive=[('org_id', 'links'), ('link_token', 'links')], required_one_of=[('org_id', 'links')])


def om_migration_link_info():
    return ModuleArguments(OM, dict(org_id=dict(type='str'), org_ids=dict(type='list', elements='str')),
                           mutually_exclusive=[('org_id', 'org_ids')], required_one_of=[('org_id', 'org_ids')])


def migration_state():
    return ModuleArguments(None, dict(
        path=dict(type='path'),
        migrations=dict(type='dict', default={}),
        records=dict(type='list', elements='dict', default=[]),
        remove=dict(type='list', elements='str', default=[]),
        lock_timeout=dict(type='int', default=60),
    ))


def om_agent_api_key():
    return ModuleArguments(OM, dict(
        project_id=dict(type='str', required=True),
        description=dict(type='str'),
        key_id=dict(type='str', no_log=False),
        state=dict(type='str', default='present', choices=['present', 'absent']),
    ), required_if=[('state', 'present', ('description',)), ('state', 'absent', ('description', 'key_id'), True)],
        mutually_exclusive=[('description', 'key_id')])


def om_agent_api_key_info():
    return ModuleArguments(OM, dict(project_id=dict(type='str', required=True)))
