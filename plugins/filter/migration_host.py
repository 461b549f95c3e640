# -*- coding: utf-8 -*-
# Copyright: (c) 2026, livemigrate.mongodb contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The decisions and messages of the livemigrate.mongodb.migration_host role (documented in the adjacent NAME.yml files)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.livemigrate.mongodb.plugins.filter.link import object_id

PACKAGE = 'mongodb-mms-automation-agent-manager'
SERVICE = 'mongodb-mms-automation-agent'
CONFIG = '/etc/mongodb-mms/automation-agent.config'
LOG = '/var/log/mongodb-mms-automation/automation-agent.log'
CACHE = '/var/cache/livemigrate-migration-host'
# The file names Cloud/Ops Manager serves under {base_url}/download/agent/automation/ (docs/migration-host-facts.md):
# per package format, the architecture name the package uses and the platform suffix of the "latest" build.
FORMATS = {'Debian': 'deb', 'RedHat': 'rpm'}
ARCHITECTURES = {
    'deb': {'x86_64': ('amd64', 'ubuntu1604'), 'aarch64': ('arm64', 'ubuntu1804')},
    'rpm': {'x86_64': ('x86_64', 'rhel7'), 'aarch64': ('aarch64', 'rhel8')},
}
VERSION_ARGV = {
    'deb': (['dpkg-query', '--show', '--showformat', '${Version}', PACKAGE], ['dpkg-deb', '--field', '{file}', 'Version']),
    'rpm': (['rpm', '-q', '--queryformat', '%{VERSION}-%{RELEASE}', PACKAGE],
            ['rpm', '-qp', '--queryformat', '%{VERSION}-%{RELEASE}', '{file}']),
}


def _fail(message):
    raise AnsibleFilterError(message)


def _file_name(package_format, architecture, platform):
    arch = ARCHITECTURES[package_format].get(architecture)
    if arch is None:
        _fail('migration_host_architecture: %s is not a 64-bit architecture MongoDB builds the agent for (%s); set '
              'migration_host_package_url or migration_host_package_file.' % (
                  architecture, ', '.join(sorted(ARCHITECTURES[package_format]))))
    name, default_platform = arch
    platform = platform or default_platform
    if package_format == 'deb':
        return '%s_latest_%s.%s.deb' % (PACKAGE, name, platform)
    return '%s-latest.%s.%s.rpm' % (PACKAGE, name, platform)


def migration_host_plan(state, project_id, om, os_family, architecture, package_url='', package_file='',
                        package_platform='', api_key='', create_api_key=False, atlas_org_id='', wait=True,
                        remove_api_key=False):
    """What the role does on this host, after checking every input: fails, naming the variable, before any change."""
    if state not in ('present', 'absent'):
        _fail('migration_host_state: must be present or absent, got %r.' % (state,))
    package_format = FORMATS.get(os_family)
    if package_format is None:
        _fail('migration_host_os_family: %s is not supported; the MongoDB Agent comes as deb (Debian family) or rpm (RedHat '
              'family) packages.' % (os_family,))
    om = om or {}
    needs_api = state == 'present' and (create_api_key or wait) or state == 'absent' and remove_api_key
    if state == 'present' or remove_api_key:
        project_id = object_id(project_id, 'migration_host_project_id', 'a project id')
    base_url = (om.get('base_url') or '').rstrip('/')
    if state == 'present' and not base_url:
        _fail('migration_host_om.base_url: is required; the agent downloads its package from it and reports to it '
              '(mmsBaseUrl), for example https://cloud.mongodb.com or https://opsmanager.example.com:8443.')
    if state == 'present' and create_api_key and api_key:
        _fail('migration_host_api_key: give it or set migration_host_create_api_key, not both.')
    if state == 'present' and not create_api_key and not api_key:
        _fail('migration_host_api_key: is required (an agent API key of project %s), or set '
              'migration_host_create_api_key=true.' % project_id)
    if state == 'present' and wait and not atlas_org_id:
        _fail('migration_host_atlas_org_id: is required to wait until Atlas lists the host '
              '(or set migration_host_wait=false).')
    if state == 'present' and wait:
        object_id(atlas_org_id, 'migration_host_atlas_org_id', 'an organization id')
    file_name = package_file.rstrip('/').rsplit('/', 1)[-1] if package_file else (
        package_url.rsplit('/', 1)[-1] if package_url else _file_name(package_format, architecture, package_platform))
    installed_argv, file_argv = VERSION_ARGV[package_format]
    cache_path = '%s/%s' % (CACHE, file_name)
    return dict(
        state=state, project_id=project_id, format=package_format, package=PACKAGE, service=SERVICE, config=CONFIG,
        log=LOG, cache_dir=CACHE, cache_path=cache_path, base_url=base_url, needs_api=bool(needs_api),
        url='' if package_file else (package_url or '%s/download/agent/automation/%s' % (base_url, file_name)),
        installed_version_argv=installed_argv,
        file_version_argv=[part.replace('{file}', cache_path) for part in file_argv])


def _version(result):
    result = result or {}
    if result.get('skipped') or result.get('rc') != 0:
        return ''
    return (result.get('stdout') or '').strip()


def migration_host_install(installed, downloaded, check_mode=False):
    """Whether to install the package file: when the agent is missing or its version differs from the file's."""
    have, offered = _version(installed), _version(downloaded)
    if not offered:
        if check_mode:
            # The package file is not downloaded in check mode: predict an install unless the agent is there.
            return not have
        _fail('The agent package file could not be read: %s' % (
            (downloaded or {}).get('stderr') or (downloaded or {}).get('msg') or 'no version'))
    return have != offered


def migration_host_installed(installed):
    """Whether the agent package is installed (from the version probe)."""
    return bool(_version(installed))


def migration_host_api_key(api_key='', created=None, has_key_line=None, check_mode=False, description=''):
    """The agent API key to write as mmsApiKey; '' to keep the line that is there.

    The key's value is only in the answer to its creation: when the key of this description exists already, the
    configuration must hold it from the run that created it.
    """
    if api_key:
        return api_key
    created = created or {}
    if created.get('changed') and created.get('key'):
        # Only the answer to a creation holds the whole key (later reads show its last characters).
        return created['key']
    if created.get('changed') and check_mode:
        return 'created-by-the-run-not-in-check-mode'
    if (has_key_line or {}).get('rc') == 0:
        return ''
    if check_mode:
        return ''
    _fail('The agent API key "%s" exists, but its value is returned only when it is created and %s has no '
          'mmsApiKey. Remove that key (migration_host_state=absent with migration_host_remove_api_key=true, or '
          'livemigrate.mongodb.om_agent_api_key state=absent) and run again, or pass migration_host_api_key.' % (
              description, CONFIG))


def migration_host_config(plan, oplog_path, api_key=''):
    """The configuration lines the role owns, as [{key, value}], mmsApiKey (secret) only when a value is to be written."""
    lines = [dict(key='mmsGroupId', value=plan['project_id']),
             dict(key='mmsBaseUrl', value=plan['base_url']),
             dict(key='agentFeatureCloudMigrationEnabled', value='true')]
    if oplog_path:
        lines.append(dict(key='cloudMigrationOplogPath', value=oplog_path))
    if api_key:
        lines.append(dict(key='mmsApiKey', value=api_key))
    return lines


def _listed(projects, project_id, host_name):
    for project in (projects or {}).get('projects') or []:
        if project.get('project_id') == project_id:
            return host_name in (project.get('migration_hosts') or [])
    return False


def migration_host_listed(projects, project_id, host_name):
    """Whether Atlas lists host_name as a migration host of the source project (the until of the wait)."""
    return _listed(projects, project_id, host_name)


def migration_host_wait_message(projects, plan, host_name, atlas_org_id, timeout):
    """'' when the host is listed; else what to check, for the fail task after the wait."""
    if _listed(projects, plan['project_id'], host_name):
        return ''
    projects = projects or {}
    if projects.get('msg') and not projects.get('projects'):
        reason = 'reading availableProjects failed: %s' % projects['msg']
    else:
        listed = [p for p in projects.get('projects') or [] if p.get('project_id') == plan['project_id']]
        reason = ('source project %s is not available to Atlas organization %s (is its organization linked?)' % (
            plan['project_id'], atlas_org_id) if not listed else
            'its migration hosts are: %s' % (', '.join(listed[0].get('migration_hosts') or []) or 'none'))
    return ('Atlas does not list %s as a migration host of source project %s after %s seconds; %s. On the host, check '
            'that the service %s runs, that %s has mmsGroupId=%s, mmsBaseUrl=%s, a valid mmsApiKey and '
            'agentFeatureCloudMigrationEnabled=true, that the host reaches %s, and read the agent log %s. If the agent '
            'reports another host name, set migration_host_name to it.' % (
                host_name, plan['project_id'], timeout, reason, plan['service'], plan['config'], plan['project_id'],
                plan['base_url'], plan['base_url'], plan['log']))


class FilterModule(object):
    def filters(self):
        return {
            'migration_host_plan': migration_host_plan,
            'migration_host_install': migration_host_install,
            'migration_host_installed': migration_host_installed,
            'migration_host_api_key': migration_host_api_key,
            'migration_host_config': migration_host_config,
            'migration_host_listed': migration_host_listed,
            'migration_host_wait_message': migration_host_wait_message,
        }
