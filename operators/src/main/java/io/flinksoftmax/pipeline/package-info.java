/**
 * One record from its bytes to an encoded decision or a dead letter, as a total function: parse and
 * validate, score, encode, and bound the output, with any exception on the way turned into an
 * {@code internal_error} dead letter. No Flink here; {@link
 * io.flinksoftmax.operator.ScoringOperator} wraps it as the job's operator.
 */
package io.flinksoftmax.pipeline;
