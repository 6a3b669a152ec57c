/**
 * The event model: a record as a source read it ({@link io.flinksoftmax.event.RawEvent}, with its
 * Kafka position), and the validated events it may become, click scores or class logits. Plain
 * immutable values, no Flink and no JSON.
 */
package io.flinksoftmax.event;
