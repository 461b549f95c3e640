#!/usr/bin/env bash
# Ecosystem checks of the livemigrate.mongodb collection: what Galaxy / Automation Hub users,
# AWX / AAP admins and docs readers meet. Run from the collection root (a directory ending in
# ansible_collections/livemigrate/mongodb); tests/run.sh calls it as a stage:
#
#   cd <collection copy> && LIVEMIGRATE_WORK=<work dir> LM_VENV=<venv-2.21> \
#       ANSIBLE_COLLECTIONS_PATH=<dir holding ansible_collections> bash tests/ecosystem/run.sh [CHECK...]
#
# Checks (default: all): yamllint ansible-lint docs-lint docs-build galaxy ee awx-runner examples interpreter
#
# Tools are installed into own virtualenvs under $LIVEMIGRATE_WORK (venv-eco, venv-docs), pinned
# below and re-used while their marker matches; awx.awx (for linting examples/awx) is taken from
# the pinned `ansible` wheel of PyPI into $LIVEMIGRATE_WORK/eco-collections. Prints one line per
# check and exits non-zero when any check fails. Logs: $LIVEMIGRATE_WORK/logs/ecosystem/.
set -euo pipefail

# ---------------------------------------------------------------- pins
ECO_PINS="galaxy-importer==0.4.44 ansible-builder==3.2.0 ansible-runner==2.4.3 yamllint==1.38.0 ansible-lint==26.10.1 ansible-core==2.21.5"
DOCS_PINS="antsibull-docs==2.28.0 sphinx==9.2.0 sphinx-ansible-theme==0.10.4 ansible-core==2.21.5"
AWX_FROM="ansible==11.13.0"   # the community package that ships the awx.awx collection
ECO_RECIPE=1

ALL_CHECKS=(yamllint ansible-lint docs-lint docs-build galaxy ee awx-runner examples interpreter)
# Playbooks ansible-lint checks besides the roles (the AWX one needs awx.awx).
LINT_PLAYBOOKS=(tests/demo/link_demo.yml examples/link.yml examples/unlink.yml examples/awx/credential_types.yml
    tests/ecosystem/awx_link.yml tests/ecosystem/interpreter.yml)

COLL_ROOT=$(pwd)
[[ -f $COLL_ROOT/galaxy.yml ]] || { echo "run this from the collection root (galaxy.yml not found in $COLL_ROOT)" >&2; exit 2; }
: "${LIVEMIGRATE_WORK:?set LIVEMIGRATE_WORK (the work directory)}"
: "${LM_VENV:?set LM_VENV (the ansible-core 2.21 virtualenv of tests/run.sh)}"
if [[ -z ${ANSIBLE_COLLECTIONS_PATH:-} ]]; then
    ANSIBLE_COLLECTIONS_PATH=$(cd "$COLL_ROOT/../../.." && pwd)
fi
[[ -d $ANSIBLE_COLLECTIONS_PATH/ansible_collections/livemigrate/mongodb ]] ||
    { echo "ANSIBLE_COLLECTIONS_PATH=$ANSIBLE_COLLECTIONS_PATH holds no ansible_collections/livemigrate/mongodb" >&2; exit 2; }
export ANSIBLE_COLLECTIONS_PATH LM_VENV

WORK=$LIVEMIGRATE_WORK
LOGS=$WORK/logs/ecosystem
ECO_VENV=$WORK/venv-eco
DOCS_VENV=$WORK/venv-docs
AWX_COLLECTIONS=$WORK/eco-collections
mkdir -p "$LOGS"
ECO_TMP=$(mktemp -d "${TMPDIR:-/tmp}/livemigrate-eco.XXXXXX")
trap 'rm -rf "$ECO_TMP"' EXIT
export ECO_TMP

checks=("$@")
((${#checks[@]})) || checks=("${ALL_CHECKS[@]}")

# ---------------------------------------------------------------- helpers
rows=()
failed=0

find_python() {  # a Python 3.11+ with venv: the 2.21 venv's base interpreter, then others
    local cand
    for cand in "$("$LM_VENV/bin/python" -c 'import sys; print(getattr(sys, "_base_executable", sys.executable))' 2>/dev/null)" \
        python3.13 python3.12 python3.11 /root/.pyenv/versions/3.11.7/bin/python python3; do
        if [[ -z $cand ]] || ! command -v "$cand" >/dev/null 2>&1; then continue; fi
        if "$cand" -c 'import sys, venv, ensurepip; assert sys.version_info >= (3, 11)' >/dev/null 2>&1; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

ensure_venv() {  # ensure_venv DIR PINS...: (re)build DIR when the pins or the recipe changed
    local dir=$1 marker python
    shift
    marker="recipe=$ECO_RECIPE pins=$*"
    if [[ -x $dir/bin/python && $(cat "$dir/.eco-pins" 2>/dev/null) == "$marker" ]]; then
        return 0
    fi
    python=$(find_python) || { echo "no Python 3.11+ with venv and ensurepip found" >&2; return 1; }
    echo "creating $dir ($*)"
    rm -rf "$dir"
    "$python" -m venv "$dir"
    "$dir/bin/python" -m pip install -q "$@"
    echo "$marker" >"$dir/.eco-pins"
}

ensure_awx_collection() {  # awx.awx out of the pinned ansible wheel, for ansible-lint only
    local marker="$AWX_FROM" dl
    if [[ -f $AWX_COLLECTIONS/ansible_collections/awx/awx/MANIFEST.json && $(cat "$AWX_COLLECTIONS/.eco-pins" 2>/dev/null) == "$marker" ]]; then
        return 0
    fi
    echo "extracting awx.awx from $AWX_FROM"
    dl=$ECO_TMP/awx-download
    rm -rf "$AWX_COLLECTIONS" "$dl"
    "$ECO_VENV/bin/python" -m pip download -q --no-deps -d "$dl" "$AWX_FROM"
    "$ECO_VENV/bin/python" - "$dl" "$AWX_COLLECTIONS" <<'EOF'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + '/*.whl')[0]
with zipfile.ZipFile(wheel) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith('ansible_collections/awx/awx/')])
EOF
    echo "$marker" >"$AWX_COLLECTIONS/.eco-pins"
}

in_eco() {  # run with venv-eco's tools first on PATH
    PATH="$ECO_VENV/bin:$PATH" VIRTUAL_ENV="$ECO_VENV" "$@"
}

in_docs() {
    PATH="$DOCS_VENV/bin:$PATH" VIRTUAL_ENV="$DOCS_VENV" "$@"
}

run_check() {  # run_check NAME FUNCTION: one pass/FAIL line, output in $LOGS/NAME.log
    local name=$1 fn=$2 start rc log=$LOGS/$1.log
    start=$SECONDS
    set +e
    (set -euo pipefail; "$fn") >"$log" 2>&1
    rc=$?
    set -e
    if ((rc == 0)); then
        rows+=("$(printf '%-12s pass %4ss  %s' "$name" $((SECONDS - start)) "$(tail -n 1 "$log" | cut -c1-110)")")
        printf '%-12s pass (%ss)\n' "$name" $((SECONDS - start))
    else
        failed=1
        rows+=("$(printf '%-12s FAIL %4ss  see %s' "$name" $((SECONDS - start)) "$log")")
        printf '%-12s FAIL (%ss): last lines of %s:\n' "$name" $((SECONDS - start)) "$log"
        tail -n 25 "$log" | sed 's/^/    /'
    fi
}

setup_eco() {
    # shellcheck disable=SC2086
    ensure_venv "$ECO_VENV" $ECO_PINS
    echo "venv-eco: $ECO_PINS"
}

setup_docs() {
    # shellcheck disable=SC2086
    ensure_venv "$DOCS_VENV" $DOCS_PINS
    echo "venv-docs: $DOCS_PINS"
}

# ---------------------------------------------------------------- checks
check_yamllint() {
    in_eco yamllint --strict -f parsable .
    echo "yamllint: clean"
}

check_ansible_lint() {
    ensure_awx_collection
    # ansible-lint uses its own venv's ansible-core; awx.awx comes from the extracted wheel.
    ANSIBLE_COLLECTIONS_PATH="$ANSIBLE_COLLECTIONS_PATH:$AWX_COLLECTIONS" \
        in_eco ansible-lint --profile production --offline --nocolor roles "${LINT_PLAYBOOKS[@]}"
    echo "ansible-lint --profile production: roles/ ${LINT_PLAYBOOKS[*]}"
}

check_docs_lint() {
    in_docs antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs self \
        --disallow-unknown-collection-refs --check-extra-docs-refs .
    echo "antsibull-docs lint-collection-docs --plugin-docs: clean"
}

check_docs_build() {
    local dest=$WORK/docs-build
    rm -rf "$dest"
    mkdir -p "$dest"
    chmod 700 "$dest"  # antsibull-docs wants a directory only its owner can write
    in_docs antsibull-docs sphinx-init --use-current --fail-on-error --no-add-antsibull-docs-version \
        --project livemigrate.mongodb --title "livemigrate.mongodb collection" \
        --html-short-title livemigrate.mongodb --copyright "livemigrate.mongodb contributors" \
        --dest-dir "$dest" livemigrate.mongodb
    # Offline build: intersphinx cannot fetch docs.ansible.com's inventory (a warning, and warnings
    # are errors here). The generated pages refer to a few labels of the Ansible docs: a small
    # local inventory resolves them to their real URLs.
    in_docs python "$COLL_ROOT/tests/ecosystem/ansible_docs_inventory.py" "$dest/ansible_devel.inv"
    {
        echo
        echo '# tests/ecosystem/run.sh: offline build'
        echo "intersphinx_mapping = {'ansible_devel': ('https://docs.ansible.com/projects/ansible/devel/', '$dest/ansible_devel.inv')}"
    } >>"$dest/conf.py"
    in_docs bash "$dest/build.sh"
    local page
    for page in index.html collections/livemigrate/mongodb/index.html \
        collections/livemigrate/mongodb/atlas_link_token_module.html \
        collections/livemigrate/mongodb/om_migration_link_module.html \
        collections/livemigrate/mongodb/om_migration_link_info_module.html \
        collections/livemigrate/mongodb/link_role.html \
        collections/livemigrate/mongodb/docsite/guide_link.html \
        collections/livemigrate/mongodb/docsite/guide_teardown.html \
        collections/livemigrate/mongodb/docsite/guide_awx.html \
        collections/livemigrate/mongodb/docsite/guide_controller.html \
        collections/livemigrate/mongodb/docsite/guide_troubleshooting.html; do
        [[ -s $dest/build/html/$page ]] || { echo "missing page: build/html/$page" >&2; return 1; }
    done
    echo "docs site (sphinx -W) built: $dest/build/html/index.html"
}

check_galaxy() {
    local out=$ECO_TMP/galaxy tarball log=$ECO_TMP/galaxy-importer.log
    mkdir -p "$out"
    in_eco ansible-galaxy collection build --force --output-path "$out" .
    tarball=$(find "$out" -name 'livemigrate-mongodb-*.tar.gz' | head -n 1)
    # galaxy-importer calls ansible-doc and ansible-lint from PATH.
    GALAXY_IMPORTER_CONFIG="$COLL_ROOT/tests/ecosystem/galaxy-importer.cfg" \
        in_eco python -m galaxy_importer.main "$tarball" 2>&1 | tee "$log"
    # The importer exits 0 after errors in parts of the import (ansible-doc, lint): fail on them.
    if grep -E '^(ERROR|CRITICAL)' "$log" >&2; then
        echo "galaxy-importer reported errors" >&2
        return 1
    fi
    grep -q 'Importer processing completed successfully' "$log"
    echo "galaxy-importer: $(basename "$tarball") imported, $(grep -c '^WARNING' "$log" || true) warning(s)"
}

check_ee() {
    local ctx=$ECO_TMP/ee-context
    in_eco ansible-builder introspect --sanitize "$ANSIBLE_COLLECTIONS_PATH" | tee "$ECO_TMP/introspect.txt"
    grep -Eq "^- '?requests.*# from collection livemigrate\.mongodb" "$ECO_TMP/introspect.txt" ||
        { echo "ansible-builder introspect does not show requests from livemigrate.mongodb" >&2; return 1; }
    grep -Eq "^- '?ca-certificates.*# from collection livemigrate\.mongodb" "$ECO_TMP/introspect.txt" ||
        { echo "ansible-builder introspect does not show the bindep.txt entry" >&2; return 1; }
    in_eco ansible-builder create -f examples/execution-environment.yml --context "$ctx" \
        --output-filename Containerfile -v 2
    [[ -s $ctx/Containerfile ]] || { echo "no Containerfile in $ctx" >&2; return 1; }
    grep -rq 'livemigrate.mongodb' "$ctx/_build" || { echo "the collection is not in the build context" >&2; return 1; }
    echo "ansible-builder introspect shows requests; create wrote $(find "$ctx" -type f | wc -l) files"
}

check_awx_runner() {
    PYTHONPATH=$COLL_ROOT in_eco python tests/ecosystem/checks.py awx-runner
}

check_examples() {
    PYTHONPATH=$COLL_ROOT in_eco python tests/ecosystem/checks.py examples
}

check_interpreter() {
    local noreq=$ECO_TMP/venv-no-requests
    "$(find_python)" -m venv --without-pip "$noreq"
    ECO_NOREQ_PYTHON="$noreq/bin/python" PYTHONPATH=$COLL_ROOT in_eco python tests/ecosystem/checks.py interpreter
}

# ---------------------------------------------------------------- main
echo "livemigrate.mongodb ecosystem checks: ${checks[*]}"
need_eco=0 need_docs=0
for c in "${checks[@]}"; do
    case "$c" in
        docs-lint|docs-build) need_docs=1 ;;
        yamllint|ansible-lint|galaxy|ee|awx-runner|examples|interpreter) need_eco=1 ;;
        *) echo "unknown check: $c (known: ${ALL_CHECKS[*]})" >&2; exit 2 ;;
    esac
done
if ((need_eco)); then
    run_check venv-eco setup_eco
fi
if ((need_docs)); then
    run_check venv-docs setup_docs
fi
for c in "${checks[@]}"; do
    run_check "$c" "check_${c//-/_}"
done

echo
echo "=== ecosystem summary (logs: $LOGS)"
printf '%s\n' "${rows[@]}"
if ((failed)); then
    echo "=== ecosystem: FAILED"
    exit 1
fi
echo "=== ecosystem: all passed"
