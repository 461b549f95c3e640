#!/usr/bin/env bash
# Integration test of the livemigrate.mongodb.migrate role against the API simulator.
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
LOGS="${LM_SIM_TMP}/logs"
SECRETS="${LM_SIM_TMP}/secrets.tsv"
mkdir -p "${LOGS}"

OM_ORG=6a1b2c3d4e5f60718293a4b1
PROJECT=64b7c2e9d1a3b6c8e0f1a2b3
LM_SOURCE_PROJECT="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c "from tests.simulator.migration_state import source_project; print(source_project('${OM_ORG}')['projectId'])")"
export LM_SOURCE_PROJECT
# The role's default state file: campaign-state.json beside the playbook (-i localhost, has no inventory directory).
DEFAULT_STATE="$(pwd)/campaign-state.json"
rm -f "${DEFAULT_STATE}" "${DEFAULT_STATE}.lock"
trap 'kill "${LM_SIM_PID}" 2>/dev/null || true; rm -rf "${LM_SIM_TMP}"; rm -f "${DEFAULT_STATE}" "${DEFAULT_STATE}.lock"' EXIT

# ctl METHOD PATH [JSON]: the simulator's control API; prints the answer.
ctl() { lm_sim call "$@"; }
# run NAME ok|fail ARGS...: ansible-playbook -vvvv into ${LOGS}/NAME.log, checks the exit code.
run() {
    local name="$1" want="$2" rc=0 started="${SECONDS}"
    shift 2
    ansible-playbook -i localhost, -vvvv migrate.yml "$@" > "${LOGS}/${name}.log" 2>&1 || rc=$?
    echo "== ${name}: rc=${rc} ($((SECONDS - started)) s) $(grep -E '^localhost +:' "${LOGS}/${name}.log" | sed 's/  */ /g')"
    if { [ "${want}" = ok ] && [ "${rc}" -ne 0 ]; } || { [ "${want}" = fail ] && [ "${rc}" -eq 0 ]; }; then
        tail -n 80 "${LOGS}/${name}.log"
        echo "role_migrate: ${name} exited ${rc}, expected ${want}" >&2
        exit 1
    fi
}
fail() { echo "role_migrate: $*" >&2; exit 1; }
changed() { grep -E '^localhost +:' "${LOGS}/$1.log" | grep -o 'changed=[0-9]*' | cut -d= -f2; }
jobs() { ctl GET /_sim/migrations | "${LM_PYTHON}" -c 'import json,sys; print(" ".join("%s:%s:%s" % (j["_id"], j["status"], j["cutoverRequested"]) for j in json.load(sys.stdin)["jobs"]))'; }
# jobs_into CLUSTER: the IDs of the jobs into destination cluster CLUSTER, in creation order.
jobs_into() { ctl GET /_sim/migrations | "${LM_PYTHON}" -c "import json,sys; print(' '.join(j['_id'] for j in json.load(sys.stdin)['jobs'] if j['destinationClusterName'] == '$1'))"; }
# posts SUFFIX: the POSTs to a path ending in SUFFIX since the log was last cleared (/liveMigrations: starts).
posts() { ctl GET /_sim/log | "${LM_PYTHON}" -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["method"] == "POST" and e["path"].endswith(sys.argv[1]) and not e.get("challenge")))' "$1"; }
starts() { posts /liveMigrations; }
# field FILE CLUSTER FIELD: one field of the record of PROJECT/CLUSTER in the state file FILE ("" when missing).
field() { "${LM_PYTHON}" -c "import json,sys; r=json.load(open(sys.argv[1]))['migrations'].get(sys.argv[2] + '/' + sys.argv[3]) or {}; v=r.get(sys.argv[4], ''); print(json.dumps(v) if isinstance(v, (bool, dict)) else v)" "$1" "${PROJECT}" "$2" "$3"; }
dest() { echo "{\"migrate_destination\": {\"cluster_name\": \"$1\"}}"; }

ctl PUT /_sim/migrations/settings '{"migration_step_seconds": 0.5, "validation_seconds": 0.2}' > /dev/null

# Bad role input is refused by the argument spec before anything is sent.
run bad-input fail -e '{"migrate_destination": {"hostname_schema_type": "PUBLIC"}}'
grep -q "cluster_name" "${LOGS}/bad-input.log"

# Check mode on a fresh simulator: predicts, creates nothing (no token, no link, no job, no state file).
run check ok --check
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c 'import json,sys; s=json.load(sys.stdin); print(len(s["atlas"]) + len(s["om"]))')" = 0 ]
[ -z "$(jobs)" ]
[ ! -e "${DEFAULT_STATE}" ] || fail "check mode wrote the state file"

# Recording is the default: the first run links, validates, starts, records the migration in campaign-state.json beside
# the playbook, and waits until it is ready; no cutover.
run start ok -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false -e expect_validation=SUCCESS
lm_sim collect-secrets "${SECRETS}"  # the link-tokens live until the unlink below
JOB="$(jobs | cut -d: -f1)"
[ "$(jobs)" = "${JOB}:WORKING:False" ]
[ "$(stat -c %a "${DEFAULT_STATE}")" = 600 ] || fail "the default state file is missing or not mode 0600"
[ "$(field "${DEFAULT_STATE}" Cluster0 id)" = "${JOB}" ] || fail "the default state file does not hold ${JOB}"
[ "$(field "${DEFAULT_STATE}" Cluster0 validation_status)" = SUCCESS ]
[ "$(field "${DEFAULT_STATE}" Cluster0 org_id)" = "${OM_ORG}" ]
grep -q "It is recorded in ${DEFAULT_STATE}" "${LOGS}/start.log"

# The same variables again: the recorded migration is resumed - no validation, no second start, one job.
ctl DELETE /_sim/log > /dev/null
run same-again ok -e expect_status=WORKING -e expect_started=false -e expect_cut_over=false
[ "$(starts)" = 0 ] || fail "the same variables twice started a second migration"
[ "$(posts /liveMigrations/validate)" = 0 ] || fail "the resumed migration was validated again"
[ "$(jobs)" = "${JOB}:WORKING:False" ]

# Cut over the recorded migration (no ID given), wait for COMPLETE, unlink.
run cutover ok -e migrate_cutover=true -e migrate_unlink=true -e expect_status=COMPLETE -e expect_started=false \
    -e expect_cut_over=true
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]
[ "$(field "${DEFAULT_STATE}" Cluster0 status)" = COMPLETE ] || fail "the cutover's status is not recorded"
[ "$(field "${DEFAULT_STATE}" Cluster0 cut_over)" = true ] || fail "the cutover is not recorded"
# Unlinked, and the Atlas link-tokens are gone.
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c 'import json,sys; s=json.load(sys.stdin); print(len(s["atlas"]) + len(s["om"]))')" = 0 ]

# Converged: the same run again changes nothing (without migrate_link, which would link the now unlinked
# organization again); with the ID given, the same.
run again ok -e migrate_cutover=true -e migrate_link=false -e expect_status=COMPLETE -e expect_started=false \
    -e expect_cut_over=false
[ "$(changed again)" = 0 ] || fail "the converged run reported changes"
run again-by-id ok -e migrate_live_migration_id="${JOB}" -e migrate_cutover=true -e migrate_link=false \
    -e expect_status=COMPLETE -e expect_started=false -e expect_cut_over=false
[ "$(changed again-by-id)" = 0 ] || fail "the converged run with the ID reported changes"
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]

# A failed validation stops the role before a migration starts; the validation is recorded (no migration ID).
ctl PUT /_sim/migrations/settings '{"validation_outcome": "failed"}' > /dev/null
run validation-failed fail -e "$(dest Invalid0)"
grep -q "disk space" "${LOGS}/validation-failed.log"
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]
[ "$(field "${DEFAULT_STATE}" Invalid0 validation_status)" = FAILED ] || fail "the failed validation is not recorded"
[ -z "$(field "${DEFAULT_STATE}" Invalid0 id)" ] || fail "a migration is recorded after a failed validation"

# An all-digit organization id without quotes is a number (in JSON here, as in YAML): it is linked all the same,
# so that its source project is available and the migration starts; it is recorded as a string.
ctl PUT /_sim/migrations/settings '{"validation_outcome": "success"}' > /dev/null
DIGITS=650000000000000000000002
DIGITS_PROJECT="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c "from tests.simulator.migration_state import source_project; print(source_project('${DIGITS}')['projectId'])")"
LM_SOURCE_PROJECT="${DIGITS_PROJECT}" run digits ok -e "{\"migrate_source_org_id\": ${DIGITS}}" -e "$(dest Digits0)" \
    -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false -e expect_validation=SUCCESS
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c "import json,sys; print(json.load(sys.stdin)['om']['${DIGITS}']['status'])")" = SYNCED ]
[ "$(field "${DEFAULT_STATE}" Digits0 org_id)" = "${DIGITS}" ]

# Kill right after a start: a job that never becomes ready; ansible-playbook (its whole process group, the module
# too) is killed with SIGKILL at the first read of the wait, as the simulator's log shows it (the module writes the
# record before any wait). The state file holds the record; the re-run resumes it: no second POST.
KILLED_STATE="${LM_SIM_TMP}/killed/state.json"
KILLED_VARS="{\"migrate_state_file\": \"${KILLED_STATE}\", \"migrate_destination\": {\"cluster_name\": \"Killed0\"}}"
ctl PUT /_sim/migrations/settings '{"migration_step_seconds": 600}' > /dev/null
ctl DELETE /_sim/log > /dev/null
# In a session of its own (setsid), so that one kill reaches every process of the run; the group's ID is the pid the
# shell writes before it becomes ansible-playbook (setsid forks first when it runs as a group leader).
# shellcheck disable=SC2016
setsid bash -c 'echo $$ > "$0"; exec ansible-playbook -i localhost, -vvvv migrate.yml -e "$1"' "${LM_SIM_TMP}/killed.pid" \
    "${KILLED_VARS}" > "${LOGS}/killed.log" 2>&1 &
KILLED_BG=$!
for _ in $(seq 1 50); do
    [ -s "${LM_SIM_TMP}/killed.pid" ] && break
    sleep 0.1
done
KILLED_PID="$(cat "${LM_SIM_TMP}/killed.pid")"
KILLED_JOB=""
for _ in $(seq 1 600); do
    KILLED_JOB="$(jobs_into Killed0)"
    if [ -n "${KILLED_JOB}" ] && ctl GET /_sim/log | grep -q "liveMigrations/${KILLED_JOB}\""; then
        break
    fi
    kill -0 "${KILLED_PID}" 2>/dev/null || { tail -n 60 "${LOGS}/killed.log"; fail "the run to kill ended by itself"; }
    sleep 0.1
done
[ -n "${KILLED_JOB}" ] || { kill -9 -- "-${KILLED_PID}" 2>/dev/null || true; fail "no migration into Killed0 was started"; }
kill -9 -- "-${KILLED_PID}"
wait "${KILLED_BG}" 2>/dev/null || true
# Every process of the run (the module too) is gone once the killed ones are reaped: none left but zombies.
running() { ps -o stat= -g "$1" | awk '$1 !~ /^Z/ {n++} END {exit !n}'; }
for _ in $(seq 1 50); do
    running "${KILLED_PID}" || break
    sleep 0.1
done
if running "${KILLED_PID}"; then
    ps -o pid,stat,args -g "${KILLED_PID}" >&2
    fail "a process of the killed run is still running (the module was not killed)"
fi
echo "== killed: job ${KILLED_JOB} created, ansible-playbook killed with SIGKILL at the first read of the wait"
[ "$(field "${KILLED_STATE}" Killed0 id)" = "${KILLED_JOB}" ] || fail "the killed run left no record of ${KILLED_JOB}"
[ "$(field "${KILLED_STATE}" Killed0 status)" = NEW ]
[ "$(field "${KILLED_STATE}" Killed0 validation_status)" = SUCCESS ]
ctl PUT "/_sim/migrations/jobs/${KILLED_JOB}" '{"step_seconds": 0.3}' > /dev/null
ctl PUT /_sim/migrations/settings '{"migration_step_seconds": 0.5}' > /dev/null
ctl DELETE /_sim/log > /dev/null
run killed-rerun ok -e "${KILLED_VARS}" -e expect_status=WORKING -e expect_started=false -e expect_cut_over=false
[ "$(starts)" = 0 ] || fail "the re-run after the kill started a second migration"
[ "$(jobs_into Killed0)" = "${KILLED_JOB}" ]
[ "$(field "${KILLED_STATE}" Killed0 ready_for_cutover)" = true ]

# A recorded migration that ended stops the role, naming migrate_restart: FAILED in Atlas, then a record edited by hand.
ENDED_STATE="${LM_SIM_TMP}/ended/state.json"
ENDED_VARS="{\"migrate_state_file\": \"${ENDED_STATE}\", \"migrate_destination\": {\"cluster_name\": \"Ended0\"}}"
run ended-start ok -e "${ENDED_VARS}" -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false \
    -e expect_validation=SUCCESS
ENDED_JOB="$(jobs_into Ended0)"
ctl PUT "/_sim/migrations/jobs/${ENDED_JOB}" '{"status": "FAILED"}' > /dev/null
run ended-refused fail -e "${ENDED_VARS}"
grep -q "${ENDED_JOB}, is FAILED: nothing was started" "${LOGS}/ended-refused.log"
grep -q "restart=true" "${LOGS}/ended-refused.log"
[ "$(field "${ENDED_STATE}" Ended0 status)" = FAILED ]
run ended-again fail -e "${ENDED_VARS}"
grep -q "migrate_restart=true" "${LOGS}/ended-again.log"
[ "$(jobs_into Ended0)" = "${ENDED_JOB}" ] || fail "a migration was started while the recorded one had ended"
run restart ok -e "${ENDED_VARS}" -e migrate_restart=true -e expect_status=WORKING -e expect_started=true \
    -e expect_cut_over=false -e expect_validation=SUCCESS
RESTARTED="$(jobs_into Ended0 | cut -d' ' -f2)"
if [ -z "${RESTARTED}" ] || [ "$(field "${ENDED_STATE}" Ended0 id)" != "${RESTARTED}" ]; then
    fail "the restart is not recorded"
fi

# Opting out: migrate_state_file "" records nothing; the ID must be passed on later runs.
OPTOUT_VARS="{\"migrate_state_file\": \"\", \"migrate_destination\": {\"cluster_name\": \"Optout0\"}}"
BEFORE="$(cat "${DEFAULT_STATE}")"
run optout-start ok -e "${OPTOUT_VARS}" -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false \
    -e expect_validation=SUCCESS
OPTOUT_JOB="$(jobs_into Optout0)"
grep -q "pass migrate_live_migration_id=${OPTOUT_JOB} on later runs" "${LOGS}/optout-start.log"
[ "$(cat "${DEFAULT_STATE}")" = "${BEFORE}" ] || fail "the opted-out run wrote the default state file"
ctl DELETE /_sim/log > /dev/null
run optout-by-id ok -e "${OPTOUT_VARS}" -e migrate_live_migration_id="${OPTOUT_JOB}" -e expect_status=WORKING \
    -e expect_started=false -e expect_cut_over=false
[ "$(starts)" = 0 ] || fail "the opted-out run with the ID started a migration"
[ "$(jobs_into Optout0)" = "${OPTOUT_JOB}" ]

# Secrets: the source password is in no state file and no -vvvv output; no link-token or API key either.
lm_sim collect-secrets "${SECRETS}"
for file in "${DEFAULT_STATE}" "${KILLED_STATE}" "${ENDED_STATE}"; do
    if grep -F -q -e 'Role-Src-Passw0rd' -e 'migrator' "${file}"; then
        fail "the source password or user is in ${file}"
    fi
done
if grep -F -q 'Role-Src-Passw0rd' "${LOGS}"/*.log; then
    fail "the source password shows in the -vvvv output"
fi
lm_sim scan --secrets "${SECRETS}" "${LOGS}"/*.log "${DEFAULT_STATE}" "${KILLED_STATE}" "${ENDED_STATE}"
echo "role_migrate: all scenarios passed"
