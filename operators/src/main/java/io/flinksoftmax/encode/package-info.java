/**
 * Output: decisions and dead letters written as strict UTF-8 JSON (docs/events-and-decisions.md
 * "Output: one decision per valid event", "Dead letters"). No Flink; the writer is ours, and tests
 * compare its bytes with Jackson's.
 */
package io.flinksoftmax.encode;
