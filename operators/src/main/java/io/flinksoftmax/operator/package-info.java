/**
 * The Flink functions: thin, named wrappers around the pipeline, kernel and decisions, with their
 * metrics and the dead-letter side output. {@link io.flinksoftmax.operator.ScoringOperator} is the
 * job's one scoring operator; {@code ParseEventFunction} and {@code SoftmaxScoringFunction} serve
 * library jobs that want parsed events and {@code Decision} objects between operators.
 */
package io.flinksoftmax.operator;
