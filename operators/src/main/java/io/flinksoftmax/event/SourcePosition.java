package io.flinksoftmax.event;

import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where a record came from in Kafka, so that a dead letter can be traced back and replayed.
 *
 * @param topic the source topic
 * @param partition the source partition
 * @param offset the record's offset in that partition
 */
@PublicEvolving
public record SourcePosition(String topic, int partition, long offset) implements Serializable {}
