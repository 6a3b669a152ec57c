#!/usr/bin/env bash
# End-to-end Kafka benchmark (not a test): the scoring job embedded, between topics of a real
# local broker, for both delivery guarantees, at a fixed rate and at full speed.
#
#   scripts/bench-kafka.sh [rates/s=10000, e.g. 2000,5000,10000] [seconds=20] [full-speed events=1000000] [checkpoint=1s] [parallelism=2] [job options...]
#   (job options, e.g. --kafka.linger.ms=0, are passed to the job: to measure a setting)
#   scripts/bench-kafka.sh assembly [requests/s=5000] [seconds=30] [parallelism=2] [keyed] [job options...]
#   (per-candidate requests, at-least-once: the assembler's own latency histograms)
#   BENCH_JAVA_OPTS="-Xlog:gc:file=gc.log" adds JVM options to the job's JVM (assembly mode)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=run
if [[ "${1:-}" == assembly ]]; then
  mode=assembly
  shift
fi
rate=${1:-10000}
seconds=${2:-20}
events=${3:-1000000}
checkpoint=${4:-1s}
parallelism=${5:-2}
port=39092
dir="$root/target/bench-broker"

mvn -B -q -ntp install -DskipTests
rm -rf "$dir"
scripts/kafka-broker.sh start --port "$port" --dir "$dir"
trap '"$root/scripts/kafka-broker.sh" stop --dir "$dir"' EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "broker, producer, job and reader share this machine"
# From benchmarks/: the job's default paths (../config/scoring.yaml) resolve as from jobs/.
cd benchmarks
if [[ $mode == assembly ]]; then
  java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dlog4j2.level=ERROR \
    -cp "target/classes:$(cat target/classpath.txt)" \
    io.flinksoftmax.bench.KafkaAssemblyBenchmark \
    "127.0.0.1:$port" "${1:-5000}" "${2:-30}" "${3:-2}" "${@:4}"
  exit 0
fi
echo "checkpoint interval $checkpoint, parallelism $parallelism"
java -Xmx4g -Dlog4j2.level=ERROR \
  -cp "target/classes:$(cat target/classpath.txt)" \
  io.flinksoftmax.bench.KafkaPipelineBenchmark \
  "127.0.0.1:$port" "$rate" "$seconds" "$events" "$checkpoint" "$parallelism" "${@:6}"
