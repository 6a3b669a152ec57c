#!/usr/bin/env bash
# Benchmarks (not tests) of the kernel, one event, and the whole pipeline. See BENCHMARKS.md.
#
#   scripts/bench.sh kernel              # JMH: softmax vs the Math.exp floor and the textbook formula
#   scripts/bench.sh event               # JMH: parse + score + serialize one event, with -prof gc
#   scripts/bench.sh writer              # JMH: our JSON writer vs Jackson's generator, with -prof gc
#   scripts/bench.sh pipeline [events] [shape] [rounds]  # MiniCluster throughput: bytes-through vs identity vs scoring vs textbook
#   scripts/bench.sh assembly [requests] [rounds] [buffer timeout ms]  # requests whole vs one candidate per record
#   scripts/bench.sh assembly open [requests]      # heap held by that many open requests
#   BENCH_HEAP=512m scripts/bench.sh assembly open  # ... in the heap of a default TaskManager
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
what=${1:-kernel}
mvn -B -q -ntp install -DskipTests
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
case "$what" in
  kernel) java -cp "$cp" org.openjdk.jmh.Main 'io.flinksoftmax.bench.KernelBenchmark' ;;
  event) java -cp "$cp" org.openjdk.jmh.Main 'io.flinksoftmax.bench.EventBenchmark' -prof gc ;;
  writer) java -cp "$cp" org.openjdk.jmh.Main 'io.flinksoftmax.bench.WriterBenchmark' -prof gc "${@:2}" ;;
  pipeline) java -Xmx4g -Dlog4j2.level=WARN -cp "$cp" io.flinksoftmax.bench.PipelineBenchmark "${2:-1000000}" "${3:-click10}" ${4:+"$4"} ;;
  assembly) java -Xmx${BENCH_HEAP:-4g} -Dlog4j2.level=WARN -cp "$cp" io.flinksoftmax.bench.AssemblyBenchmark "${2:-50000}" "${3:-5}" ${4:+"$4"} ;;
  *) echo "usage: $0 kernel|event|writer|pipeline|assembly [events] [shape]" >&2; exit 2 ;;
esac
