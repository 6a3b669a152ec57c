/**
 * From a validated event and its policy to a decision: probabilities from the kernel, then slots
 * for ranked candidates or top-k labels for classes, and a confidence summary. Pure functions, no
 * Flink.
 */
package io.flinksoftmax.decision;
