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
# One atlas_link_token run per distinct access list (O1 has its own), one om_migration_link run for all (it reads
# each status again just before linking).
sim expect-log --connections 4 "GET om=6" "POST atlas=3" "POST om=3" "POST oauth=2"
sim expect-state --tokens 3 --unused 0 --synced "${O1},${O2},${O3}" --access-list "${O1}=198.51.100.7" --access-list "${O2}=203.0.113.10;192.0.2.0/24"

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

# Token rotation (the previous tokens stay: their public keys are not known to the run).
run force ok link.yml -e "{\"link_source_orgs\": $(orgs "${O1}" "${O2}" "${O3}"), \"link_force\": true,
    \"expect_changed_ids\": $(ids "${O1}" "${O2}" "${O3}"), \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=3" "POST atlas=3" "POST om=3"
sim expect-state --tokens 6 --unused 3 --synced "${O1},${O2},${O3}"

# Part-way failures: the token of O4 (its own access list, so its own atlas_link_token run, the first one:
# groups go in the order of their access lists) cannot be made, the link of O5 fails, O6 links. The token made
# for O5 is unused: the role finds its API key by public key and removes it.
sim fault '{"kind": "status", "method": "POST", "path": "/liveMigrations/linkTokens$", "status": 500, "times": 1}'
sim fault "{\"kind\": \"status\", \"method\": \"POST\", \"path\": \"/orgs/${O5}/liveExport/migrationLink$\", \"status\": 500}"
run failure fail --om-env link.yml -e conn_style=env -e "{\"link_source_orgs\": [{\"org_id\": \"${O4}\", \"access_list_ips\": [\"198.51.100.7\"]},
    {\"org_id\": \"${O5}\"}, {\"org_id\": \"${O6}\"}], \"link_access_list_ips\": [\"203.0.113.10\"]}"
expect_output failure "Organization ${O4} was not linked, because no link-token could be made for it: Creating link-token 1 of 1 in Atlas organization ${ATLAS} failed: POST" \
    "Organization ${O5} was not linked: POST /api/public/v1.0/orgs/${O5}/liveExport/migrationLink failed: HTTP 500" \
    "A new link-token was created for it in Atlas organization ${ATLAS} (API key " \
    "it was not used, and the role removed its API key" "Removed 1 link-token API key(s) of Atlas organization ${ATLAS}"
sim expect-log "GET om=5" "POST atlas=3" "POST om=2" "POST oauth=3" "GET atlas=1" "DELETE atlas=1"
sim expect-state --tokens 7 --unused 3 --synced "${O6}" --unlinked "${O4},${O5}"

# Recovery: running again links the two that failed.
run recovery ok link.yml -e "{\"link_source_orgs\": $(orgs "${O4}" "${O5}" "${O6}"),
    \"expect_changed_ids\": $(ids "${O4}" "${O5}"), \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=5" "POST atlas=2" "POST om=2"
sim expect-state --tokens 9 --unused 3 --synced "${O4},${O5},${O6}"

# The link answer is not SYNCED and the status never gets there: the wait gives up with a message.
sim fault "{\"kind\": \"status\", \"method\": \"POST\", \"path\": \"/orgs/${O7}/liveExport/migrationLink$\", \"status\": 201, \"body\": {\"status\": \"NOT_SYNCED\"}}"
run wait fail link.yml -e "{\"link_source_orgs\": $(orgs "${O7}"), \"link_wait_retries\": 1, \"link_wait_delay\": 1}"
expect_output wait "Organization ${O7} was linked, but its status is still none after 1 retries 1 seconds apart"
sim expect-log "GET om=4" "POST atlas=1" "POST om=1"

# Linked meanwhile by someone else: the role's read says NOT_SYNCED (a stale read: another controller links O1
# right after it), the token is made, the link module reads again just before linking, finds SYNCED and keeps that
# link: the new token is unused, and removed.
sim expect-state --tokens 10 --unused 4
sim fault "{\"kind\": \"status\", \"method\": \"GET\", \"path\": \"/orgs/${O1}/liveExport/migrationLink/status$\", \"status\": 200, \"body\": {\"status\": \"NOT_SYNCED\"}}"
run meanwhile ok link.yml -e "{\"link_source_orgs\": $(orgs "${O1}"), \"expect_changed_ids\": [], \"expect_status\": \"SYNCED\"}"
expect_output meanwhile "Removed 1 link-token API key(s) of Atlas organization ${ATLAS}"
sim expect-log "GET om=2" "POST atlas=1" "GET atlas=1" "DELETE atlas=1"
sim expect-state --tokens 10 --unused 4 --synced "${O1}"

# Atlas does not list link-token API keys (the undocumented case): nothing is removed, and the run says so once.
O8=6a1b2c3d4e5f60718293a4b8
sim settings '{"link_token_api_keys": "unlisted"}'
sim fault "{\"kind\": \"status\", \"method\": \"POST\", \"path\": \"/orgs/${O8}/liveExport/migrationLink$\", \"status\": 500}"
run unlisted fail link.yml -e "{\"link_source_orgs\": $(orgs "${O8}")}"
expect_output unlisted "Atlas does not list that API key, so the role could not remove it" \
    "whether Atlas lists the API keys of link-tokens there is not documented"
if [ "$(grep -c '\[WARNING\]: Atlas organization .* does not list the API key' "${LOGS}/unlisted.log")" -ne 1 ]; then
    echo "role_link: the run did not say once that the API key is not listed" >&2
    exit 1
fi
sim expect-log "GET om=2" "POST atlas=1" "POST om=1" "GET atlas=1"
sim expect-state --tokens 11 --unused 5 --unlinked "${O8}"
sim settings '{"link_token_api_keys": "listed"}'

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
sim expect-log --connections 9 "GET om=6" "POST atlas=3" "POST om=3"
sim expect-state --tokens 3 --unused 0 --synced "${HA},${HB},${HC}" --access-list "${HA}=203.0.113.10" --access-list "${HB}=198.51.100.20"

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
sim expect-log "GET om=300" "POST atlas=150" "POST om=150"
sim expect-state --tokens 150 --unused 0 --synced "${MANY_CSV}" --access-list "6c1b2c3d4e5f607100000096=203.0.113.10"
run many-absent ok link.yml -e link_state=absent -e "{\"link_source_orgs\": $(orgs "${MANY[@]}"),
    \"expect_changed_ids\": $(ids "${MANY[@]}"), \"expect_status\": null}"
sim expect-log "GET om=150" "DELETE om=150" "DELETE atlas=1"
sim expect-state --tokens 0 --unlinked "${MANY_CSV}"

# An all-digit id without quotes is a number (in JSON here, as in YAML): it is linked like any other,
# found linked on the next run, and unlinked.
DIGITS=650000000000000000000001
run digits ok link.yml -e "{\"link_source_orgs\": [{\"org_id\": ${DIGITS}}], \"expect_changed_ids\": [\"${DIGITS}\"],
    \"expect_status\": \"SYNCED\"}"
sim expect-log "GET om=2" "POST atlas=1" "POST om=1"
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

# --- two runs at once: the link lock -------------------------------------------------------------
# Real ansible-playbook runs side by side on this controller, with their own lock directory. The first status
# read is slowed, so that whichever run takes the lock first still holds it when the other one asks.
LOCKS="${LOGS}/locks"
LOCK_FILE="${LOCKS}/${ATLAS}.lock"
# start NAME ARGS...: ansible-playbook -vvvv ARGS into ${LOGS}/NAME.log, in the background (PID in STARTED_PID).
start() {
    local name="$1"
    shift
    ansible-playbook -vvvv "$@" -e "link_lock_dir=${LOCKS}" > "${LOGS}/${name}.log" 2>&1 &
    STARTED_PID=$!
}
# finish NAME PID ok|fail: wait for a started run and check its exit code.
finish() {
    local rc=0
    wait "$2" || rc=$?
    sim collect-secrets "${SECRETS}"
    echo "== $1: rc=${rc} $(sed -n '/^PLAY RECAP/,$p' "${LOGS}/$1.log" | grep -E 'changed=' | sed 's/  */ /g' | tr '\n' ';')"
    if { [ "$3" = ok ] && [ "${rc}" -ne 0 ]; } || { [ "$3" = fail ] && [ "${rc}" -eq 0 ]; }; then
        tail -n 80 "${LOGS}/$1.log"
        echo "role_link: $1 exited ${rc}, expected $3" >&2
        exit 1
    fi
}
# lock_free: nobody holds the lock file (tried with a fresh descriptor, then let go).
lock_free() {
    "${LM_PYTHON}" -c 'import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600); fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)' "${LOCK_FILE}" 2>/dev/null
}
# wait_for_holder: until a run holds the lock (its keeper names it in the lock file).
wait_for_holder() {
    local _
    for _ in $(seq 1 300); do [ -s "${LOCK_FILE}" ] && return 0; sleep 0.1; done
    echo "role_link: no run took the lock" >&2
    exit 1
}
TEN=()
for i in $(seq 1 10); do TEN+=("$(printf '6d1b2c3d4e5f6071%08x' "${i}")"); done
TEN_CSV="$(IFS=,; echo "${TEN[*]}")"
# An API key of the Atlas organization that is no link-token: nothing may remove it.
sim api-key-add "${ATLAS}" "CI pipeline" > /dev/null
sim fault '{"kind": "slow", "method": "GET", "path": "/liveExport/migrationLink/status$", "delay": 3}'
start race-1 link.yml -e "{\"link_source_orgs\": $(orgs "${TEN[@]}"), \"link_access_list_ips\": [\"203.0.113.10\"]}"
RACE_1=${STARTED_PID}
start race-2 link.yml -e "{\"link_source_orgs\": $(orgs "${TEN[@]}"), \"link_access_list_ips\": [\"203.0.113.10\"]}"
RACE_2=${STARTED_PID}
finish race-1 "${RACE_1}" ok
finish race-2 "${RACE_2}" ok
# One run waited for the other, said so, and then found all ten SYNCED: ten tokens made in all, none spare.
WAITED="$(grep -l 'Waiting up to 600 seconds for the link lock of Atlas organization' "${LOGS}/race-1.log" "${LOGS}/race-2.log")"
if [ "$(echo "${WAITED}" | grep -c .)" -ne 1 ]; then
    echo "role_link: expected exactly one of the two runs to wait for the lock, got: ${WAITED:-none}" >&2
    exit 1
fi
expect_output "$(basename "${WAITED}" .log)" "Took the link lock of Atlas organization ${ATLAS} after waiting" \
    "another run on this controller (ansible-playbook PID" "Lock file: ${LOCK_FILE}"
expect_recap "$(basename "${WAITED}" .log)" zero
sim expect-log "GET om=30" "POST atlas=10" "POST om=10"
sim expect-state --tokens 10 --unused 0 --api-keys 11 --synced "${TEN_CSV}"
lock_free || { echo "role_link: the lock is still held after both runs" >&2; exit 1; }

# A lock timeout: a run that may wait 2 seconds fails, naming the organization, the lock file, the holder and
# link_lock_timeout; the run holding the lock goes on.
K=(6d1b2c3d4e5f607100000101 6d1b2c3d4e5f607100000102)
sim fault '{"kind": "slow", "method": "GET", "path": "/liveExport/migrationLink/status$", "delay": 8}'
start holder link.yml -e "{\"link_source_orgs\": $(orgs "${K[@]}")}"
HOLDER=${STARTED_PID}
wait_for_holder
start timeout link.yml -e "{\"link_source_orgs\": $(orgs "${K[@]}"), \"link_lock_timeout\": 2}"
finish timeout "${STARTED_PID}" fail
expect_output timeout "The link lock of Atlas organization ${ATLAS} was not free after 2 seconds: another run on this controller (ansible-playbook PID ${HOLDER}" \
    "Lock file: ${LOCK_FILE}." "raise link_lock_timeout"
finish holder "${HOLDER}" ok
sim expect-log "GET om=4" "POST atlas=2" "POST om=2"
sim expect-state --tokens 12 --unused 0 --synced "${K[0]},${K[1]}"

# A run killed (SIGKILL) while it holds the lock: the lock is free at once, and the next run links.
L=(6d1b2c3d4e5f607100000201 6d1b2c3d4e5f607100000202)
sim fault '{"kind": "slow", "method": "GET", "path": "/liveExport/migrationLink/status$", "delay": 10}'
start killed link.yml -e "{\"link_source_orgs\": $(orgs "${L[@]}")}"
KILLED=${STARTED_PID}
wait_for_holder
sleep 1
kill -KILL "${KILLED}"
wait "${KILLED}" 2>/dev/null || true
for _ in $(seq 1 30); do lock_free && break; sleep 0.1; done
lock_free || { echo "role_link: the killed run left the lock held" >&2; exit 1; }
start after-kill link.yml -e "{\"link_source_orgs\": $(orgs "${L[@]}"), \"link_lock_timeout\": 5}"
finish after-kill "${STARTED_PID}" ok
if grep -q 'Waiting up to' "${LOGS}/after-kill.log"; then
    echo "role_link: the run after the killed one waited for the lock" >&2
    exit 1
fi
sim expect-state --tokens 14 --unused 0 --synced "${L[0]},${L[1]}"
sim clear-log

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
