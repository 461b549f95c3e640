"""_module/arguments.py: each module's spec and rules, through ansible-core's ArgumentSpecValidator
(tests/support/module_params.py), as AnsibleModule applies them before the module runs."""

import pytest

from ansible_collections.livemigrate.mongodb.plugins.module_utils._module import arguments, connection
from tests.support.module_params import InvalidParameters, module_params

ORG = '6a1b2c3d4e5f60718293a4b5'
ORG2 = '6a1b2c3d4e5f60718293a4b6'
PROJECT = '64b7c2e9d1a3b6c8e0f1a2b3'
JOB = '6f0a1b2c3d4e5f6071829304'
REQUEST = dict(project_id=PROJECT, source=dict(project_id=ORG, cluster_name='rs0'), destination=dict(cluster_name='Cluster0'),
               migration_host='mh1.example.com')

MODULES = ['atlas_link_token', 'atlas_live_migration', 'atlas_live_migration_validation', 'atlas_live_migration_info',
           'atlas_live_migration_projects_info', 'om_migration_link', 'om_migration_link_info', 'om_agent_api_key',
           'om_agent_api_key_info']


def refused(name, **params):
    with pytest.raises(InvalidParameters) as err:
        module_params(getattr(arguments, name)(), params)
    return str(err.value)


def accepted(name, **params):
    return module_params(getattr(arguments, name)(), params)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ('MONGODB_ATLAS_BASE_URL', 'MONGODB_OM_BASE_URL', 'MCLI_OPS_MANAGER_URL'):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize('name', MODULES)
def test_every_module_has_the_connection_options_of_its_family(name):
    spec = getattr(arguments, name)()
    assert spec.family == (arguments.OM if name.startswith('om_') else arguments.ATLAS)
    assert set(connection.CONNECTION_OPTIONS) <= set(spec.argument_spec)
    assert spec.module_kwargs()['supports_check_mode'] is True


# -- om_migration_link ------------------------------------------------------------------------

def test_om_migration_link_org_id_and_links_are_mutually_exclusive():
    assert 'mutually exclusive: org_id|links' in refused('om_migration_link', org_id=ORG, links=[dict(org_id=ORG2)])


def test_om_migration_link_link_token_and_links_are_mutually_exclusive():
    message = refused('om_migration_link', link_token='x', links=[dict(org_id=ORG2)])
    assert 'mutually exclusive: link_token|links' in message
    assert 'x' not in message.replace('exclusive', '').replace('mutually', '')


def test_om_migration_link_needs_org_id_or_links():
    assert 'one of the following is required: org_id, links' in refused('om_migration_link', state='absent')


def test_om_migration_link_defaults_and_current_status():
    params = accepted('om_migration_link', links=[dict(org_id=ORG, current_status='NONE'), dict(org_id=ORG2)])
    assert params['state'] == 'present' and params['force'] is False
    assert [entry['current_status'] for entry in params['links']] == ['NONE', None]
    assert 'current_status' in refused('om_migration_link', links=[dict(org_id=ORG, current_status='LINKED')])
    assert 'org_id' in refused('om_migration_link', links=[dict(link_token='x')])


def test_om_migration_link_tokens_are_no_log():
    spec = arguments.om_migration_link().argument_spec
    assert spec['link_token']['no_log'] is True and spec['links']['options']['link_token']['no_log'] is True


# -- om_migration_link_info -------------------------------------------------------------------

def test_om_migration_link_info_rules():
    assert 'mutually exclusive: org_id|org_ids' in refused('om_migration_link_info', org_id=ORG, org_ids=[ORG2])
    assert 'one of the following is required: org_id, org_ids' in refused('om_migration_link_info')
    assert accepted('om_migration_link_info', org_ids=[ORG, ORG2])['org_ids'] == [ORG, ORG2]


# -- Atlas modules ----------------------------------------------------------------------------

def test_atlas_link_token_needs_org_id_and_has_defaults():
    assert 'org_id' in refused('atlas_link_token')
    params = accepted('atlas_link_token', org_id=ORG)
    assert params['state'] == 'present' and params['count'] is None and params['base_url'] == 'https://cloud.mongodb.com'


def test_the_request_is_required_for_a_validation_only():
    """One truth for "required": migration_request(required) says it per module, no module patches it."""
    message = refused('atlas_live_migration_validation', project_id=PROJECT)
    for option in ('source', 'destination', 'migration_host'):
        assert option in message
    assert accepted('atlas_live_migration', project_id=PROJECT, live_migration_id=JOB)['source'] is None
    assert accepted('atlas_live_migration_validation', **REQUEST)['wait'] is True


def test_the_request_suboptions_keep_their_own_required():
    no_cluster = dict(REQUEST)
    no_cluster['source'] = dict(project_id=ORG)
    assert 'cluster_name' in refused('atlas_live_migration', **no_cluster)
    params = accepted('atlas_live_migration', **REQUEST)
    assert params['destination']['hostname_schema_type'] == 'PUBLIC'
    assert params['wait_timeout'] == 3600 and params['poll_interval'] == 10
    validation = accepted('atlas_live_migration_validation', **REQUEST)
    assert validation['wait_timeout'] == 600 and validation['poll_interval'] == 5


def test_the_request_spec_is_a_new_dict_each_time():
    arguments.atlas_live_migration().argument_spec['source']['required'] = True
    assert arguments.atlas_live_migration().argument_spec['source']['required'] is False


@pytest.mark.parametrize('name, params', [
    ('atlas_live_migration', dict(project_id=PROJECT, state='revert')),
    ('atlas_live_migration_info', dict(project_id=PROJECT)),
    ('atlas_live_migration_projects_info', dict()),
])
def test_atlas_migration_modules_refuse_a_bad_choice_or_a_missing_id(name, params):
    refused(name, **params)


def test_unknown_options_are_refused():
    message = refused('om_migration_link_info', org_id=ORG, orgid=ORG)
    assert 'orgid' in message and 'Supported parameters include' in message
