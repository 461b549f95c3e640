#!/usr/bin/env bash
set -eu
# Only the options the playbooks set may reach the modules: no credentials from the caller's environment.
unset MONGODB_ATLAS_BASE_URL MONGODB_ATLAS_PUBLIC_KEY MONGODB_ATLAS_PRIVATE_KEY MONGODB_ATLAS_PUBLIC_API_KEY \
    MONGODB_ATLAS_PRIVATE_API_KEY MONGODB_ATLAS_CLIENT_ID MONGODB_ATLAS_CLIENT_SECRET MONGODB_OM_BASE_URL \
    MONGODB_OM_PUBLIC_KEY MONGODB_OM_PRIVATE_KEY MONGODB_OM_CLIENT_ID MONGODB_OM_CLIENT_SECRET MCLI_OPS_MANAGER_URL \
    MCLI_PUBLIC_API_KEY MCLI_PRIVATE_API_KEY
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
output="${LM_SIM_TMP}/main.txt"
if ! ansible-playbook -i localhost, -vvvv main.yml "$@" > "${output}" 2>&1; then
    tail -n 150 "${output}"
    exit 1
fi
grep -E '^(TASK|PLAY RECAP|localhost)' "${output}" | tail -n 3
# The source password (no_log) never shows, even at -vvvv. Left out: the simulator's request log, which the
# playbook reads (sim_log.yml) and which holds the request bodies sent to it ("body": ...).
if grep -v -F '"body": ' "${output}" | grep -F -q 'Src-Passw0rd-4-Test'; then
    echo "atlas_live_migration: the source password shows in the -vvvv output" >&2
    exit 1
fi
echo "atlas_live_migration: all scenarios passed; the source password is not in $(wc -l < "${output}") lines of -vvvv output"
