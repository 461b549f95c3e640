#!/usr/bin/env bash
# Integration test of the livemigrate.mongodb.migrate role against the API simulator.
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
LOGS="${LM_SIM_TMP}/logs"
mkdir -p "${LOGS}"

OM_ORG=6a1b2c3d4e5f60718293a4b1
LM_SOURCE_PROJECT="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c "from tests.simulator.migration_state import source_project; print(source_project('${OM_ORG}')['projectId'])")"
export LM_SOURCE_PROJECT

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
changed() { grep -E '^localhost +:' "${LOGS}/$1.log" | grep -o 'changed=[0-9]*' | cut -d= -f2; }
jobs() { ctl GET /_sim/migrations | "${LM_PYTHON}" -c 'import json,sys; print(" ".join("%s:%s:%s" % (j["_id"], j["status"], j["cutoverRequested"]) for j in json.load(sys.stdin)["jobs"]))'; }

ctl PUT /_sim/migrations/settings '{"migration_step_seconds": 0.5, "validation_seconds": 0.2}' > /dev/null

# Bad role input is refused by the argument spec before anything is sent.
run bad-input fail -e '{"migrate_destination": {"hostname_schema_type": "PUBLIC"}}'
grep -q "cluster_name" "${LOGS}/bad-input.log"

# Check mode on a fresh simulator: predicts, creates nothing (no token, no link, no job).
run check ok --check
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c 'import json,sys; s=json.load(sys.stdin); print(len(s["atlas"]) + len(s["om"]))')" = 0 ]
[ -z "$(jobs)" ]

# First run: link, validate, start, wait until ready; no cutover.
run start ok -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false -e expect_validation=SUCCESS
JOB="$(jobs | cut -d: -f1)"
[ "$(jobs)" = "${JOB}:WORKING:False" ]

# With the ID: read only (no validation, no second job); cut over, wait for COMPLETE, unlink.
run cutover ok -e migrate_live_migration_id="${JOB}" -e migrate_cutover=true -e migrate_unlink=true \
    -e expect_status=COMPLETE -e expect_started=false -e expect_cut_over=true
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]
# Unlinked, and the Atlas link-tokens are gone.
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c 'import json,sys; s=json.load(sys.stdin); print(len(s["atlas"]) + len(s["om"]))')" = 0 ]

# Converged: the same run again changes nothing (without migrate_link, which would link the now unlinked
# organization again).
run again ok -e migrate_live_migration_id="${JOB}" -e migrate_cutover=true -e migrate_link=false \
    -e expect_status=COMPLETE -e expect_started=false -e expect_cut_over=false
[ "$(changed again)" = 0 ] || { echo "role_migrate: the converged run reported changes" >&2; exit 1; }
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]

# A failed validation stops the role before a migration starts.
ctl PUT /_sim/migrations/settings '{"validation_outcome": "failed"}' > /dev/null
run validation-failed fail
grep -q "disk space" "${LOGS}/validation-failed.log"
[ "$(jobs)" = "${JOB}:COMPLETE:True" ]

# An all-digit organization id without quotes is a number (in JSON here, as in YAML): it is linked all the same,
# so that its source project is available and the migration starts.
ctl PUT /_sim/migrations/settings '{"validation_outcome": "success"}' > /dev/null
DIGITS=650000000000000000000002
DIGITS_PROJECT="$(cd "${LM_COLLECTION_ROOT}" && "${LM_PYTHON}" -c "from tests.simulator.migration_state import source_project; print(source_project('${DIGITS}')['projectId'])")"
LM_SOURCE_PROJECT="${DIGITS_PROJECT}" run digits ok -e "{\"migrate_source_org_id\": ${DIGITS}}" \
    -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false -e expect_validation=SUCCESS
[ "$(ctl GET /_sim/state | "${LM_PYTHON}" -c "import json,sys; print(json.load(sys.stdin)['om']['${DIGITS}']['status'])")" = SYNCED ]

# migrate_state_file: the first run records the migration it starts; the next run, with the same variables and no
# ID, resumes it (no second job) and cuts it over; a recorded migration that ended stops the role unless
# migrate_restart. Another destination cluster, so that the jobs above do not count.
STATE="${LM_SIM_TMP}/state/migrations.json"
STATE_VARS="{\"migrate_state_file\": \"${STATE}\", \"migrate_destination\": {\"cluster_name\": \"Recorded0\"}}"
run state-start ok -e "${STATE_VARS}" -e expect_status=WORKING -e expect_started=true -e expect_cut_over=false \
    -e expect_validation=SUCCESS
[ "$(stat -c %a "${STATE}")" = 600 ]
BEFORE="$(jobs | wc -w)"
run state-resume ok -e "${STATE_VARS}" -e migrate_cutover=true -e expect_status=COMPLETE -e expect_started=false \
    -e expect_cut_over=true
[ "$(jobs | wc -w)" = "${BEFORE}" ] || { echo "role_migrate: a second migration was started" >&2; exit 1; }
grep -q '"status": "COMPLETE"' "${STATE}"
run state-again ok -e "${STATE_VARS}" -e migrate_cutover=true -e migrate_link=false -e expect_status=COMPLETE \
    -e expect_started=false -e expect_cut_over=false
[ "$(changed state-again)" = 0 ] || { echo "role_migrate: the converged recorded run reported changes" >&2; exit 1; }
sed -i 's/"COMPLETE"/"FAILED"/' "${STATE}"
run state-ended fail -e "${STATE_VARS}"
grep -q "migrate_restart=true" "${LOGS}/state-ended.log"
[ "$(jobs | wc -w)" = "${BEFORE}" ]
if grep -F -q 'Role-Src-Passw0rd' "${STATE}"; then
    echo "role_migrate: the source password is in the state file" >&2
    exit 1
fi

# The source password never shows (the simulator log is not read by these playbooks).
if grep -F -q 'Role-Src-Passw0rd' "${LOGS}"/*.log; then
    echo "role_migrate: the source password shows in the -vvvv output" >&2
    exit 1
fi
echo "role_migrate: all scenarios passed"
