#!/usr/bin/env bash
# Benchmark of livemigrate.mongodb against hand-written ansible.builtin.uri plays, on the
# bundled API simulator. Not a pass/fail test: it prints a table (see docs/performance.md).
#
#   bash tests/perf/run.sh [--rounds N] [--rounds-large N] [--ks 1,10,50] [--json FILE]
#
# Environment:
#   LM_PERF_VENV   virtualenv with ansible-core and requests
#                  (default: ~/.cache/livemigrate-mongodb/venv-2.21, made by tests/run.sh)
#   LM_PERF_KEEP=1 keep the work directory (playbooks, simulator log) for inspection
#
# It copies the collection (galaxy.yml, meta, plugins, roles) to a private temporary
# collections path, so it neither needs an installed collection nor touches the copy that
# tests/run.sh uses, and it gives ansible private temporary directories.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VENV=${LM_PERF_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/livemigrate-mongodb/venv-2.21}
[[ -x $VENV/bin/ansible-playbook ]] || {
    echo "ERROR: no ansible-playbook in $VENV: run 'bash tests/run.sh units --core 2.21' once, or set LM_PERF_VENV" >&2
    exit 2
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/lm-perf.XXXXXX")
cleanup() {
    if [[ ${LM_PERF_KEEP:-0} == 1 ]]; then
        echo "work directory kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

COLL="$WORK/collections/ansible_collections/livemigrate/mongodb"
mkdir -p "$COLL" "$WORK/tmp-local" "$WORK/tmp-remote"
cp -r "$ROOT/galaxy.yml" "$ROOT/meta" "$ROOT/plugins" "$ROOT/roles" "$COLL/"
find "$COLL" -name __pycache__ -prune -exec rm -rf {} +

# A private, empty configuration: results must not depend on an ansible.cfg lying around.
: > "$WORK/ansible.cfg"
export ANSIBLE_CONFIG="$WORK/ansible.cfg"
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
export ANSIBLE_LOCAL_TEMP="$WORK/tmp-local"
export ANSIBLE_REMOTE_TMP="$WORK/tmp-remote"
export ANSIBLE_PYTHON_INTERPRETER="$VENV/bin/python"
export ANSIBLE_NOCOLOR=1
export ANSIBLE_DEPRECATION_WARNINGS=0
export PYTHONDONTWRITEBYTECODE=1

exec "$VENV/bin/python" "$ROOT/tests/perf/bench.py" --root "$ROOT" --work "$WORK" --venv "$VENV" "$@"
