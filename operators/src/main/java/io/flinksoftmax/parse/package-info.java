/**
 * Input: one record's bytes to a validated {@link io.flinksoftmax.event.ScoringEvent} or a
 * rejection with its reason code, in a single streaming pass that checks every rule of the event
 * contract (docs/events-and-decisions.md "Input events"). No Flink; Jackson's streaming parser
 * only.
 */
package io.flinksoftmax.parse;
