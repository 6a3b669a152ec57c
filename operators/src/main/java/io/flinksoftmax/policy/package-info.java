/**
 * Scoring policies (mode, temperature, slots, floor, ranking) per placement and the input limits,
 * read from YAML and validated with messages that name the key. Immutable once read.
 */
package io.flinksoftmax.policy;
