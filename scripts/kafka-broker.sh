#!/usr/bin/env bash
# Starts or stops a real single-node Kafka broker (KRaft) from Maven Central jars, no Docker.
#
#   scripts/kafka-broker.sh start [--port 9092] [--dir target/kafka-broker]
#   scripts/kafka-broker.sh stop  [--dir target/kafka-broker]
#   scripts/kafka-broker.sh status [--dir target/kafka-broker]
#   scripts/kafka-broker.sh create-topics [--port 9092] [--partitions 2] [TOPIC...]   # default: scores decisions dead-letters
#   scripts/kafka-broker.sh produce [--port 9092] TOPIC [FILE]     # one record a line, from FILE or standard input
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
    -) topics+=("-"); shift ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) topics+=("$1"); shift ;;
  esac
done
pidfile="$dir/broker.pid"

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

# Whether something accepts connections on 127.0.0.1:<port>.
answers() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Commands that talk to a broker fail at once, with a message, when none answers.
need_broker() {
  answers "$port" || {
    echo "no Kafka broker answers on 127.0.0.1:$port; start one with: $0 start --port $port" >&2
    exit 1
  }
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
    # Another broker (or anything) on these ports would answer in our place: clients, topics and
    # the job would silently talk to it.
    for p in "$port" "$((port + 1))"; do
      if answers "$p"; then
        echo "port $p on 127.0.0.1 is in use by another process: choose other ports with --port N (the broker uses N and N+1)" >&2
        exit 1
      fi
    done
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
# Its "Kafka Server started" line is how start knows that the broker that answers is this one.
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
LOG
    jvm=(-Xms256m -Xmx512m -Dkafka.logs.dir="$dir" -Dlog4j2.configurationFile="$dir/log4j2.properties")
    if [ ! -f "$dir/data/meta.properties" ]; then
      cluster_id=$(java "${jvm[@]}" -cp "$lib/*" kafka.tools.StorageTool random-uuid)
      java "${jvm[@]}" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" \
        -c "$dir/server.properties" > "$dir/format.log" 2>&1
    fi
    # A fresh log: an earlier run's "started" line must not count for this one.
    : > "$dir/server.log"
    nohup java "${jvm[@]}" -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
      > "$dir/stdout.log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    echo "127.0.0.1:$port" > "$dir/bootstrap"
    # Ready when this broker's own log says it started and its listener accepts connections
    # (about 3 s); a bind failure (a port taken since the check above) stops it and is reported.
    for _ in $(seq 1 120); do
      if grep -qs -e 'Address already in use' -e 'BindException' "$dir/server.log" "$dir/stdout.log"; then
        kill "$(cat "$pidfile")" 2>/dev/null || true
        rm -f "$pidfile"
        echo "the broker could not bind 127.0.0.1:$port or $((port + 1)): the port is in use; choose others with --port N. See $dir/server.log" >&2
        exit 1
      fi
      if ! running; then
        echo "the broker exited; see $dir/stdout.log and $dir/server.log" >&2
        exit 1
      fi
      if grep -qs 'Kafka Server started' "$dir/server.log" && answers "$port"; then
        echo "Kafka broker running on 127.0.0.1:$port (pid $(cat "$pidfile"), data in $dir)"
        exit 0
      fi
      sleep 0.5
    done
    echo "the broker did not start on 127.0.0.1:$port within 60 s; see $dir/server.log" >&2
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
    need_broker
    [ ${#topics[@]} -gt 0 ] || topics=(scores decisions dead-letters)
    for topic in "${topics[@]}"; do
      java -Dlog4j2.level=ERROR -cp "$lib/*" org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "127.0.0.1:$port" --create --if-not-exists --topic "$topic" \
        --partitions "$partitions" --replication-factor 1 2>&1 | grep -v '^SLF4J' || true
    done
    ;;
  produce)
    # The console producer, sized for the samples' largest record (the broker accepts 2 MiB).
    [ ${#topics[@]} -ge 1 ] || { echo "usage: $0 produce [--port N] TOPIC [FILE]   (no FILE: standard input)" >&2; exit 2; }
    need_broker
    file=${topics[1]:--}
    if [ "$file" = - ]; then
      [ -t 0 ] && echo "reading records from the terminal, one a line; Ctrl-D to send them" >&2
      file=$(mktemp); trap 'rm -f "$file"' EXIT
      cat > "$file"
      source_name="standard input"
    else
      [ -f "$file" ] || { echo "no such file: $file" >&2; exit 2; }
      source_name=$file
    fi
    # max.block.ms: a broker that goes away mid-way fails the run within 15 s instead of hanging.
    out=$(java -Dlog4j2.level=ERROR -cp "$lib/*" org.apache.kafka.tools.ConsoleProducer \
      --bootstrap-server "127.0.0.1:$port" --topic "${topics[0]}" \
      --command-property max.request.size=2097152 --command-property max.block.ms=15000 \
      < "$file" 2>&1) || { echo "$out" | grep -v '^SLF4J' >&2; echo "producing to ${topics[0]} failed" >&2; exit 1; }
    if echo "$out" | grep -q -e 'Error when sending' -e 'Exception'; then
      echo "$out" | grep -v '^SLF4J' >&2
      echo "producing to ${topics[0]} failed" >&2
      exit 1
    fi
    echo "produced $(grep -c '' "$file") lines of $source_name to ${topics[0]}"
    ;;
  consume)
    # Transactional output is visible once committed: read it as its consumers must.
    [ ${#topics[@]} -eq 1 ] || { echo "usage: $0 consume [--port N] [--max N] TOPIC" >&2; exit 2; }
    need_broker
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
