/**
 * The Flink functions: thin, named wrappers around the pipeline, kernel and decisions, with their
 * metrics and the dead-letter side output. {@link io.flinksoftmax.operator.ScoreRecordsFunction} is
 * the job's one operator; the others serve jobs that keep parsed events between operators.
 */
package io.flinksoftmax.operator;
