#!/usr/bin/env bash
# migration_state calls no API: no simulator, a temporary directory for the state file.
set -eu
# The modules run with the interpreter ansible-test runs (as setup_simulator/start.sh sets it for the others).
export ANSIBLE_PYTHON_INTERPRETER="${ANSIBLE_TEST_PYTHON_INTERPRETER:-python3}"
state_tmp="$(mktemp -d)"
trap 'rm -rf "${state_tmp}"' EXIT
output="${state_tmp}/main.txt"
if ! ansible-playbook -i localhost, -vvvv main.yml -e "state_dir=${state_tmp}/campaign" "$@" > "${output}" 2>&1; then
    tail -n 150 "${output}"
    exit 1
fi
grep -E '^(TASK|PLAY RECAP|localhost)' "${output}" | tail -n 3
# A password handed in by mistake is refused, and shows neither in the -vvvv output nor in the file.
if grep -F -q 'Src-Passw0rd-4-Test' "${output}" "${state_tmp}/campaign/state.json"; then
    echo "migration_state: the refused password shows in the -vvvv output or the state file" >&2
    exit 1
fi
echo "migration_state: all scenarios passed; the password is not in $(wc -l < "${output}") lines of -vvvv output"
