#!/usr/bin/env bash
# The test command of livemigrate.mongodb: installs nox and antsibull-nox into their own virtualenv
# and runs the sessions of noxfile.py (`nox -l` lists them), then prints a results table.
#
#   bash tests/run.sh                          every default session (sanity, units, integration on
#                                              ansible-core 2.16, 2.21 and 2.22, reliability, lint, docs, ...)
#                                              in two parallel lanes (tests/runner/lanes.py): logs in
#                                              $LIVEMIGRATE_WORK/logs/lane-N.log, one line per session here
#   bash tests/run.sh SESSION|STAGE... [--core 2.16|2.21|2.22|all] [-- ARGS FOR THE SESSIONS]
#       demo, perf, docs-build, units-2.21, ... are session names; sanity, units and integration are
#       stages: one session per core (--core, default all three).
#   bash tests/run.sh --list                   the sessions (nox -l)
#   bash tests/run.sh --dry-run ARGS...        print the nox command ARGS would run, run nothing
#
# Environment: LIVEMIGRATE_WORK (work directory: virtualenvs, logs, docs build; default
# ~/.cache/livemigrate-mongodb), LIVEMIGRATE_PYTHON_2_16 / _2_21 / _2_22 (a core's interpreter; else
# LIVEMIGRATE_PYTHON_3_11 / _3_13, PATH, pyenv), LIVEMIGRATE_SHARED (the shared/ folder),
# LIVEMIGRATE_LANES (lanes of the default run, default 2; 1 runs it in one nox, as a named session runs).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${LIVEMIGRATE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/livemigrate-mongodb}
VENV=$WORK/venv-nox
export LIVEMIGRATE_WORK=$WORK

sessions=() cores=(2.16 2.21 2.22) extra=() dry=0 list=0
while (($#)); do
    case "$1" in
        -h|--help) sed -n '2,/^[^#]/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p'; exit 0 ;;
        --list|-l) list=1 ;;
        --dry-run) dry=1 ;;
        --core) [[ ${2:-} =~ ^(2\.16|2\.21|2\.22|all|both)$ ]] || { echo "--core needs 2.16, 2.21, 2.22 or all" >&2; exit 2; }
            [[ $2 == all || $2 == both ]] || cores=("$2"); shift ;;
        --) shift; extra=(-- "$@"); break ;;
        -*) echo "unknown option $1 (bash tests/run.sh --help)" >&2; exit 2 ;;
        *) sessions+=("$1") ;;
    esac
    shift
done
nox_args=()
for s in "${sessions[@]}"; do
    case "$s" in
        all) ;;
        sanity|units|integration) for c in "${cores[@]}"; do nox_args+=("$s-$c"); done ;;
        *) nox_args+=("$s") ;;
    esac
done
((${#nox_args[@]})) && nox_args=(-s "${nox_args[@]}")
((list)) && nox_args=(-l)
# The default run (no session named) runs in parallel lanes (tests/runner/lanes.py); LIVEMIGRATE_LANES=1: one nox.
lanes=${LIVEMIGRATE_LANES:-2}
[[ $lanes =~ ^[1-9]$ ]] || { echo "LIVEMIGRATE_LANES must be 1 to 9" >&2; exit 2; }
parallel=0
((${#nox_args[@]} == 0 && lanes > 1)) && parallel=1
if ((dry && !parallel)); then
    echo "nox ${nox_args[*]} ${extra[*]}"
    exit 0
fi

cd "$ROOT"
mkdir -p "$WORK/logs"
# One run at a time per work directory: runs share the virtualenvs. --list and --dry-run run nothing and do
# not wait for a run; they take the lock only to (re)build nox's own virtualenv, which a run is using.
exec 9>"$WORK/.lock"
lock() { flock -n 9 || { echo "Another tests/run.sh is using $WORK: waiting for it..."; flock 9; }; }
((list || dry)) || lock

# nox and antsibull-nox, rebuilt when tests/requirements-nox.txt changes.
if ! cmp -s "$ROOT/tests/requirements-nox.txt" "$VENV/requirements-nox.txt" 2>/dev/null; then
    ((list || dry)) && lock
    echo "Installing nox into $VENV (log: $WORK/logs/venv-nox.log)"
    rm -rf "$VENV"
    { python3 -m venv "$VENV" && "$VENV/bin/python" -m pip install -r "$ROOT/tests/requirements-nox.txt"; } \
        >"$WORK/logs/venv-nox.log" 2>&1 || { tail -n 30 "$WORK/logs/venv-nox.log" >&2; exit 2; }
    cp "$ROOT/tests/requirements-nox.txt" "$VENV/requirements-nox.txt"
fi

if ((list)); then
    exec "$VENV/bin/nox" -l </dev/null
fi
if ((parallel)); then
    # Each lane: its own nox, log and report ($WORK/logs/lane-N.*); one line per finished session here.
    dry_arg=()
    ((dry)) && dry_arg=(--dry-run)
    exec "$VENV/bin/python" -m tests.runner.lanes --nox "$VENV/bin/nox" --logs "$WORK/logs" --lanes "$lanes" \
        "${dry_arg[@]}" "${extra[@]}" </dev/null
fi
report=$WORK/logs/nox-report.json
rm -f "$report"
start=$SECONDS
rc=0
"$VENV/bin/nox" --report "$report" "${nox_args[@]}" "${extra[@]}" </dev/null || rc=$?
"$VENV/bin/python" -m tests.runner.summary "$report" $((SECONDS - start)) || ((rc)) || rc=1
exit "$rc"
