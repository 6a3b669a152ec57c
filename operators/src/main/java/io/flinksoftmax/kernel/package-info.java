/**
 * The numeric kernel: softmax, log-softmax and sigmoid with a stated accuracy contract and
 * bit-for-bit reproducible results (StrictMath). Knows nothing of events, JSON or Flink.
 */
package io.flinksoftmax.kernel;
