#!/usr/bin/env bash
# Starts a Flink cluster on this machine as separate JVM processes, from the Maven-resolved Flink jars:
# one JobManager (with the web UI) and N TaskManagers, all on loopback.
#
#   deployment/local/start-cluster.sh [--taskmanagers N] [--slots S] [--rest-port P] [--reactive]
#                                     [--application -- <cbam run options>]
#
# Session mode (default): submit the job with deployment/local/submit.sh.
# --application: standalone application mode; the JobManager runs the CBAM job with the given options
#   (those of `bin/cbam run`; --jdbc-url is required) and the cluster ends with the job.
# --reactive: scheduler-mode reactive (application mode only): the job uses every slot, and scales
#   up and down as TaskManagers come and go (add-taskmanager.sh, stop-taskmanager.sh).
# Files (config, logs, pids) go to $CLUSTER_DIR (default target/local-cluster). Stop with stop-cluster.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

taskmanagers=1 slots=2 rest_port=8081 reactive=false application=false
while [ $# -gt 0 ]; do
  case "$1" in
    --taskmanagers) taskmanagers=$2; shift 2 ;;
    --slots) slots=$2; shift 2 ;;
    --rest-port) rest_port=$2; shift 2 ;;
    --reactive) reactive=true; shift ;;
    --application) application=true; shift; [ "${1:-}" = "--" ] && shift; break ;;
    *) echo "start-cluster: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$reactive" = true ] && [ "$application" = false ]; then
  echo "start-cluster: --reactive needs --application (Flink's reactive mode is for application clusters)" >&2
  exit 2
fi
if [ -n "$(ls "$CLUSTER_DIR/pids/"*.pid 2>/dev/null)" ]; then
  echo "start-cluster: $CLUSTER_DIR has a running cluster; stop it first (stop-cluster.sh)" >&2
  exit 2
fi

ensure_built
mkdir -p "$CLUSTER_DIR/conf" "$CLUSTER_DIR/log" "$CLUSTER_DIR/pids"
echo "$rest_port" >"$CLUSTER_DIR/rest-port"
# The JobManager's RPC port sits 10000 above the REST port (below it for REST ports over 55535).
rpc_port=$((rest_port + 10000))
[ "$rpc_port" -le 65535 ] || rpc_port=$((rest_port - 10000))
cat >"$CLUSTER_DIR/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 1536m
# Batch shuffles read with sort-merge buffers; the default minimum (512 per reader) exceeds a small TaskManager.
taskmanager.memory.network.min: 192m
taskmanager.memory.network.max: 192m
taskmanager.network.sort-shuffle.min-buffers: 128
taskmanager.numberOfTaskSlots: $slots
execution.batch.adaptive.auto-parallelism.enabled: false
# Application mode copies the job jar here first; a stale copy of an earlier build must not win.
user.artifacts.base-dir: $CLUSTER_DIR/artifacts
user.artifacts.artifact-overwrite: true
# A killed TaskManager is noticed within seconds either way (refused heartbeats); the timeout only has to
# outlast a busy machine's pauses, which the default 50 s does with a wide margin and 10 s did not always.
heartbeat.timeout: 30000
heartbeat.interval: 2000
$( [ "$reactive" = true ] && printf '%s\n' "scheduler-mode: reactive" \
    "# Rescale within seconds of a TaskManager joining or leaving (defaults: 1 min to stabilise, 30 s cooldown)." \
    "jobmanager.adaptive-scheduler.executing.resource-stabilization-timeout: 5s" \
    "jobmanager.adaptive-scheduler.executing.cooldown-after-rescaling: 10s" )
YAML
cat >"$CLUSTER_DIR/conf/log4j.properties" <<'PROPS'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
PROPS

if [ "$application" = true ]; then
  entry=org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint
  # --jars takes several values: it must come before another option, or it swallows the program arguments.
  app_args=(--jars "file://$JOB_JAR" --job-classname dev.cbam.job.CbamJobMain "$@")
else
  entry=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
  app_args=()
fi
# shellcheck disable=SC2086
nohup java $JDK_OPENS -Xmx700m -Dlog.file="$CLUSTER_DIR/log/jobmanager.log" \
  -Dlog4j.configurationFile="$CLUSTER_DIR/conf/log4j.properties" -cp "$FLINK_CP" \
  "$entry" --configDir "$CLUSTER_DIR/conf" "${app_args[@]}" >"$CLUSTER_DIR/log/jobmanager.out" 2>&1 &
echo $! >"$CLUSTER_DIR/pids/jobmanager.pid"
echo "local-cluster: started JobManager (pid $!), web UI $(rest_url)/"

for n in $(seq 1 "$taskmanagers"); do
  start_taskmanager "$n"
done

for _ in $(seq 1 120); do
  registered="$(curl -fs "$(rest_url)/overview" 2>/dev/null | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p' || true)"
  if [ "${registered:-0}" -ge "$taskmanagers" ]; then
    echo "local-cluster: ready, $registered TaskManager(s) with $slots slot(s) each"
    exit 0
  fi
  if ! kill -0 "$(cat "$CLUSTER_DIR/pids/jobmanager.pid")" 2>/dev/null; then
    echo "local-cluster: the JobManager exited; see $CLUSTER_DIR/log/jobmanager.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "local-cluster: not ready after 60 s; see $CLUSTER_DIR/log/" >&2
exit 1
