#!/usr/bin/env bash
# Stops TaskManager N of the local cluster: gracefully, or with --kill as a crash would (kill -9).
#   deployment/local/stop-taskmanager.sh [--kill] N
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
signal=TERM
if [ "${1:-}" = "--kill" ]; then signal=KILL; shift; fi
n="${1:?usage: stop-taskmanager.sh [--kill] N}"
pidfile="$CLUSTER_DIR/pids/taskmanager-$n.pid"
[ -f "$pidfile" ] || { echo "stop-taskmanager: no TaskManager $n in $CLUSTER_DIR" >&2; exit 2; }
pid="$(cat "$pidfile")"
echo "local-cluster: stopping TaskManager $n (pid $pid) with SIG$signal"
kill -s "$signal" "$pid" 2>/dev/null || true
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
rm -f "$pidfile"
