package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.SourcePosition;

/**
 * One record as a source read it, before parsing: the input of {@link ParseEventFunction}.
 *
 * @param payload the record's bytes (UTF-8 JSON); a reader may keep only a prefix of an oversized
 *     record
 * @param payloadBytes the record's full size, {@code >= payload.length}
 * @param source where it came from in Kafka, or {@code null}
 */
public record RawEvent(byte[] payload, long payloadBytes, SourcePosition source) {

    /** A complete record without a Kafka position (file input, tests). */
    public static RawEvent of(byte[] payload) {
        return new RawEvent(payload, payload.length, null);
    }
}
