#!/usr/bin/env bash
set -eu
# Only the options the playbooks set may reach the modules: no credentials from the caller's environment.
unset MONGODB_ATLAS_BASE_URL MONGODB_ATLAS_PUBLIC_KEY MONGODB_ATLAS_PRIVATE_KEY MONGODB_ATLAS_PUBLIC_API_KEY \
    MONGODB_ATLAS_PRIVATE_API_KEY MONGODB_ATLAS_CLIENT_ID MONGODB_ATLAS_CLIENT_SECRET MONGODB_OM_BASE_URL \
    MONGODB_OM_PUBLIC_KEY MONGODB_OM_PRIVATE_KEY MONGODB_OM_CLIENT_ID MONGODB_OM_CLIENT_SECRET MCLI_OPS_MANAGER_URL \
    MCLI_PUBLIC_API_KEY MCLI_PRIVATE_API_KEY
# shellcheck source=../setup_simulator/start.sh
source ../setup_simulator/start.sh
ansible-playbook -i localhost, main.yml "$@"
