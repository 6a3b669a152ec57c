/**
 * Off-policy evaluation (DESIGN §13): mergeable sums of importance weights and rewards, and the
 * estimates and intervals computed from them. Pure; no Flink in it.
 */
package io.flinksoftmax.evaluation;
