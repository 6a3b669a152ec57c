package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One record as a source read it, before parsing: the input of the scoring operator.
 *
 * @param payload the record's bytes (UTF-8 JSON); a reader may keep only a prefix of an oversized
 *     record
 * @param payloadBytes the record's full size, {@code >= payload.length}; {@link #TOMBSTONE} for a
 *     Kafka record without a value
 * @param source where it came from in Kafka, or {@code null}
 */
@PublicEvolving
public record RawEvent(byte[] payload, long payloadBytes, SourcePosition source) {

    /** The {@code payloadBytes} of a Kafka record whose value is null (a tombstone). */
    public static final long TOMBSTONE = -1L;

    /** A Kafka record without a value: not the same mistake as an empty one. */
    public static RawEvent tombstone(SourcePosition source) {
        return new RawEvent(new byte[0], TOMBSTONE, source);
    }

    public boolean isTombstone() {
        return payloadBytes == TOMBSTONE;
    }

    /** A complete record without a Kafka position (file input, tests). */
    public static RawEvent of(byte[] payload) {
        return new RawEvent(payload, payload.length, null);
    }
}
