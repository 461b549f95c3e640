#!/usr/bin/env bash
# atlas_live_migration_info: one migration, and many in one module run (live_migrations).
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
output="${LM_SIM_TMP}/main.txt"
SECRETS="${LM_SIM_TMP}/secrets.tsv"
if ! ansible-playbook -i localhost, -vvvv main.yml "$@" > "${output}" 2>&1; then
    tail -n 150 "${output}"
    exit 1
fi
grep -E '^(TASK|PLAY RECAP|localhost)' "${output}" | tail -n 3
lm_sim collect-secrets "${SECRETS}"
lm_sim scan --secrets "${SECRETS}" "${output}"
echo "atlas_live_migration_info: all scenarios passed"
