package io.flinksoftmax.deadletter;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.text.Texts;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A record that could not be scored, with the reason and enough of the original to act on it.
 *
 * <p>Bounded and well formed by construction: whatever a caller passes, the message is cut to
 * {@link #MAX_MESSAGE_CODE_POINTS}, the id to {@link #MAX_ID_CODE_POINTS}, the payload to {@link
 * #MAX_PAYLOAD_BYTES} worth of characters, and unpaired surrogates in any of them become U+FFFD, so
 * every dead letter can be encoded and stays far below any sink's record size limit.
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
@PublicEvolving
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

    /** Longest message: room for a field path and a cut value, not for a whole record. */
    public static final int MAX_MESSAGE_CODE_POINTS = 1024;

    /** Longest id, as {@code limits.max_id_length} can be at most. */
    public static final int MAX_ID_CODE_POINTS = 4096;

    public DeadLetter {
        message = message == null ? "" : Texts.cut(message, MAX_MESSAGE_CODE_POINTS);
        id = id == null ? null : Texts.cut(id, MAX_ID_CODE_POINTS);
        // A decoded payload holds at most one char per byte kept.
        payload = payload == null ? null : Texts.cut(payload, MAX_PAYLOAD_BYTES);
    }

    /**
     * A raw record as a dead letter: its payload (cut as {@link #of(Reason, String, String, byte[],
     * int, long, SourcePosition, long)} cuts it), size and position; a tombstone has size 0.
     */
    public static DeadLetter of(RawEvent raw, Reason reason, String message, String id, long at) {
        return of(
                reason,
                message,
                id,
                raw.payload(),
                raw.payload().length,
                Math.max(0, raw.payloadBytes()),
                raw.source(),
                at);
    }

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
