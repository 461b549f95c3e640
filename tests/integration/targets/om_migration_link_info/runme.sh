#!/usr/bin/env bash
set -eu
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
ansible-playbook -i localhost, main.yml "$@"
