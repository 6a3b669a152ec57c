#!/usr/bin/env bash
# A real Flink standalone session cluster (a JobManager process and TaskManager processes) from
# Maven Central jars, no Docker and no Flink download: the same processes flink-dist's scripts
# start, with the JVM flags Flink's own BashJavaUtils computes from config/flink/config.yaml.
#
#   scripts/flink-cluster.sh start [--rest-port 8081] [--rpc-port 6123] [--prom-port 9249] [--dir target/flink-cluster]
#   scripts/flink-cluster.sh add-taskmanager [--dir ...]   # one more TaskManager process
#   scripts/flink-cluster.sh stop [--dir ...]              # every process of this cluster
#   scripts/flink-cluster.sh status [--dir ...]            # its processes, and whether the REST API answers
#   scripts/flink-cluster.sh submit [--dir ...] [JOB OPTIONS...]   # the cluster jar, over REST; prints the job id
#   scripts/flink-cluster.sh jobs [--dir ...]              # id, state and name of every job
#   scripts/flink-cluster.sh cancel [--dir ...] JOB_ID
#
# Web UI and REST API on http://127.0.0.1:<rest-port>; Prometheus metrics on the first free ports
# from <prom-port> (one per process, ten at most). Logs in <dir>/log/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lib="$root/tools/flink-cluster/target/lib"
command=${1:-}
shift || true
rest_port=8081
rpc_port=6123
prom_port=9249
dir="$root/target/flink-cluster"
rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rest-port) rest_port=$2; shift 2 ;;
    --rpc-port) rpc_port=$2; shift 2 ;;
    --prom-port) prom_port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    *)
      # submit passes the rest to the job; cancel takes a job id.
      if [ "$command" = submit ] || [ "$command" = cancel ]; then rest+=("$1"); shift
      else echo "unknown argument: $1" >&2; exit 2; fi ;;
  esac
done

# Whether any process of this cluster is alive (by its pidfile).
alive() {
  local pidfile
  for pidfile in "$dir"/pids/*.pid; do
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && return 0
  done
  return 1
}

rest_url() {
  [ -f "$dir/rest-port" ] || { echo "no cluster started from $dir" >&2; exit 1; }
  echo "http://127.0.0.1:$(cat "$dir/rest-port")"
}

# The Java 17 module openings of flink-dist's default env.java.opts.all.
java_opens=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

# Prints the JVM flags (first line) and -D settings (second line) Flink computes for a process.
resource_params() {
  java -cp "$lib/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$dir/conf" \
    | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

# start_process <name> <main class> <JM|TM>
start_process() {
  local name=$1 main=$2 kind=$3 params jvm dynamic
  params=$(resource_params "GET_${kind}_RESOURCE_PARAMS")
  jvm=$(echo "$params" | sed -n 1p)
  dynamic=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086 # the computed flags are whitespace-separated on purpose
  nohup java $jvm "${java_opens[@]}" -Dlog.file="$dir/log/$name.log" \
    -Dlog4j.configurationFile="$dir/conf/log4j2.properties" -cp "$lib/*" "$main" \
    --configDir "$dir/conf" $dynamic > "$dir/log/$name.out" 2>&1 < /dev/null &
  echo $! > "$dir/pids/$name.pid"
}

taskmanager_ids() {
  curl -sf "http://127.0.0.1:$(cat "$dir/rest-port")/taskmanagers" 2>/dev/null \
    | grep -o '"id":"[^"]*"' | sort || true
}

registered_taskmanagers() {
  taskmanager_ids | grep -c . || true
}

await_taskmanagers() {
  local want=$1
  for _ in $(seq 1 120); do
    if [ "$(registered_taskmanagers)" -ge "$want" ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "no $want TaskManager(s) registered within 60 s; see $dir/log/" >&2
  return 1
}

case "$command" in
  start)
    if alive; then
      echo "a cluster from $dir is already running ($(rest_url)); stop it first" >&2
      exit 1
    fi
    if [ ! -d "$lib" ] || [ -z "$(ls -A "$lib" 2>/dev/null)" ]; then
      echo "fetching the Flink cluster classpath with Maven..."
      mvn -B -q -ntp -f "$root/pom.xml" -pl tools/flink-cluster package
    fi
    mkdir -p "$dir/conf" "$dir/log" "$dir/pids" "$dir/data"
    dir=$(cd "$dir" && pwd)
    sed -e "s|@REST_PORT@|$rest_port|g" -e "s|@RPC_PORT@|$rpc_port|g" -e "s|@DATA_DIR@|$dir/data|g" \
      -e "s|@PROM_PORTS@|$prom_port-$((prom_port + 9))|g" \
      "$root/config/flink/config.yaml" > "$dir/conf/config.yaml"
    cp "$root/config/flink/log4j2.properties" "$dir/conf/log4j2.properties"
    echo "$rest_port" > "$dir/rest-port"
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint JM
    start_process taskmanager-1 org.apache.flink.runtime.taskexecutor.TaskManagerRunner TM
    await_taskmanagers 1
    echo "Flink cluster running: http://127.0.0.1:$rest_port (logs in $dir/log)"
    ;;
  add-taskmanager)
    dir=$(cd "$dir" && pwd)
    n=$(( $(ls "$dir/pids" | grep -c '^taskmanager-') + 1 ))
    # Wait for an id the JobManager did not know before: a killed TaskManager stays listed
    # until its heartbeat times out, so counting would mislead.
    before=$(taskmanager_ids)
    start_process "taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner TM
    for _ in $(seq 1 120); do
      if [ -n "$(comm -13 <(echo "$before") <(taskmanager_ids))" ]; then
        echo "TaskManager $n running (pid $(cat "$dir/pids/taskmanager-$n.pid"))"
        exit 0
      fi
      sleep 0.5
    done
    echo "TaskManager $n did not register within 60 s; see $dir/log/" >&2
    exit 1
    ;;
  stop)
    for pidfile in "$dir"/pids/*.pid; do
      [ -f "$pidfile" ] || continue
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    done
    echo "Flink cluster stopped"
    ;;
  status)
    running=0
    for pidfile in "$dir"/pids/*.pid; do
      [ -f "$pidfile" ] || continue
      name=$(basename "$pidfile" .pid)
      if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "$name running (pid $(cat "$pidfile"))"; running=1
      else
        echo "$name not running (stale pid file)"
      fi
    done
    [ "$running" = 1 ] || { echo "stopped"; exit 1; }
    if curl -sf "$(rest_url)/overview" > /dev/null; then echo "REST API: $(rest_url)"
    else echo "REST API not answering at $(rest_url)"; exit 1; fi
    ;;
  submit)
    jar="$root/jobs/target/flink-softmax-cluster.jar"
    [ -f "$jar" ] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }
    url=$(rest_url)
    # The job's own option parser, here on the client: a mistyped option is refused before the
    # upload, with the job's message (the cluster would refuse it too, less readably).
    java -cp "$root/jobs/target/flink-softmax.jar:$root/jobs/target/lib/*" \
      -Dlog4j2.level=WARN io.flinksoftmax.job.CheckOptions "${rest[@]}" || exit 2
    upload=$(curl -sf -X POST -F "jarfile=@$jar" "$url/jars/upload") \
      || { echo "upload to $url failed" >&2; exit 1; }
    jar_id=$(echo "$upload" | sed -n 's|.*"filename":"[^"]*/\([^"/]*\)".*|\1|p')
    args_json=$(python3 -c 'import json,sys; print(json.dumps({"programArgsList": sys.argv[1:]}))' "${rest[@]}")
    run=$(curl -sS -X POST -H 'Content-Type: application/json' -d "$args_json" "$url/jars/$jar_id/run")
    job_id=$(echo "$run" | sed -n 's|.*"jobid":"\([0-9a-f]*\)".*|\1|p')
    [ -n "$job_id" ] || { echo "the cluster refused the job: $run" >&2; exit 1; }
    echo "$job_id"
    ;;
  jobs)
    curl -sf "$(rest_url)/jobs/overview" | python3 -c '
import json, sys
for job in json.load(sys.stdin)["jobs"]:
    print(job["jid"], job["state"], job["name"])'
    ;;
  cancel)
    [ ${#rest[@]} -eq 1 ] || { echo "usage: $0 cancel [--dir DIR] JOB_ID" >&2; exit 2; }
    curl -sf -X PATCH "$(rest_url)/jobs/${rest[0]}?mode=cancel" > /dev/null \
      || { echo "cannot cancel ${rest[0]} at $(rest_url)" >&2; exit 1; }
    echo "cancelling ${rest[0]}"
    ;;
  *)
    echo "usage: $0 start|add-taskmanager|stop|status|submit|jobs|cancel [--rest-port N] [--rpc-port N] [--prom-port N] [--dir DIR] [JOB OPTIONS | JOB_ID]" >&2
    exit 2
    ;;
esac
