"""The migration_host role's filters, on inputs shaped as the role passes them (no host, no simulator)."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.migration_host import (
    CONFIG, FilterModule, migration_host_api_key, migration_host_config, migration_host_install,
    migration_host_installed, migration_host_listed, migration_host_plan, migration_host_wait_message)

PROJECT = '6a1b2c3d4e5f60718293a4b6'
ATLAS = '5f4b7c2e9d1a3b6c8e0f1a2b'
OM = dict(base_url='https://om.example.com:8443/', public_key='pub', private_key='secret')


def plan(**changes):
    args = dict(state='present', project_id=PROJECT, om=OM, os_family='Debian', architecture='x86_64',
                api_key='agent-key', atlas_org_id=ATLAS)
    args.update(changes)
    return migration_host_plan(**args)


def probe(rc, stdout=''):
    return dict(changed=False, rc=rc, stdout=stdout, stderr='' if rc == 0 else 'not installed')


def test_every_filter_is_registered():
    assert sorted(FilterModule().filters()) == [
        'migration_host_api_key', 'migration_host_config', 'migration_host_install', 'migration_host_installed',
        'migration_host_listed', 'migration_host_plan', 'migration_host_wait_message']


def test_plan_deb_download_url_follows_the_documented_pattern():
    result = plan()
    assert result['format'] == 'deb'
    assert result['url'] == ('https://om.example.com:8443/download/agent/automation/'
                             'mongodb-mms-automation-agent-manager_latest_amd64.ubuntu1604.deb')
    assert result['file_version_argv'][-1] == 'Version' and result['cache_path'] in result['file_version_argv']
    assert result['base_url'] == 'https://om.example.com:8443'


def test_plan_rpm_and_arm():
    assert plan(os_family='RedHat')['url'].endswith('/mongodb-mms-automation-agent-manager-latest.x86_64.rhel7.rpm')
    assert plan(os_family='RedHat', architecture='aarch64')['url'].endswith('-latest.aarch64.rhel8.rpm')
    assert plan(architecture='aarch64', package_platform='ubuntu2204')['url'].endswith('_latest_arm64.ubuntu2204.deb')


def test_plan_overrides():
    assert plan(package_url='https://mirror.example.com/agent.deb')['url'] == 'https://mirror.example.com/agent.deb'
    local = plan(package_file='files/agent-107.deb')
    assert local['url'] == '' and local['cache_path'].endswith('/agent-107.deb')


@pytest.mark.parametrize('changes, named', [
    (dict(project_id='nope'), 'migration_host_project_id'),
    (dict(project_id=None), 'migration_host_project_id'),
    (dict(os_family='Solaris'), 'migration_host_os_family: Solaris'),
    (dict(architecture='i386'), 'migration_host_architecture: i386'),
    (dict(om={'public_key': 'pub'}), 'migration_host_om.base_url'),
    (dict(om=None), 'migration_host_om.base_url'),
    (dict(api_key=''), 'migration_host_api_key'),
    (dict(create_api_key=True), 'not both'),
    (dict(atlas_org_id=''), 'migration_host_atlas_org_id'),
    (dict(atlas_org_id='x'), 'migration_host_atlas_org_id'),
    (dict(state='gone'), 'migration_host_state'),
])
def test_plan_bad_input_names_the_variable(changes, named):
    with pytest.raises(AnsibleFilterError, match=named):
        plan(**changes)


def test_plan_bad_input_never_shows_the_key():
    with pytest.raises(AnsibleFilterError) as caught:
        plan(om=dict(public_key='pub', private_key='secret'))
    assert 'secret' not in str(caught.value)


def test_plan_absent_needs_neither_base_url_nor_key():
    result = plan(state='absent', om={}, api_key='', project_id=None)
    assert result['state'] == 'absent' and result['package'] == 'mongodb-mms-automation-agent-manager'
    with pytest.raises(AnsibleFilterError, match='migration_host_project_id'):
        plan(state='absent', om={}, api_key='', project_id=None, remove_api_key=True)


def test_plan_without_wait_needs_no_atlas_org():
    assert plan(atlas_org_id='', wait=False)['needs_api'] is False


def test_plan_unquoted_digit_project_id():
    assert plan(project_id=650000000000000000000003)['project_id'] == '650000000000000000000003'


def test_install_only_when_missing_or_another_version():
    assert migration_host_install(probe(1), probe(0, '107.0.1-1')) is True
    assert migration_host_install(probe(0, '107.0.1-1'), probe(0, '107.0.1-1')) is False
    assert migration_host_install(probe(0, '107.0.1-1'), probe(0, '107.0.2-1')) is True


def test_install_check_mode_without_the_file():
    assert migration_host_install(probe(1), probe(2), check_mode=True) is True
    assert migration_host_install(probe(0, '1-1'), probe(2), check_mode=True) is False
    with pytest.raises(AnsibleFilterError, match='could not be read'):
        migration_host_install(probe(1), probe(2))


def test_installed():
    assert migration_host_installed(probe(0, '1-1')) is True
    assert migration_host_installed(probe(1)) is False
    assert migration_host_installed(dict(skipped=True)) is False


def test_api_key_given_created_kept():
    assert migration_host_api_key('given') == 'given'
    assert migration_host_api_key('', dict(changed=True, key='created', id='x')) == 'created'
    assert migration_host_api_key('', dict(changed=False, id='x'), probe(0)) == ''
    assert migration_host_api_key('', dict(changed=True), probe(2), check_mode=True) != ''


def test_api_key_exists_but_config_lost_it():
    with pytest.raises(AnsibleFilterError) as caught:
        migration_host_api_key('', dict(changed=False, id='x'), probe(1), False, 'migration host mh1')
    assert 'migration host mh1' in str(caught.value) and CONFIG in str(caught.value)
    assert migration_host_api_key('', dict(changed=False, id='x'), probe(1), True) == ''


def test_config_lines():
    lines = migration_host_config(plan(), '/data/oplog', 'k')
    assert [(line['key'], line['value']) for line in lines] == [
        ('mmsGroupId', PROJECT), ('mmsBaseUrl', 'https://om.example.com:8443'),
        ('agentFeatureCloudMigrationEnabled', 'true'), ('cloudMigrationOplogPath', '/data/oplog'), ('mmsApiKey', 'k')]
    assert [line['key'] for line in migration_host_config(plan(), '', '')] == [
        'mmsGroupId', 'mmsBaseUrl', 'agentFeatureCloudMigrationEnabled']


def projects(*entries, **extra):
    result = dict(changed=False, org_id=ATLAS, projects=[dict(project_id=p, migration_hosts=h) for p, h in entries])
    result.update(extra)
    return result


def test_listed():
    assert migration_host_listed(projects((PROJECT, ['mh1', 'mh2'])), PROJECT, 'mh2') is True
    assert migration_host_listed(projects((PROJECT, ['mh1'])), PROJECT, 'mh2') is False
    assert migration_host_listed(projects(('6a1b2c3d4e5f60718293a4b7', ['mh2'])), PROJECT, 'mh2') is False
    assert migration_host_listed(dict(skipped=True), PROJECT, 'mh2') is False


def test_wait_message():
    assert migration_host_wait_message(projects((PROJECT, ['mh1'])), plan(), 'mh1', ATLAS, 30) == ''
    message = migration_host_wait_message(projects((PROJECT, ['mh9'])), plan(), 'mh1', ATLAS, 30)
    assert 'mh1' in message and 'mh9' in message and '/var/log/mongodb-mms-automation/automation-agent.log' in message
    assert 'mongodb-mms-automation-agent' in message and 'migration_host_name' in message
    assert 'is its organization linked' in migration_host_wait_message(projects(), plan(), 'mh1', ATLAS, 30)
    failed = projects(failed=True, msg='HTTP 401 UNAUTHORIZED')
    failed['projects'] = []
    assert 'HTTP 401' in migration_host_wait_message(failed, plan(), 'mh1', ATLAS, 30)
