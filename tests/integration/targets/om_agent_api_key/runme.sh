#!/usr/bin/env bash
# om_agent_api_key: check mode -> create (key returned once) -> keep -> info (masked) -> absent -> absent again,
# bad input refused before any request, and the key never in the -vvvv output of any run.
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh

LOGS="${LM_SIM_TMP}/logs"
SECRETS="${LM_SIM_TMP}/secrets.tsv"
mkdir -p "${LOGS}"

# play NAME: ansible-playbook -vvvv NAME.yml into ${LOGS}/NAME.log; shows the log when it fails.
play() {
    if ! ansible-playbook -i localhost, -vvvv "$1.yml" "${@:2}" > "${LOGS}/$1.log" 2>&1; then
        tail -n 80 "${LOGS}/$1.log"
        echo "om_agent_api_key: $1.yml failed" >&2
        exit 1
    fi
    echo "== $1: $(sed -n '/^PLAY RECAP/,$p' "${LOGS}/$1.log" | grep -E 'changed=' | sed 's/  */ /g')"
}

play present
# The key exists in the simulator only until absent.yml removes it: collect it now.
lm_sim collect-secrets "${SECRETS}"
play absent
play bad_input
lm_sim collect-secrets "${SECRETS}"
lm_sim scan --secrets "${SECRETS}" "${LOGS}"/*.log
