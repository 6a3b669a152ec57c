package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.deadletter.SourcePosition;

/**
 * One record as a source read it, before parsing: the input of {@link ParseEventFunction}.
 *
 * @param payload the record's bytes (UTF-8 JSON); a reader may keep only a prefix of an oversized
 *     record
 * @param payloadBytes the record's full size, {@code >= payload.length}; {@link #TOMBSTONE} for a
 *     Kafka record without a value
 * @param source where it came from in Kafka, or {@code null}
 */
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

    /**
     * This record as a dead letter: its payload (cut as {@link DeadLetter#of} cuts it), size and
     * position; a tombstone has size 0.
     */
    public DeadLetter reject(Reason reason, String message, String id, long at) {
        return DeadLetter.of(
                reason,
                message,
                id,
                payload,
                payload.length,
                Math.max(0, payloadBytes),
                source,
                at);
    }

    /** A complete record without a Kafka position (file input, tests). */
    public static RawEvent of(byte[] payload) {
        return new RawEvent(payload, payload.length, null);
    }
}
