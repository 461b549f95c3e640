#!/usr/bin/env bash
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
ansible-playbook -i localhost, main.yml "$@"

# The token (and the private key inside it) must never show in -vvvv output of no_log tasks.
scan_output="${LM_SIM_TMP}/no_log_scan.txt"
if ! ansible-playbook -i localhost, -vvvv no_log_scan.yml > "${scan_output}" 2>&1; then
    cat "${scan_output}"
    echo "no_log scan: the playbook failed" >&2
    exit 1
fi
secrets="$("${LM_PYTHON}" - "${LM_SIM_URL}" <<'PYTHON'
import json
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1] + '/_sim/state') as answer:
    state = json.load(answer)
for records in state['atlas'].values():
    for record in records:
        print(record['linkToken'])
        print(record['privateApiKey'])
PYTHON
)"
if [ -z "${secrets}" ]; then
    echo "no_log scan: the simulator holds no token, nothing was tested" >&2
    exit 1
fi
leaks=0
while IFS= read -r secret; do
    if grep -F -q -e "${secret}" "${scan_output}"; then
        echo "no_log scan: a link-token secret (${#secret} characters) shows in the -vvvv output" >&2
        leaks=$((leaks + 1))
    fi
done <<< "${secrets}"
[ "${leaks}" -eq 0 ]
echo "no_log scan: $(wc -l < "${scan_output}") lines of -vvvv output hold no token"
