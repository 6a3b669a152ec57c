#!/usr/bin/env bash
# Starts or stops a real single-node Kafka broker (KRaft) from Maven Central jars, no Docker.
#
#   scripts/kafka-broker.sh start [--port 9092] [--dir target/kafka-broker]
#   scripts/kafka-broker.sh stop  [--dir target/kafka-broker]
#   scripts/kafka-broker.sh status [--dir target/kafka-broker]
#   scripts/kafka-broker.sh create-topics [--port 9092] [--partitions 2] [TOPIC...]   # default: scores decisions dead-letters
#   scripts/kafka-broker.sh produce [--port 9092] TOPIC [FILE]     # one record a line; default FILE: the samples
#   scripts/kafka-broker.sh consume [--port 9092] [--max N] TOPIC  # from the beginning, read_committed, as it comes
#
# The broker listens on 127.0.0.1:<port> (its controller on <port>+1), keeps its data and log in
# <dir>, and runs in the background until stopped. Its classpath is tools/kafka-broker/target/lib
# (written by `mvn package`; a start without it runs that module's build first).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lib="$root/tools/kafka-broker/target/lib"
command=${1:-}
shift || true
port=9092
partitions=2
max=""
topics=()
dir="$root/target/kafka-broker"
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --max) max=$2; shift 2 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) topics+=("$1"); shift ;;
  esac
done
pidfile="$dir/broker.pid"

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

case "$command" in
  start)
    if running; then
      echo "broker already running (pid $(cat "$pidfile")) on $(cat "$dir/bootstrap")"
      exit 0
    fi
    if [ ! -d "$lib" ] || [ -z "$(ls -A "$lib" 2>/dev/null)" ]; then
      echo "fetching the Kafka broker classpath with Maven..."
      mvn -B -q -ntp -f "$root/tools/kafka-broker/pom.xml" package
    fi
    mkdir -p "$dir/data"
    dir=$(cd "$dir" && pwd)
    sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$((port + 1))|g" \
        -e "s|@LOG_DIR@|$dir/data|g" "$root/config/kafka/server.properties" > "$dir/server.properties"
    cat > "$dir/log4j2.properties" <<'LOG'
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = file
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d %p %c{1} - %m%n
LOG
    jvm=(-Xms256m -Xmx512m -Dkafka.logs.dir="$dir" -Dlog4j2.configurationFile="$dir/log4j2.properties")
    if [ ! -f "$dir/data/meta.properties" ]; then
      cluster_id=$(java "${jvm[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid)
      java "${jvm[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$dir/server.properties" > "$dir/format.log" 2>&1
    fi
    nohup java "${jvm[@]}" -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
      > "$dir/stdout.log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    echo "127.0.0.1:$port" > "$dir/bootstrap"
    # Ready when the listener accepts connections (about 3 s), or give up after 60 s.
    for _ in $(seq 1 120); do
      if ! running; then
        echo "the broker exited; see $dir/stdout.log and $dir/server.log" >&2
        exit 1
      fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "Kafka broker running on 127.0.0.1:$port (pid $(cat "$pidfile"), data in $dir)"
        exit 0
      fi
      sleep 0.5
    done
    echo "the broker did not open 127.0.0.1:$port within 60 s; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -9 "$pid" 2>/dev/null || true
      echo "Kafka broker stopped"
    else
      echo "no broker running from $dir"
    fi
    rm -f "$pidfile"
    ;;
  create-topics)
    [ ${#topics[@]} -gt 0 ] || topics=(scores decisions dead-letters)
    for topic in "${topics[@]}"; do
      java -Dlog4j2.level=ERROR -cp "$lib/*" org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "127.0.0.1:$port" --create --if-not-exists --topic "$topic" \
        --partitions "$partitions" --replication-factor 1 2>&1 | grep -v '^SLF4J' || true
    done
    ;;
  produce)
    # The console producer, sized for the samples' largest record (the broker accepts 2 MiB).
    [ ${#topics[@]} -ge 1 ] || { echo "usage: $0 produce [--port N] TOPIC [FILE]" >&2; exit 2; }
    file=${topics[1]:-$root/config/samples/events.jsonl}
    [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
    java -Dlog4j2.level=ERROR -cp "$lib/*" org.apache.kafka.tools.ConsoleProducer \
      --bootstrap-server "127.0.0.1:$port" --topic "${topics[0]}" \
      --command-property max.request.size=2097152 < "$file" 2>&1 | grep -v '^SLF4J' || true
    echo "produced $(grep -c '' "$file") lines of $file to ${topics[0]}"
    ;;
  consume)
    # Transactional output is visible once committed: read it as its consumers must.
    [ ${#topics[@]} -eq 1 ] || { echo "usage: $0 consume [--port N] [--max N] TOPIC" >&2; exit 2; }
    limit=()
    [ -z "$max" ] || limit=(--max-messages "$max")
    java -Dlog4j2.level=ERROR -cp "$lib/*" org.apache.kafka.tools.consumer.ConsoleConsumer \
      --bootstrap-server "127.0.0.1:$port" --topic "${topics[0]}" --from-beginning \
      --isolation-level read_committed "${limit[@]}" 2> >(grep -v '^SLF4J' >&2)
    ;;
  status)
    if running; then echo "running (pid $(cat "$pidfile")) on $(cat "$dir/bootstrap")"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status|create-topics|produce|consume [--port N] [--dir DIR] [--partitions N] [--max N] [TOPIC...] [FILE]" >&2
    exit 2
    ;;
esac
