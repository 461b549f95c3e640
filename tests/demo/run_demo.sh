#!/usr/bin/env bash
# Runs the main job (link_demo.yml) twice against a fresh API simulator: the first run links
# every organization, the second finds them linked and changes nothing. Called by
# `bash tests/run.sh demo`, which provides a virtualenv with ansible-core and requests.
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "${here}/../integration/targets/setup_simulator"
# shellcheck source=../integration/targets/setup_simulator/start.sh
source ./start.sh
cd "${here}"
echo "API simulator at ${LM_SIM_URL}"
echo "--- first run: links every organization"
ansible-playbook -i localhost, link_demo.yml "$@"
echo "--- second run: already linked, nothing changes"
ansible-playbook -i localhost, link_demo.yml "$@"
