#!/usr/bin/env bash
# Stops every process the local-cluster scripts started (by the pids they recorded), and nothing else.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
shopt -s nullglob
for pidfile in "$CLUSTER_DIR"/pids/*.pid; do
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    echo "local-cluster: stopping $(basename "$pidfile" .pid) (pid $pid)"
    kill "$pid" 2>/dev/null || true
  fi
done
for pidfile in "$CLUSTER_DIR"/pids/*.pid; do
  pid="$(cat "$pidfile")"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
done
