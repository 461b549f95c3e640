# shellcheck shell=bash
# Sourced by the runme.sh of each integration target: starts the API simulator on a free
# loopback port for this target only and stops it when the target ends (it also stops on its
# own after LM_SIM_LIFETIME seconds). Exports LM_SIM_URL and the simulator's demo credentials.
# Extra simulator options: LM_SIM_ARGS (a string, e.g. "--no-link-answer not_synced").

# Only the options the playbooks set may reach the modules: no credentials from the caller's environment.
unset MONGODB_ATLAS_BASE_URL MONGODB_ATLAS_PUBLIC_KEY MONGODB_ATLAS_PRIVATE_KEY MONGODB_ATLAS_PUBLIC_API_KEY \
    MONGODB_ATLAS_PRIVATE_API_KEY MONGODB_ATLAS_CLIENT_ID MONGODB_ATLAS_CLIENT_SECRET MONGODB_OM_BASE_URL \
    MONGODB_OM_PUBLIC_KEY MONGODB_OM_PRIVATE_KEY MONGODB_OM_CLIENT_ID MONGODB_OM_CLIENT_SECRET MCLI_OPS_MANAGER_URL \
    MCLI_PUBLIC_API_KEY MCLI_PRIVATE_API_KEY

lm_collection_root() {
    # ansible-test may run targets from a temporary copy of tests/integration; the simulator
    # lives in the collection itself, which ANSIBLE_COLLECTIONS_PATH points at.
    local candidate dir
    for candidate in ${ANSIBLE_COLLECTIONS_PATH//:/ }; do
        dir="${candidate}/ansible_collections/livemigrate/mongodb"
        [ -d "${dir}/tests/simulator" ] && { echo "${dir}"; return 0; }
    done
    dir="$(pwd)"
    while [ "${dir}" != "/" ]; do
        [ -d "${dir}/tests/simulator" ] && { echo "${dir}"; return 0; }
        dir="$(dirname "${dir}")"
    done
    echo "livemigrate: cannot find tests/simulator of the collection" >&2
    return 1
}

LM_COLLECTION_ROOT="$(lm_collection_root)"
LM_PYTHON="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
LM_SIM_TMP="$(mktemp -d)"
# shellcheck disable=SC2086
(cd "${LM_COLLECTION_ROOT}" && exec "${LM_PYTHON}" -m tests.simulator --lifetime "${LM_SIM_LIFETIME:-1200}" \
    --url-file "${LM_SIM_TMP}/url" ${LM_SIM_ARGS:-} > "${LM_SIM_TMP}/simulator.log" 2>&1) &
LM_SIM_PID=$!
trap 'kill "${LM_SIM_PID}" 2>/dev/null || true; rm -rf "${LM_SIM_TMP}"' EXIT

for _ in $(seq 1 100); do
    [ -s "${LM_SIM_TMP}/url" ] && break
    sleep 0.1
done
if [ ! -s "${LM_SIM_TMP}/url" ]; then
    cat "${LM_SIM_TMP}/simulator.log" >&2
    echo "livemigrate: the simulator did not start" >&2
    exit 1
fi

LM_SIM_URL="$(cat "${LM_SIM_TMP}/url")"
LM_SIM_CREDENTIALS="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c 'import json; from tests.simulator import constants as c; print(json.dumps({"public_key": c.DEFAULT_PUBLIC_KEY, "private_key": c.DEFAULT_PRIVATE_KEY, "client_id": c.DEFAULT_CLIENT_ID, "client_secret": c.DEFAULT_CLIENT_SECRET}))')"
export LM_SIM_URL LM_SIM_CREDENTIALS LM_COLLECTION_ROOT
# Playbooks run the modules with the controller's Python (the one that has requests).
export ANSIBLE_PYTHON_INTERPRETER="${LM_PYTHON}"

# lm_sim COMMAND...: the simulator's control API from a shell (python -m tests.support.sim_control --help).
lm_sim() {
    PYTHONPATH="${LM_COLLECTION_ROOT}${PYTHONPATH:+:${PYTHONPATH}}" "${LM_PYTHON}" -m tests.support.sim_control "$@"
}
