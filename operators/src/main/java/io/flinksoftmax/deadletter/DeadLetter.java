package io.flinksoftmax.deadletter;

import java.nio.charset.StandardCharsets;

/**
 * A record that could not be scored, with the reason and enough of the original to act on it.
 *
 * @param reason the stable reason code
 * @param message what is wrong, naming the offending field, e.g. {@code "candidates[2].score must
 *     be a finite number"}
 * @param id the event id when it could be read, else {@code null}
 * @param payload the original record as text, cut to at most {@link #MAX_PAYLOAD_BYTES} UTF-8 bytes
 *     (invalid UTF-8 shows as U+FFFD)
 * @param payloadBytes the size of the original record in bytes
 * @param payloadTruncated whether {@code payload} holds less than the original record
 * @param source where the record came from, or {@code null} (file input)
 * @param at when the record was rejected, epoch milliseconds
 */
public record DeadLetter(
        Reason reason,
        String message,
        String id,
        String payload,
        long payloadBytes,
        boolean payloadTruncated,
        SourcePosition source,
        long at) {

    /** The dead letter keeps at most 4 KiB of the original: enough to see, bounded to store. */
    public static final int MAX_PAYLOAD_BYTES = 4096;

    /**
     * A dead letter for {@code available} bytes of a record whose full size was {@code
     * payloadBytes} (a reader may have kept only a prefix of an oversized record).
     */
    public static DeadLetter of(
            Reason reason,
            String message,
            String id,
            byte[] raw,
            int available,
            long payloadBytes,
            SourcePosition source,
            long at) {
        int keep = Math.min(available, MAX_PAYLOAD_BYTES);
        if (keep < available) {
            // Step back to the start of a UTF-8 sequence so no character is cut in half.
            while (keep > 0 && (raw[keep] & 0xC0) == 0x80) {
                keep--;
            }
        }
        String payload = new String(raw, 0, keep, StandardCharsets.UTF_8);
        return new DeadLetter(
                reason, message, id, payload, payloadBytes, keep < payloadBytes, source, at);
    }
}
