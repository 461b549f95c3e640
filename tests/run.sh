#!/usr/bin/env bash
# The test command of the livemigrate.mongodb collection.
#
#   bash tests/run.sh [all|sanity|units|integration|reliability|changelog|ecosystem|demo]... [--core 2.16|2.21|both]
#
# Defaults: all stages on both cores.
#   sanity       ansible-test sanity --requirements (no tests/sanity/ignore-*.txt)
#   units        python -m pytest tests/unit
#   integration  ansible-test integration (local), when tests/integration/targets/ has targets
#   reliability  fault, bad-input, secret-leak, TLS, concurrency and contract suite with counted
#                results (tests/reliability; once, with the newest core)
#   changelog    antsibull-changelog lint (once, with the newest core)
#   ecosystem    collection build + Galaxy import, docs site, yamllint, ansible-lint, execution
#                environment, AWX credential injection
#                (tests/ecosystem/run.sh; newest core, own venvs)
#   demo         the README's main job: the link role against the API simulator
#                (once, with the newest core; not part of 'all')
#
# Cores: 2.16 = oldest supported ansible-core (Python 3.11),
#        2.21 = newest ansible-core (Python 3.13).
#
# Everything lives under the work directory
#   ${LIVEMIGRATE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/livemigrate-mongodb}
# one virtualenv per core (rebuilt only when ansible-core's version series, the
# Python, this script's venv recipe or a requirements file changes), and a
# copy of the checkout at collections/ansible_collections/livemigrate/mongodb,
# where ansible-test needs it to be.
#
# Environment:
#   LIVEMIGRATE_WORK             work directory (see above)
#   LIVEMIGRATE_PYTHON_2_16      Python interpreter for the 2.16 virtualenv
#   LIVEMIGRATE_PYTHON_2_21      Python interpreter for the 2.21 virtualenv
#   LIVEMIGRATE_ALLOW_NO_TESTS=1 let the units stage pass when pytest collects no test
#   LIVEMIGRATE_NO_APT=1         never apt-get install shellcheck
#   LIVEMIGRATE_SHARED           the project's shared/ folder (default: ../shared
#                                beside the checkout, when it exists)

# The stage functions are only called through run_stage, which shellcheck
# cannot follow (it reports them unreachable, SC2317).
# shellcheck disable=SC2317
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${LIVEMIGRATE_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/livemigrate-mongodb}
COLL_PARENT="$WORK/collections"
COLL_DIR="$COLL_PARENT/ansible_collections/livemigrate/mongodb"
LOG_DIR="$WORK/logs"

# Bump when the way the virtualenvs are built changes, to force a rebuild.
VENV_RECIPE=1

ALL_STAGES=(sanity units integration reliability changelog ecosystem)
ALL_CORES=(2.16 2.21)
NEWEST_CORE=2.21

declare -A CORE_PYTHONS=([2.16]="3.11" [2.21]="3.13 3.12")

usage() {
    sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

log() { printf '\n=== %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 2; }

# ---------------------------------------------------------------- arguments
stages=()
core_arg=both
while (($#)); do
    case "$1" in
        all) stages+=("${ALL_STAGES[@]}") ;;
        sanity|units|integration|reliability|changelog|ecosystem|demo) stages+=("$1") ;;
        --core) (($# >= 2)) || die "--core needs a value: 2.16, 2.21 or both"; core_arg=$2; shift ;;
        --core=*) core_arg=${1#--core=} ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
((${#stages[@]})) || stages=("${ALL_STAGES[@]}")

case "$core_arg" in
    both) cores=("${ALL_CORES[@]}") ;;
    2.16|2.21) cores=("$core_arg") ;;
    *) die "--core must be 2.16, 2.21 or both, not '$core_arg'" ;;
esac

want_stage() {
    local s
    for s in "${stages[@]}"; do [[ $s == "$1" ]] && return 0; done
    return 1
}

# ---------------------------------------------------------------- results
result_rows=()
failed=0

record() {  # record STAGE CORE STATUS SECONDS
    result_rows+=("$(printf '%-12s %-6s %-5s %5ss' "$1" "$2" "$3" "$4")")
    [[ $3 == FAIL ]] && failed=1
    return 0
}

run_stage() {  # run_stage STAGE CORE FUNCTION ARGS...
    local stage=$1 core=$2 fn=$3 start rc
    shift 3
    log "$stage (ansible-core $core)"
    start=$SECONDS
    set +e
    (set -e; "$fn" "$@")
    rc=$?
    set -e
    local elapsed=$((SECONDS - start))
    if ((rc == 0)); then
        record "$stage" "$core" pass "$elapsed"
    elif ((rc == 77)); then
        record "$stage" "$core" skip "$elapsed"
    else
        echo "--- $stage (ansible-core $core) FAILED with exit code $rc" >&2
        record "$stage" "$core" FAIL "$elapsed"
    fi
}

# ---------------------------------------------------------------- pythons
find_python() {  # find_python CORE -> prints an interpreter path
    local core=$1 override_var want cand real
    override_var="LIVEMIGRATE_PYTHON_${core//./_}"
    local -a candidates=()
    if [[ -n ${!override_var:-} ]]; then
        candidates+=("${!override_var}")
    fi
    local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
    if command -v pyenv >/dev/null 2>&1; then
        pyenv_root=$(pyenv root 2>/dev/null || echo "$pyenv_root")
    fi
    for want in ${CORE_PYTHONS[$core]}; do
        candidates+=("python$want")
        # pyenv installs, newest patch release first
        while IFS= read -r cand; do
            if [[ -x $cand ]]; then candidates+=("$cand"); fi
        done < <(printf '%s\n' "$pyenv_root/versions/$want".*/bin/python | sort -rV)
        candidates+=("/usr/local/bin/python$want" "/usr/bin/python$want")
    done
    for cand in "${candidates[@]}"; do
        command -v "$cand" >/dev/null 2>&1 || continue
        for want in ${CORE_PYTHONS[$core]}; do
            real=$("$cand" -c "
import sys, venv, ensurepip
assert '%d.%d' % sys.version_info[:2] == '$want'
print(sys.executable)" 2>/dev/null) || continue
            echo "$real"
            return 0
        done
    done
    return 1
}

# ---------------------------------------------------------------- venvs
venv_dir() { echo "$WORK/venv-$1"; }

venv_fingerprint() {  # venv_fingerprint CORE PYTHON
    {
        echo "recipe=$VENV_RECIPE"
        echo "core=$1"
        "$2" -c 'import sys; print("python=%s" % sys.version)'
        echo "python_path=$2"
        sha256sum "$ROOT/requirements.txt" "$ROOT/tests/requirements.txt" | cut -d' ' -f1
    } | sha256sum | cut -d' ' -f1
}

core_version() {  # core_version VENV
    "$1/bin/python" -c 'from ansible.release import __version__; print(__version__)'
}

ensure_venv() {  # ensure_venv CORE
    local core=$1 python venv marker fingerprint logfile
    python=$(find_python "$core") ||
        die "no Python ${CORE_PYTHONS[$core]// / or } interpreter (with venv and ensurepip) for ansible-core $core; set LIVEMIGRATE_PYTHON_${core//./_}"
    venv=$(venv_dir "$core")
    marker="$venv/.livemigrate-fingerprint"
    fingerprint=$(venv_fingerprint "$core" "$python")
    if [[ -f $marker && $(cat "$marker") == "$fingerprint" ]] &&
        "$venv/bin/python" -c 'import ansible_test, pytest' >/dev/null 2>&1; then
        echo "Re-using $venv (ansible-core $(core_version "$venv"))"
        return 0
    fi
    mkdir -p "$LOG_DIR"
    logfile="$LOG_DIR/venv-$core.log"
    echo "Creating $venv with $python (ansible-core==$core.*); log: $logfile"
    rm -rf "$venv"
    if ! {
        "$python" -m venv "$venv" &&
            "$venv/bin/python" -m pip install --upgrade pip &&
            "$venv/bin/python" -m pip install "ansible-core==$core.*" \
                -r "$ROOT/tests/requirements.txt" -r "$ROOT/requirements.txt"
    } >"$logfile" 2>&1; then
        echo "--- last lines of $logfile:" >&2
        grep -v "is ignored: it is neither a file nor a directory" "$logfile" | tail -n 40 >&2 || true
        rm -rf "$venv"
        return 1
    fi
    echo "$fingerprint" >"$marker"
    echo "Created $venv (ansible-core $(core_version "$venv"))"
}

# ansible-test bootstraps pip into the virtualenvs it creates with a script it
# downloads from a host this machine may not reach; it looks for a cached copy
# first. Put our offline stand-in there when no real script is cached.
install_get_pip_standin() {  # install_get_pip_standin CORE
    local venv pip_version target
    venv=$(venv_dir "$1")
    pip_version=$("$venv/bin/python" - <<'EOF'
import sys, types
from ansible_test._internal.python_requirements import get_venv_packages
print(get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip'])
EOF
    ) || { warn "could not find the pip version ansible-test $1 bootstraps"; return 0; }
    target="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
    if [[ -e $target ]]; then
        echo "pip $pip_version bootstrap script present: $target"
    else
        mkdir -p "$(dirname "$target")"
        cp "$ROOT/tests/utils/get_pip_standin.py" "$target"
        echo "pip $pip_version bootstrap stand-in installed: $target"
    fi
}

# ---------------------------------------------------------------- copy
sync_collection() {
    git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 ||
        die "$ROOT is not a git checkout: tests/run.sh copies the files git knows about"
    local tmp="$COLL_DIR.new.$$"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    # tracked + untracked-not-ignored files that exist (a tracked file may be
    # deleted in the work tree); .git is never listed.
    (
        cd "$ROOT"
        git ls-files -z -c -o --exclude-standard |
            while IFS= read -r -d '' f; do
                [[ -e $f || -L $f ]] && printf '%s\0' "$f"
            done |
            sort -zu |
            tar --null --no-recursion -T - -cf -
    ) | tar -xf - -C "$tmp"
    rm -rf "$COLL_DIR"
    mv "$tmp" "$COLL_DIR"
    echo "Copied $(find "$COLL_DIR" -type f | wc -l) files to $COLL_DIR"
}

# ---------------------------------------------------------------- stages
venv_python_version() {
    "$(venv_dir "$1")/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])'
}

with_venv() {  # with_venv CORE COMMAND...
    local venv
    venv=$(venv_dir "$1")
    shift
    (
        cd "$COLL_DIR"
        export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
        unset PYTHONHOME
        "$@"
    )
}

stage_sanity() {
    local core=$1 pyver
    pyver=$(venv_python_version "$core")
    if compgen -G "$COLL_DIR/tests/sanity/ignore-*.txt" >/dev/null; then
        echo "tests/sanity/ignore-*.txt is not allowed in this collection: fix the code instead" >&2
        return 1
    fi
    install_get_pip_standin "$core"
    with_venv "$core" ansible-test sanity --requirements --python "$pyver" --color no
}

stage_units() {
    local core=$1 rc
    if [[ ! -d $COLL_DIR/tests/unit ]]; then
        echo "tests/unit/ does not exist" >&2
        return 1
    fi
    set +e
    with_venv "$core" env PYTHONPATH="$COLL_PARENT${PYTHONPATH:+:$PYTHONPATH}" \
        python -m pytest tests/unit -q -p no:cacheprovider
    rc=$?
    set -e
    if ((rc == 5)); then
        if [[ ${LIVEMIGRATE_ALLOW_NO_TESTS:-} == 1 ]]; then
            echo "pytest collected no test (allowed by LIVEMIGRATE_ALLOW_NO_TESTS=1)"
            return 0
        fi
        echo "pytest collected no test: that is a failure (set LIVEMIGRATE_ALLOW_NO_TESTS=1 to allow it)" >&2
    fi
    return "$rc"
}

stage_integration() {
    local core=$1 pyver
    if [[ -z $(find "$COLL_DIR/tests/integration/targets" -mindepth 1 -maxdepth 1 -type d 2>/dev/null) ]]; then
        echo "No integration targets in tests/integration/targets/ yet: skipped"
        return 77
    fi
    pyver=$(venv_python_version "$core")
    with_venv "$core" ansible-test integration --python "$pyver" --color no
}

stage_reliability() {
    local core=$1
    with_venv "$core" env PYTHONPATH="$COLL_PARENT${PYTHONPATH:+:$PYTHONPATH}" ANSIBLE_COLLECTIONS_PATH="$COLL_PARENT" \
        LIVEMIGRATE_RELIABILITY_REPORT="$LOG_DIR/reliability-summary.md" \
        python -m pytest tests/reliability -q -p no:cacheprovider
}

stage_ecosystem() {
    local core=$1
    (
        cd "$COLL_DIR"
        LIVEMIGRATE_WORK="$WORK" LM_VENV="$(venv_dir "$core")" ANSIBLE_COLLECTIONS_PATH="$COLL_PARENT" \
            LIVEMIGRATE_SHARED="${LIVEMIGRATE_SHARED:-}" bash tests/ecosystem/run.sh
    )
}

stage_demo() {
    local core=$1
    with_venv "$core" env ANSIBLE_COLLECTIONS_PATH="$COLL_PARENT" bash tests/demo/run_demo.sh
}

stage_changelog() {
    local core=$1
    with_venv "$core" antsibull-changelog lint
    with_venv "$core" antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
}

ensure_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 && return 0
    if [[ $(id -u) != 0 || ${LIVEMIGRATE_NO_APT:-} == 1 ]] || ! command -v apt-get >/dev/null 2>&1; then
        warn "shellcheck is not installed: ansible-test will skip its shellcheck sanity test"
        return 0
    fi
    echo "Installing shellcheck (apt-get) for the shellcheck sanity test"
    mkdir -p "$LOG_DIR"
    if ! {
        DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck
    } >"$LOG_DIR/apt-shellcheck.log" 2>&1 </dev/null; then
        tail -n 20 "$LOG_DIR/apt-shellcheck.log" >&2
        warn "could not install shellcheck: ansible-test will skip its shellcheck sanity test"
    fi
}

# ---------------------------------------------------------------- main
main() {
    local core stage start rc total_start=$SECONDS
    mkdir -p "$WORK" "$COLL_PARENT/ansible_collections/livemigrate"
    # One run at a time per work directory: runs share the copy and the venvs.
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$WORK/.lock"
        if ! flock -n 9; then
            echo "Another tests/run.sh is using $WORK: waiting for it to finish..."
            flock 9
        fi
    else
        warn "flock not found: concurrent runs on $WORK would clash"
    fi
    echo "livemigrate.mongodb tests: stages: ${stages[*]}; cores: ${cores[*]}; work dir: $WORK"

    sync_collection
    # Tests find the project's shared/ folder (reference specs) beside the
    # checkout; from the copy they cannot, so say where it is.
    if [[ -z ${LIVEMIGRATE_SHARED:-} && -d $ROOT/../shared ]]; then
        LIVEMIGRATE_SHARED=$(cd "$ROOT/../shared" && pwd)
        export LIVEMIGRATE_SHARED
        echo "LIVEMIGRATE_SHARED=$LIVEMIGRATE_SHARED"
    fi
    if want_stage sanity; then
        ensure_shellcheck
    fi

    # Stages run once per core; changelog runs once, in the newest core's venv.
    local -a run_cores=()
    local changelog_core="" per_core_stages=0
    for stage in sanity units integration; do
        if want_stage "$stage"; then per_core_stages=1; fi
    done
    if ((per_core_stages)); then
        run_cores=("${cores[@]}")
    fi
    if want_stage changelog || want_stage demo || want_stage ecosystem || want_stage reliability; then
        [[ " ${run_cores[*]} " == *" $NEWEST_CORE "* ]] || run_cores+=("$NEWEST_CORE")
    fi
    if want_stage changelog; then
        changelog_core=$NEWEST_CORE
    fi

    for core in "${run_cores[@]}"; do
        log "virtualenv for ansible-core $core"
        start=$SECONDS
        set +e
        (set -e; ensure_venv "$core")
        rc=$?
        set -e
        if ((rc != 0)); then
            record setup "$core" FAIL $((SECONDS - start))
            continue
        fi
        record setup "$core" pass $((SECONDS - start))
        if ((!per_core_stages)) || [[ " ${cores[*]} " != *" $core "* ]]; then
            continue  # this venv is only here for the changelog stage
        fi
        for stage in sanity units integration; do
            want_stage "$stage" || continue
            run_stage "$stage" "$core" "stage_$stage" "$core"
        done
    done

    if [[ -n $changelog_core ]]; then
        if [[ -x $(venv_dir "$changelog_core")/bin/antsibull-changelog ]]; then
            run_stage changelog "$changelog_core" stage_changelog "$changelog_core"
        else
            record changelog "$changelog_core" FAIL 0
        fi
    fi

    if want_stage reliability; then
        run_stage reliability "$NEWEST_CORE" stage_reliability "$NEWEST_CORE"
    fi
    if want_stage ecosystem; then
        run_stage ecosystem "$NEWEST_CORE" stage_ecosystem "$NEWEST_CORE"
    fi
    if want_stage demo; then
        run_stage demo "$NEWEST_CORE" stage_demo "$NEWEST_CORE"
    fi

    echo
    echo "=== summary (work dir: $WORK)"
    printf '%-12s %-6s %-5s %6s\n' stage core result time
    printf '%s\n' "${result_rows[@]}"
    printf '%-12s %-6s %-5s %5ss\n' total '' '' $((SECONDS - total_start))
    if ((failed)); then
        echo "=== FAILED"
        return 1
    fi
    echo "=== all passed"
}

# On one line, so that bash has read it all before main runs (the file may be
# edited or replaced while a run is going on).
main; exit $?
