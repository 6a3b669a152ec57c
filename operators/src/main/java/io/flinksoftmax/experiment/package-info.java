/**
 * Deterministic traffic splits (DESIGN §14): GrowthBook's hashing of a unit into [0, 1), variant
 * bucket ranges, and the choice of a variant. Pure; no Flink in it.
 */
package io.flinksoftmax.experiment;
