# Shared by the deployment/local scripts: paths, the Flink classpath from Maven, Java 17 module flags.
# A cluster's files (config, logs, process ids) live in one folder, CLUSTER_DIR (default target/local-cluster).
CBAM_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET="$CBAM_HOME/flink-job/target"
CLUSTER_DIR="${CLUSTER_DIR:-$CBAM_HOME/target/local-cluster}"

ensure_built() {
  local lib="$CBAM_HOME/deployment/local/flink-lib/target/flink-lib-classpath.txt"
  if [ ! -f "$lib" ] || ! ls "$TARGET"/cbam-flink-job-*-job.jar >/dev/null 2>&1; then
    echo "local-cluster: building the project..." >&2
    (cd "$CBAM_HOME" && ./mvnw -q -B -DskipTests package) >&2
  fi
  # The Flink runtime jars, standing in for a distribution's lib/ (deployment/local/flink-lib/pom.xml).
  FLINK_CP="$(cat "$lib")"
  JOB_JAR="$(ls "$TARGET"/cbam-flink-job-*-job.jar | head -n 1)"
}

# The module openings Flink needs on Java 17 (the distribution's env.java.opts.all).
JDK_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

rest_url() {
  echo "http://127.0.0.1:$(cat "$CLUSTER_DIR/rest-port")"
}

# Starts one TaskManager in the background; its pid goes to CLUSTER_DIR/pids/taskmanager-N.pid.
start_taskmanager() {
  local n=$1 params jvm dyn
  params="$(java -cp "$FLINK_CP" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS \
    --configDir "$CLUSTER_DIR/conf" 2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')"
  jvm="$(echo "$params" | sed -n 1p)"
  dyn="$(echo "$params" | sed -n 2p)"
  # shellcheck disable=SC2086
  nohup java $JDK_OPENS $jvm -Dlog.file="$CLUSTER_DIR/log/taskmanager-$n.log" \
    -Dlog4j.configurationFile="$CLUSTER_DIR/conf/log4j.properties" -cp "$FLINK_CP" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$CLUSTER_DIR/conf" $dyn \
    >"$CLUSTER_DIR/log/taskmanager-$n.out" 2>&1 &
  echo $! >"$CLUSTER_DIR/pids/taskmanager-$n.pid"
  echo "local-cluster: started TaskManager $n (pid $!)"
}

next_taskmanager_number() {
  local n=1
  while [ -f "$CLUSTER_DIR/pids/taskmanager-$n.pid" ]; do n=$((n + 1)); done
  echo "$n"
}
