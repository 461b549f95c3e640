#!/usr/bin/env bash
# Secrets a module learns at run time (a link-token and the private key inside it, an agent API key) in a play
# that forgets no_log, printed at -vvvv:
# - ansible-core 2.22+ (register_secret): neither secret is in the output, and the next tasks still get the real
#   values (the link is made; the key written to a file is the one the simulator issued);
# - older cores: Ansible has no registry, so the secrets do show (the documented reason to set no_log there);
# - every core: no deprecation warning caused by the collection.
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh

LOGS="${LM_SIM_TMP}/logs"
SECRETS="${LM_SIM_TMP}/secrets.tsv"
KEY_FILE="${LM_SIM_TMP}/agent.key"
mkdir -p "${LOGS}"

if ! ansible-playbook -i localhost, -vvvv forgot_no_log.yml -e "key_file=${KEY_FILE}" > "${LOGS}/forgot.log" 2>&1; then
    tail -n 80 "${LOGS}/forgot.log"
    echo "secrets_masking: forgot_no_log.yml failed" >&2
    exit 1
fi
lm_sim collect-secrets "${SECRETS}"

# The key the next task received is one the simulator issued (the file holds the real value, not a mask).
grep -qxF -- "$(cat "${KEY_FILE}")" <(cut -f1 "${SECRETS}") || { echo "secrets_masking: the next task got no real key" >&2; exit 1; }

masks="$("${LM_PYTHON}" -c 'import importlib.util as u; print(int(u.find_spec("ansible.module_utils.secrets") is not None))')"
if [ "${masks}" = 1 ]; then
    lm_sim scan --secrets "${SECRETS}" "${LOGS}/forgot.log"
    # shellcheck disable=SC2016 # the literal mask, not a variable
    grep -qF '$REDACTED$' "${LOGS}/forgot.log" || { echo "secrets_masking: no masked value in the output" >&2; exit 1; }
    echo "secrets_masking: ansible-core masks the registered secrets"
else
    # Without a registry the returned values print: the scan must find them (no_log is needed on this core).
    if lm_sim scan --secrets "${SECRETS}" "${LOGS}/forgot.log" > /dev/null 2>&1; then
        echo "secrets_masking: expected the secrets in the output of a core without register_secret" >&2
        exit 1
    fi
    echo "secrets_masking: this ansible-core has no secret registry (no_log needed, as documented)"
fi

if grep -iE 'deprecat' "${LOGS}/forgot.log" | grep -iE 'livemigrate|module_utils|six' ; then
    echo "secrets_masking: a deprecation warning caused by the collection" >&2
    exit 1
fi
echo "secrets_masking: passed"
