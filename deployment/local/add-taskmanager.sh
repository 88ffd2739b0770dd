#!/usr/bin/env bash
# Starts one more TaskManager in the running local cluster (in reactive mode the job scales up to use it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_built
[ -f "$CLUSTER_DIR/pids/jobmanager.pid" ] || { echo "add-taskmanager: no cluster in $CLUSTER_DIR" >&2; exit 2; }
start_taskmanager "$(next_taskmanager_number)"
