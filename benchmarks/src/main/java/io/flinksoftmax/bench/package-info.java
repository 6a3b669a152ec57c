/**
 * Benchmarks, not tests: JMH for the kernel, one event and the JSON writer; throughput harnesses
 * for the file pipeline and for Kafka, each with its baseline in the same run. Run by {@code
 * scripts/bench.sh} and {@code scripts/bench-kafka.sh}; figures in BENCHMARKS.md.
 */
package io.flinksoftmax.bench;
