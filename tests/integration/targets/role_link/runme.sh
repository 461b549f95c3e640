#!/usr/bin/env bash
# Integration test of the livemigrate.mongodb.link role against the API simulator.
# Every playbook runs at -vvvv into its own log; at the end the logs are scanned for every secret
# the runs used (credentials, each link-token, the private key inside each token).
set -eu
source ../setup_simulator/start.sh

LOGS="$(mktemp -d)"
SECRETS="${LOGS}/secrets.txt"
trap 'kill "${LM_SIM_PID}" 2>/dev/null || true; rm -rf "${LM_SIM_TMP}" "${LOGS}"' EXIT

ATLAS=5f4b7c2e9d1a3b6c8e0f1a2b
O1=6a1b2c3d4e5f60718293a4b1 O2=6a1b2c3d4e5f60718293a4b2 O3=6a1b2c3d4e5f60718293a4b3 O4=6a1b2c3d4e5f60718293a4b4
O5=6a1b2c3d4e5f60718293a4b5 O6=6a1b2c3d4e5f60718293a4b6 O7=6a1b2c3d4e5f60718293a4b7
HA=6b1b2c3d4e5f60718293a4c1 HB=6b1b2c3d4e5f60718293a4c2 HC=6b1b2c3d4e5f60718293a4c3

orgs() { local out="" id; for id in "$@"; do out="${out:+${out}, }{\"org_id\": \"${id}\"}"; done; echo "[${out}]"; }
ids() { local out="" id; for id in "$@"; do out="${out:+${out}, }\"${id}\""; done; echo "[${out}]"; }
sim() { lm_sim "$@"; }

# run NAME ok|fail [--om-env] ARGS...: ansible-playbook -vvvv ARGS into ${LOGS}/NAME.log; checks the
# exit code. --om-env: the Cloud/Ops Manager key pair comes from MONGODB_OM_* environment variables.
run() {
    local name="$1" want="$2" rc=0 started="${SECONDS}" prefix=()
    shift 2
    if [ "$1" = --om-env ]; then
        prefix=("${OM_ENV[@]}")
        shift
    fi
    "${prefix[@]}" ansible-playbook -vvvv "$@" > "${LOGS}/${name}.log" 2>&1 || rc=$?
    sim collect-secrets "${SECRETS}"
    echo "== ${name}: rc=${rc} ($((SECONDS - started)) s) $(sed -n '/^PLAY RECAP/,$p' "${LOGS}/${name}.log" | grep -E 'changed=' | sed 's/  */ /g' | tr '\n' ';')"
    if { [ "${want}" = ok ] && [ "${rc}" -ne 0 ]; } || { [ "${want}" = fail ] && [ "${rc}" -eq 0 ]; }; then
        tail -n 120 "${LOGS}/${name}.log"
        echo "role_link: ${name} exited ${rc}, expected ${want}" >&2
        exit 1
    fi
}
# expect_recap NAME zero|nonzero: the changed= count of every host in the recap.
expect_recap() {
    local changed
    changed="$(sed -n '/^PLAY RECAP/,$p' "${LOGS}/$1.log" | grep -o 'changed=[0-9]*' | awk -F= '{sum += $2} END {print sum + 0}')"
    if { [ "$2" = zero ] && [ "${changed}" -ne 0 ]; } || { [ "$2" = nonzero ] && [ "${changed}" -eq 0 ]; }; then
        echo "role_link: $1 reported changed=${changed}, expected $2" >&2
        exit 1
    fi
}
# expect_output NAME TEXT...: each TEXT occurs in the run's output.
expect_output() {
    local name="$1" text
    shift
    for text in "$@"; do
        grep -qF -- "${text}" "${LOGS}/${name}.log" || { echo "role_link: '${text}' not in the output of ${name}" >&2; exit 1; }
    done
}
OM_ENV=(env "MONGODB_OM_PUBLIC_KEY=$(echo "${LM_SIM_CREDENTIALS}" | "${LM_PYTHON}" -c 'import json,sys; print(json.load(sys.stdin)["public_key"])')"
        "MONGODB_OM_PRIVATE_KEY=$(echo "${LM_SIM_CREDENTIALS}" | "${LM_PYTHON}" -c 'import json,sys; print(json.load(sys.stdin)["private_key"])')")

# --- a list of organizations on one host ------------------------------------------------------
# The role's argument spec checks each list entry before anything is sent.
run bad-input fail link.yml -e '{"link_source_orgs": [{"org": "6a1b2c3d4e5f60718293a4b1"}], "link_wait_retries": "many"}'
expect_output bad-input "missing required arguments: org_id" "link_wait_retries"
sim expect-log

# Three organizations linked; Atlas through a service account, Cloud/Ops Manager key from the environment.
run present ok --om-env link.yml -e conn_style=env -e "{\"link_source_orgs\": [{\"org_id\": \"${O1}\", \"access_list_ips\": [\"198.51.100.7\"]},
    {\"org_id\": \"${O2}\"}, {\"org_id\": \"${O3}\"}], \"link_access_list_ips\": [\"203.0.113.10\", \"192.0.2.0/24\"],
    \"expect_changed_ids\": $(ids "${O1}" "${O2}" "${O3}"), \"expect_status\": \"SYNCED\"}"
# One atlas_link_token run per distinct access list (O1 has its own), one om_migration_link run for all.
sim expect-log --connections 4 "GET om=3" "POST atlas=3" "POST om=3" "POST oauth=2"
sim expect-state --tokens 3 --synced "${O1},${O2},${O3}" --access-list "${O1}=198.51.100.7" --access-list "${O2}=203.0.113.10;192.0.2.0/24"

# Converged: one module run, reads only, nothing changed.
run rerun ok link.yml -e "{\"link_source_orgs\": $(orgs "${O1}" "${O2}" "${O3}"), \"expect_changed_ids\": [], \"expect_status\": \"SYNCED\"}"
expect_recap rerun zero
sim expect-log --connections 1 "GET om=3"

# Check mode with one more organization: one read per organization and nothing else (the link task, with
# force, predicts without reading again), reports the change, no token needed.
run check ok link.yml --check -e "{\"link_source_orgs\": $(orgs "${O1}" "${O2}" "${O3}" "${O4}"),
    \"expect_changed_ids\": $(ids "${O4}"), \"expect_status\": \"SYNCED\"}"
expect_recap check nonzero
sim expect-log --connections 1 "GET om=4"
sim expect-state --tokens 3 --unlinked "${O4}"

# Token rotation.
run force ok link.yml -e "{\"link_source_orgs\": $(orgs "${O1}" "${O2}" "${O3}"), \"link_force\": true,
    \"expect_changed_ids\": $(ids "${O1}" "${O2}" "${O3}"), \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=3" "POST atlas=3" "POST om=3"
sim expect-state --tokens 6 --synced "${O1},${O2},${O3}"

# Part-way failures: the token of O4 (its own access list, so its own atlas_link_token run, the first one:
# groups go in the order of their access lists) cannot be made, the link of O5 fails, O6 links.
sim fault '{"kind": "status", "method": "POST", "path": "/liveMigrations/linkTokens$", "status": 500, "times": 1}'
sim fault "{\"kind\": \"status\", \"method\": \"POST\", \"path\": \"/orgs/${O5}/liveExport/migrationLink$\", \"status\": 500}"
run failure fail --om-env link.yml -e conn_style=env -e "{\"link_source_orgs\": [{\"org_id\": \"${O4}\", \"access_list_ips\": [\"198.51.100.7\"]},
    {\"org_id\": \"${O5}\"}, {\"org_id\": \"${O6}\"}], \"link_access_list_ips\": [\"203.0.113.10\"]}"
expect_output failure "Organization ${O4} was not linked, because no link-token could be made for it: Creating link-token 1 of 1 in Atlas organization ${ATLAS} failed: POST" \
    "Organization ${O5} was not linked: POST /api/public/v1.0/orgs/${O5}/liveExport/migrationLink failed: HTTP 500" \
    "A new link-token was created for it in Atlas organization ${ATLAS} (API key " "is now unused" \
    "Atlas removes all its link-tokens at once"
sim expect-log "GET om=3" "POST atlas=3" "POST om=2" "POST oauth=2"
sim expect-state --tokens 8 --synced "${O6}" --unlinked "${O4},${O5}"

# Recovery: running again links the two that failed.
run recovery ok link.yml -e "{\"link_source_orgs\": $(orgs "${O4}" "${O5}" "${O6}"),
    \"expect_changed_ids\": $(ids "${O4}" "${O5}"), \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=3" "POST atlas=2" "POST om=2"
sim expect-state --tokens 10 --synced "${O4},${O5},${O6}"

# The link answer is not SYNCED and the status never gets there: the wait gives up with a message.
sim fault "{\"kind\": \"status\", \"method\": \"POST\", \"path\": \"/orgs/${O7}/liveExport/migrationLink$\", \"status\": 201, \"body\": {\"status\": \"NOT_SYNCED\"}}"
run wait fail link.yml -e "{\"link_source_orgs\": $(orgs "${O7}"), \"link_wait_retries\": 1, \"link_wait_delay\": 1}"
expect_output wait "Organization ${O7} was linked, but its status is still none after 1 retries 1 seconds apart"
sim expect-log "GET om=3" "POST atlas=1" "POST om=1"

ALL="$(orgs "${O1}" "${O2}" "${O3}" "${O4}" "${O5}" "${O6}" "${O7}")"
# absent in check mode: reads only (the Atlas token removal is predicted, never sent).
run absent-check ok link.yml --check -e link_state=absent -e "{\"link_source_orgs\": ${ALL},
    \"expect_changed_ids\": $(ids "${O1}" "${O2}" "${O3}" "${O4}" "${O5}" "${O6}"), \"expect_status\": null}"
expect_recap absent-check nonzero
sim expect-log "GET om=13"
sim expect-state --tokens 11 --synced "${O1},${O2},${O3},${O4},${O5},${O6}"

# absent while a migration runs in O1: the others are unlinked, O1 fails with the project id, tokens stay.
sim running "${O1}" 5e5e5e5e5e5e5e5e5e5e5e5e
run absent-409 fail link.yml -e link_state=absent -e "{\"link_source_orgs\": ${ALL}}"
expect_output absent-409 "Organization ${O1} is still linked: DELETE" "5e5e5e5e5e5e5e5e5e5e5e5e" \
    "The link-tokens of Atlas organization ${ATLAS} were kept"
sim expect-log "GET om=7" "DELETE om=6"
sim expect-state --tokens 11 --synced "${O1}" --unlinked "${O2},${O3},${O4},${O5},${O6},${O7}"

sim running "${O1}"
run absent ok --om-env link.yml -e conn_style=env -e link_state=absent -e "{\"link_source_orgs\": ${ALL},
    \"expect_changed_ids\": $(ids "${O1}"), \"expect_status\": null}"
sim expect-log "GET om=7" "DELETE om=1" "DELETE atlas=1" "POST oauth=1"
sim expect-state --tokens 0 --unlinked "${O1},${O2},${O3},${O4},${O5},${O6},${O7}"

run absent-again ok link.yml -e link_state=absent -e "{\"link_source_orgs\": ${ALL}, \"expect_changed_ids\": [], \"expect_status\": null}"
expect_recap absent-again zero
sim expect-log "GET om=7" "DELETE atlas=1"

# --- one inventory host per organization, with forks ------------------------------------------
run per-host ok -i inventory.yml -f 3 per_host.yml -e expect_changed=true -e expect_status=SYNCED
sim expect-log --connections 9 "GET om=3" "POST atlas=3" "POST om=3"
sim expect-state --tokens 3 --synced "${HA},${HB},${HC}" --access-list "${HA}=203.0.113.10" --access-list "${HB}=198.51.100.20"

run per-host-rerun ok -i inventory.yml -f 3 per_host.yml -e expect_changed=false -e expect_status=SYNCED
expect_recap per-host-rerun zero
sim expect-log --connections 3 "GET om=3"

# One host cannot unlink: the other hosts unlink but must not remove the tokens its link needs.
sim running "${HB}" 5f5f5f5f5f5f5f5f5f5f5f5f
run per-host-absent-409 fail -i inventory.yml -f 3 per_host.yml -e link_state=absent
expect_output per-host-absent-409 "Organization ${HB} is still linked" "these hosts of the play failed" "org-b"
sim expect-log "GET om=3" "DELETE om=3"
sim expect-state --tokens 3 --synced "${HB}" --unlinked "${HA},${HC}"

sim running "${HB}"
run per-host-absent ok -i inventory.yml -f 3 per_host.yml -e link_state=absent
sim expect-log "GET om=3" "DELETE om=1" "DELETE atlas=3"
sim expect-state --tokens 0 --unlinked "${HA},${HB},${HC}"

# --- any number of organizations, and ids that YAML reads as numbers ----------------------------
# 150 organizations share one access list: atlas_link_token makes at most 100 tokens per run, so two
# runs of it (100 + 50), one link run for all, and the same in reverse.
MANY=()
for i in $(seq 1 150); do MANY+=("$(printf '6c1b2c3d4e5f6071%08x' "${i}")"); done
MANY_CSV="$(IFS=,; echo "${MANY[*]}")"
run many ok link.yml -e "{\"link_source_orgs\": $(orgs "${MANY[@]}"), \"link_access_list_ips\": [\"203.0.113.10\"],
    \"expect_changed_ids\": $(ids "${MANY[@]}"), \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=150" "POST atlas=150" "POST om=150"
sim expect-state --tokens 150 --synced "${MANY_CSV}" --access-list "6c1b2c3d4e5f607100000096=203.0.113.10"
run many-absent ok link.yml -e link_state=absent -e "{\"link_source_orgs\": $(orgs "${MANY[@]}"),
    \"expect_changed_ids\": $(ids "${MANY[@]}"), \"expect_status\": null}"
sim expect-log "GET om=150" "DELETE om=150" "DELETE atlas=1"
sim expect-state --tokens 0 --unlinked "${MANY_CSV}"

# An all-digit id without quotes is a number (in JSON here, as in YAML): it is linked like any other,
# found linked on the next run, and unlinked.
DIGITS=650000000000000000000001
run digits ok link.yml -e "{\"link_source_orgs\": [{\"org_id\": ${DIGITS}}], \"expect_changed_ids\": [\"${DIGITS}\"],
    \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=1" "POST atlas=1" "POST om=1"
sim expect-state --tokens 1 --synced "${DIGITS}"
run digits-rerun ok link.yml -e "{\"link_source_orgs\": [{\"org_id\": ${DIGITS}}], \"expect_changed_ids\": [], \"expect_status\": \"SYNCED\"}"
expect_recap digits-rerun zero
sim expect-log "GET om=1"
run digits-absent ok link.yml -e link_state=absent -e "{\"link_source_orgs\": [{\"org_id\": ${DIGITS}}],
    \"expect_changed_ids\": [\"${DIGITS}\"], \"expect_status\": null}"
sim expect-log "GET om=1" "DELETE om=1" "DELETE atlas=1"
sim expect-state --tokens 0 --unlinked "${DIGITS}"
# One that YAML cannot give back (leading zeros: an octal number; here 23 digits) is refused by name, before any request.
run digits-lost fail link.yml -e '{"link_source_orgs": [{"org_id": 50000000000000000000001}]}'
expect_output digits-lost "link_source_orgs[0].org_id: '50000000000000000000001' is not an organization id" "Write the id in quotes"
sim expect-log

# --- nothing secret in any output, even at -vvvv ------------------------------------------------
sim scan --secrets "${SECRETS}" "${LOGS}"/*.log
# The scan itself must see a leak: a log holding one token fails it.
grep -m1 -E '^.{61,}$' "${SECRETS}" > "${LOGS}/canary.txt"
if sim scan --secrets "${SECRETS}" "${LOGS}/canary.txt" > /dev/null; then
    echo "role_link: the secret scan missed a token planted in a file" >&2
    exit 1
fi
# --- no deprecation warning caused by the collection (module_utils.six, remove_values, ... on newer cores) ----------
if grep -ihE 'deprecat' "${LOGS}"/*.log | grep -iE 'livemigrate|module_utils|six'; then
    echo "role_link: a deprecation warning caused by the collection" >&2
    exit 1
fi
echo "role_link: all scenarios passed"
