#!/usr/bin/env bash
# Integration test of the livemigrate.mongodb.migration_host role: provisions THIS machine (localhost, connection
# local, as root) as a migration host with a stand-in agent package, against the API simulator; see README.md.
# Leaves the machine as it found it: the EXIT trap removes the package, its files, service and user even on failure.
set -eu

SERVICE=mongodb-mms-automation-agent
PACKAGE=mongodb-mms-automation-agent-manager
AGENT_USER=mongod
# Everything the package, the role or a failed run may leave behind.
LEFTOVERS=(/etc/mongodb-mms /var/log/mongodb-mms-automation /var/lib/mongodb-mms-automation
    /var/cache/livemigrate-migration-host /opt/mongodb-mms-automation "/etc/init.d/${SERVICE}" "/run/${SERVICE}.pid")

skip() { echo "role_migration_host: SKIPPED: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (it installs a package, a service and the user ${AGENT_USER})"
for tool in dpkg dpkg-deb start-stop-daemon update-rc.d service useradd; do
    command -v "${tool}" > /dev/null || skip "needs ${tool} (a Debian-family machine)"
done
# Never touch what was there before: the cleanup would remove it.
getent passwd "${AGENT_USER}" > /dev/null && skip "the user ${AGENT_USER} exists already"
dpkg-query --show "${PACKAGE}" > /dev/null 2>&1 && skip "the package ${PACKAGE} is installed already"
for path in "${LEFTOVERS[@]}"; do [ ! -e "${path}" ] || skip "${path} exists already"; done

# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
LOGS="${LM_SIM_TMP}/logs"
mkdir -p "${LOGS}"

cleanup_host() {
    [ -x "/etc/init.d/${SERVICE}" ] && "/etc/init.d/${SERVICE}" stop > /dev/null 2>&1
    dpkg-query --show "${PACKAGE}" > /dev/null 2>&1 && dpkg --purge "${PACKAGE}" > /dev/null 2>&1
    update-rc.d -f "${SERVICE}" remove > /dev/null 2>&1
    rm -rf "${LEFTOVERS[@]}"
    getent passwd "${AGENT_USER}" > /dev/null && userdel "${AGENT_USER}"
    getent group "${AGENT_USER}" > /dev/null && groupdel "${AGENT_USER}"
    return 0
}
# Replaces the trap of start.sh, so it does its part too.
trap 'cleanup_host; kill "${LM_SIM_PID}" 2>/dev/null || true; rm -rf "${LM_SIM_TMP}"' EXIT

OM_ORG=6a1b2c3d4e5f60718293a4b1
LM_SOURCE_PROJECT="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c "from tests.simulator.migration_state import source_project; print(source_project('${OM_ORG}')['projectId'])")"
# The stand-in agent registers this name, as the real agent reports its FQDN.
LM_AGENT_HOSTNAME="$("${LM_PYTHON}" -c 'import socket; print(socket.getfqdn())')"
export LM_SOURCE_PROJECT LM_AGENT_HOSTNAME

ctl() { lm_sim call "$@"; }
fail() { echo "role_migration_host: $*" >&2; [ -z "${LM_KEEP_LOGS:-}" ] || cp -r "${LOGS}" "${LM_KEEP_LOGS}"; exit 1; }
# run NAME ok|fail ARGS...: ansible-playbook -vvvv into ${LOGS}/NAME.log, checks the exit code.
run() {
    local name="$1" want="$2" rc=0 started="${SECONDS}"
    shift 2
    ansible-playbook -i localhost, -vvvv migration_host.yml "$@" > "${LOGS}/${name}.log" 2>&1 || rc=$?
    echo "== ${name}: rc=${rc} ($((SECONDS - started)) s) $(grep -E '^localhost +:' "${LOGS}/${name}.log" | sed 's/  */ /g')"
    if { [ "${want}" = ok ] && [ "${rc}" -ne 0 ]; } || { [ "${want}" = fail ] && [ "${rc}" -eq 0 ]; }; then
        tail -n 60 "${LOGS}/${name}.log"
        fail "${name} exited ${rc}, expected ${want}"
    fi
}
changed() { grep -E '^localhost +:' "${LOGS}/$1.log" | grep -o 'changed=[0-9]*' | cut -d= -f2; }
unchanged() { [ "$(changed "$1")" = 0 ] || fail "$1 reported changes"; }
installed() { dpkg-query --show --showformat '${Version}' "${PACKAGE}" 2>/dev/null || true; }
# API requests (Atlas or Cloud/Ops Manager) since the last call; clears the log.
api_requests() {
    ctl GET /_sim/log | "${LM_PYTHON}" -c 'import json,sys; print(len([r for r in json.load(sys.stdin) if r["path"].startswith("/api/")]))'
    ctl DELETE /_sim/log > /dev/null
}
untouched() {
    if [ -n "$(installed)" ] || [ -e /etc/mongodb-mms ] || getent passwd "${AGENT_USER}" > /dev/null; then
        fail "$1 changed the host"
    fi
    [ "$(api_requests)" = 0 ] || fail "$1 sent API requests"
}
# listed: yes when Atlas lists the agent's host name as a migration host of the source project (availableProjects).
listed() {
    "${LM_PYTHON}" - <<'EOF'
import json, os, requests
from requests.auth import HTTPDigestAuth
creds = json.loads(os.environ['LM_SIM_CREDENTIALS'])
answer = requests.get(os.environ['LM_SIM_URL'] + '/api/atlas/v2/orgs/5f4b7c2e9d1a3b6c8e0f1a2b/liveMigrations/availableProjects',
                      auth=HTTPDigestAuth(creds['public_key'], creds['private_key']),
                      headers={'Accept': 'application/vnd.atlas.2023-01-01+json'}, timeout=10)
answer.raise_for_status()
hosts = [h for p in answer.json() if p['projectId'] == os.environ['LM_SOURCE_PROJECT'] for h in p.get('migrationHosts') or []]
print('yes' if os.environ['LM_AGENT_HOSTNAME'] in hosts else 'no')
EOF
}
# scan_secrets SECRETS_JSON FILE...: fails when a secret the simulator handed out occurs in one of the files.
scan_secrets() {
    (cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" - "$@") <<'EOF'
import json, sys
secrets = json.load(open(sys.argv[1]))
assert any(kind == 'agent API key' for kind in secrets.values()), 'no agent API key was created'
for path in sys.argv[2:]:
    text = open(path, errors='replace').read()
    for secret, kind in secrets.items():
        if secret and secret in text:
            sys.exit('role_migration_host: a %s shows in %s' % (kind, path))
EOF
}
package() {
    (cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -m tests.support.agent_package --version "$1" --out "${LM_SIM_TMP}" \
        --upload "${LM_SIM_URL}") > /dev/null
}

package 107.0.1.8507-1

# Bad input fails before any change on the host or request to an API, naming the variable.
ctl DELETE /_sim/log > /dev/null
run bad-project fail -e migration_host_project_id=not-a-project-id
grep -q 'migration_host_project_id' "${LOGS}/bad-project.log" || fail "bad-project: no variable named"
untouched bad-project
run bad-os fail -e migration_host_os_family=Solaris
grep -q 'migration_host_os_family: Solaris' "${LOGS}/bad-os.log" || fail "bad-os: no variable named"
untouched bad-os
run no-base-url fail -e '{"migration_host_om": {"public_key": "x"}}'
grep -q 'migration_host_om.base_url' "${LOGS}/no-base-url.log" || fail "no-base-url: no variable named"
untouched no-base-url

# Atlas lists the source project's migration hosts once its organization is linked.
ansible-playbook -i localhost, link.yml > "${LOGS}/link.log" 2>&1 || { tail -n 40 "${LOGS}/link.log"; fail "link failed"; }

# Check mode: predicts, installs nothing, creates no agent API key.
ctl DELETE /_sim/log > /dev/null
run check ok --check
[ -z "$(installed)" ] || fail "check mode installed the package"
ctl GET /_sim/log | grep -q '"POST"' && fail "check mode sent a POST"

# Apply: package, configuration, service; Atlas lists the host.
run apply ok --diff
[ "$(installed)" = 107.0.1.8507-1 ] || fail "apply installed '$(installed)'"
[ "$(stat -c '%a %U' /etc/mongodb-mms/automation-agent.config)" = "600 ${AGENT_USER}" ] \
    || fail "config is $(stat -c '%a %U' /etc/mongodb-mms/automation-agent.config)"
grep -q '^agentFeatureCloudMigrationEnabled=true$' /etc/mongodb-mms/automation-agent.config || fail "feature flag missing"
grep -q "^mmsGroupId=${LM_SOURCE_PROJECT}$" /etc/mongodb-mms/automation-agent.config || fail "mmsGroupId missing"
grep -q '^logLevel=INFO$' /etc/mongodb-mms/automation-agent.config || fail "a line the role does not own was lost"
[ "$(stat -c '%U' /var/lib/mongodb-mms-automation/cloud-migration-oplog)" = "${AGENT_USER}" ] || fail "oplog dir owner"
service "${SERVICE}" status > /dev/null || fail "the agent does not run"
[ "$(listed)" = yes ] || fail "the simulator does not list ${LM_AGENT_HOSTNAME}"
ctl GET /_sim/secrets > "${LM_SIM_TMP}/secrets.json"

# Converged: nothing changes.
run again ok
unchanged again

# A host Atlas does not list: the wait fails and says what to check on the host.
run wait-fails fail -e migration_host_name=other.example.invalid -e migration_host_wait_timeout=2
grep -q 'automation-agent.log' "${LOGS}/wait-fails.log" || fail "wait-fails: the message does not name the agent log"

# Another version on the server: installed (and the agent restarted), then converged again.
package 107.0.2.8531-1
run upgrade ok
[ "$(installed)" = 107.0.2.8531-1 ] || fail "upgrade installed '$(installed)'"
run upgrade-again ok
unchanged upgrade-again

# Secrets: the agent API key only in the configuration; no key of either API in the -vvvv output or the agent log.
scan_secrets "${LM_SIM_TMP}/secrets.json" "${LOGS}"/*.log /var/log/mongodb-mms-automation/*

# Absent: stops the agent (it unregisters), removes the package, its files and user, and the agent API key.
run absent ok -e migration_host_state=absent -e migration_host_remove_api_key=true
[ -z "$(installed)" ] || fail "absent left the package"
for path in "${LEFTOVERS[@]}"; do [ ! -e "${path}" ] || fail "absent left ${path}"; done
getent passwd "${AGENT_USER}" > /dev/null && fail "absent left the user ${AGENT_USER}"
[ "$(listed)" = no ] || fail "the simulator still lists ${LM_AGENT_HOSTNAME}"
run absent-again ok -e migration_host_state=absent -e migration_host_remove_api_key=true
unchanged absent-again

# The campaign's provision phase (playbook livemigrate.mongodb.campaign): this machine, in group migration_hosts, is
# the migration host of a campaign's deployment; it is provisioned from scratch between the link and the
# pre-flight, which then finds it listed. (The EXIT trap removes it again.)
lm_sim source-projects "${OM_ORG}" "[{\"projectId\": \"${LM_SOURCE_PROJECT}\", \"deployments\": [{\"name\": \"rs0\",
    \"mongoDBVersion\": \"7.0.14\"}], \"migrationHosts\": []}]" > /dev/null
"${LM_PYTHON}" - "${LM_SIM_TMP}/campaign.yml" <<'EOF'
import json, os, sys
creds = json.loads(os.environ['LM_SIM_CREDENTIALS'])
api = {'base_url': os.environ['LM_SIM_URL'], 'public_key': creds['public_key'], 'private_key': creds['private_key']}
source = os.environ['LM_SOURCE_PROJECT']
host = os.environ['LM_AGENT_HOSTNAME']
inventory = {'all': {
    'vars': {'campaign_atlas_org_id': '5f4b7c2e9d1a3b6c8e0f1a2b', 'campaign_atlas': api, 'campaign_om': api,
             'campaign_source_kind': 'cloud_manager', 'campaign_poll_interval': 1,
             'campaign_output_dir': os.path.dirname(sys.argv[1])},
    'children': {
        'source_orgs': {'hosts': {'org-a': {
            'campaign_source_org_id': '6a1b2c3d4e5f60718293a4b1',
            'campaign_deployments': [{'source': {'project_id': source, 'cluster_name': 'rs0', 'managed_authentication': True},
                                      'destination': {'project_id': '64b7c2e9d1a3b6c8e0f1a2b3', 'cluster_name': 'Cluster0'},
                                      'migration_host': host}]}}},
        'migration_hosts': {'hosts': {'localhost': {
            'ansible_connection': 'local', 'ansible_become_method': 'ansible.builtin.su',
            'migration_host_project_id': source, 'migration_host_name': host, 'migration_host_create_api_key': True,
            'migration_host_wait_timeout': 20, 'migration_host_poll_interval': 1}}}}}}
with open(sys.argv[1], 'w', encoding='utf-8') as handle:
    json.dump(inventory, handle)
EOF
rc=0
ansible-playbook livemigrate.mongodb.campaign -i "${LM_SIM_TMP}/campaign.yml" -vvvv \
    -e '{"campaign_phases": ["link", "provision", "preflight"]}' > "${LOGS}/campaign.log" 2>&1 || rc=$?
echo "== campaign: rc=${rc} $(grep -E '^localhost +:' "${LOGS}/campaign.log" | sed 's/  */ /g')"
[ "${rc}" = 0 ] || { tail -n 60 "${LOGS}/campaign.log"; fail "the campaign's provision phase failed"; }
[ "$(installed)" = 107.0.2.8531-1 ] || fail "the campaign installed '$(installed)'"
[ "$(listed)" = yes ] || fail "the campaign's migration host is not listed"
grep -q '"next_action": "start"' "${LM_SIM_TMP}/campaign-report.json" || fail "the pre-flight after provisioning found problems"
ctl GET /_sim/secrets > "${LM_SIM_TMP}/secrets.json"
scan_secrets "${LM_SIM_TMP}/secrets.json" "${LOGS}/campaign.log" "${LM_SIM_TMP}/campaign-report.json"

echo "role_migration_host: all scenarios passed"
