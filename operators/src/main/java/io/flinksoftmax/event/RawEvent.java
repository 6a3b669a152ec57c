package io.flinksoftmax.event;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One record as a source read it, before parsing: the input of the scoring operator.
 *
 * @param payload the record's bytes (UTF-8 JSON); a reader may keep only a prefix of an oversized
 *     record
 * @param payloadBytes the record's full size, {@code >= payload.length}; {@link #TOMBSTONE} for a
 *     Kafka record without a value; {@link #UNREADABLE} for an input that failed to read
 * @param source where it came from in Kafka, or {@code null}
 * @param assembly {@code null} for a record a source read; for a request the assembler put together
 *     from per-candidate events, what it was made of. Only the assembler sets it: no field of a
 *     record can, so a user's event cannot pass for an assembled one.
 */
@PublicEvolving
public record RawEvent(
        byte[] payload, long payloadBytes, SourcePosition source, Assembly assembly) {

    /**
     * @throws NullPointerException for a {@code null} payload: every later step reads it, so it is
     *     refused where a caller makes it, not in the middle of the scoring operator
     */
    public RawEvent {
        java.util.Objects.requireNonNull(payload, "payload (a record without one is a tombstone)");
    }

    /** A record as a source read it. */
    public RawEvent(byte[] payload, long payloadBytes, SourcePosition source) {
        this(payload, payloadBytes, source, null);
    }

    /**
     * What an assembled request was made of: its decision says {@code "assembly":{"received":n,
     * "expected":m}}, and if it cannot be decided each candidate becomes its own dead letter.
     *
     * @param expected how many candidates the request announced
     * @param candidates the candidate events as read, in the order they arrived; {@code received}
     *     is their number
     */
    @PublicEvolving
    public record Assembly(int expected, java.util.List<RawEvent> candidates) {

        public Assembly {
            candidates = java.util.List.copyOf(candidates);
        }

        public int received() {
            return candidates.size();
        }
    }

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
     * The {@code payloadBytes} of {@link #unreadable}: not a record but the news that the input
     * failed (its payload says how), so that it reaches the dead letters like any bad record.
     */
    public static final long UNREADABLE = -2L;

    /**
     * An input that could not be read to its end (a truncated compressed file, a read error): the
     * records before it stand; this becomes an {@code unreadable_input} dead letter.
     *
     * @param description which input, how far it got, and the error
     */
    public static RawEvent unreadable(String description) {
        return new RawEvent(
                description.getBytes(java.nio.charset.StandardCharsets.UTF_8), UNREADABLE, null);
    }

    public boolean isUnreadable() {
        return payloadBytes == UNREADABLE;
    }

    /** A complete record without a Kafka position (file input, tests). */
    public static RawEvent of(byte[] payload) {
        return new RawEvent(payload, payload.length, null);
    }
}
