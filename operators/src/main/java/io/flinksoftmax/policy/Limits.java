package io.flinksoftmax.policy;

import io.flinksoftmax.text.Texts;
import java.io.Serializable;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Bounds on one event and its output; records beyond them become dead letters ({@code
 * too_many_inputs}, {@code payload_too_large}, {@code invalid_id}, {@code output_too_large}, {@code
 * invalid_ts}) instead of using unbounded memory or time, or failing a sink.
 *
 * @param maxCandidates most candidates in a {@code click_scores} event
 * @param maxClasses most logits in a {@code class_logits} event
 * @param maxPayloadBytes largest record in bytes
 * @param maxIdLength longest identifier in code points: event and candidate ids, model, labels
 * @param maxOutputBytes largest encoded decision (key + value) in bytes; a larger one becomes an
 *     {@code output_too_large} dead letter instead of a write the sink would refuse
 * @param eventTime the plausible range of an event's or a feedback record's {@code ts}; outside it
 *     a record is an {@code invalid_ts} dead letter
 */
@PublicEvolving
public record Limits(
        int maxCandidates,
        int maxClasses,
        int maxPayloadBytes,
        int maxIdLength,
        int maxOutputBytes,
        EventTimeBounds eventTime)
        implements Serializable {

    /**
     * The most {@code max_id_length} may be: an identifier is echoed in every output record, so its
     * bound is part of the output's bound.
     */
    public static final int MAX_ID_LENGTH_CAP = 4096;

    /**
     * The most {@code max_payload_bytes} may be: 1 GiB. A record is held in memory whole (a Java
     * array, at most 2^31 - 1 bytes), and readers add to the limit (a line's {@code \r}); past this
     * a record could not be read at all, and arithmetic on the limit could overflow.
     */
    public static final int MAX_PAYLOAD_BYTES_CAP = 1 << 30;

    /**
     * Default for {@code max_output_bytes}: Kafka's default {@code max.request.size} (1 MiB) less
     * room for the record's framing and headers.
     */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 1_000_000;

    /**
     * The least {@code max_output_bytes} may be: room for the largest dead letter (4 KiB payload
     * and a bounded message, JSON-escaped), so that a dead letter itself is never too large.
     */
    public static final int MIN_OUTPUT_BYTES = 64 * 1024;

    /**
     * Defaults: 1,000 candidates, 10,000 classes, 1 MiB records, 256-character ids, 1,000,000-byte
     * outputs, {@code ts} from 2000-01-01 to an hour ahead of the clock.
     */
    public static final Limits DEFAULTS =
            new Limits(1_000, 10_000, 1 << 20, 256, DEFAULT_MAX_OUTPUT_BYTES);

    /** With the default event-time bounds ({@link EventTimeBounds#DEFAULTS}). */
    public Limits(
            int maxCandidates,
            int maxClasses,
            int maxPayloadBytes,
            int maxIdLength,
            int maxOutputBytes) {
        this(
                maxCandidates,
                maxClasses,
                maxPayloadBytes,
                maxIdLength,
                maxOutputBytes,
                EventTimeBounds.DEFAULTS);
    }

    public Limits {
        if (eventTime == null) {
            throw new IllegalArgumentException("limits: the event-time bounds are missing");
        }
        positive("max_candidates", maxCandidates);
        positive("max_classes", maxClasses);
        positive("max_payload_bytes", maxPayloadBytes);
        positive("max_id_length", maxIdLength);
        if (maxPayloadBytes > MAX_PAYLOAD_BYTES_CAP) {
            throw new IllegalArgumentException(
                    "limits.max_payload_bytes must be at most "
                            + MAX_PAYLOAD_BYTES_CAP
                            + " (1 GiB: a record is held in memory whole), got "
                            + maxPayloadBytes);
        }
        if (maxIdLength > MAX_ID_LENGTH_CAP) {
            throw new IllegalArgumentException(
                    "limits.max_id_length must be at most "
                            + MAX_ID_LENGTH_CAP
                            + ", got "
                            + maxIdLength);
        }
        if (maxOutputBytes < MIN_OUTPUT_BYTES) {
            throw new IllegalArgumentException(
                    "limits.max_output_bytes must be at least "
                            + MIN_OUTPUT_BYTES
                            + " (room for a dead letter), got "
                            + maxOutputBytes);
        }
    }

    /** {@link #DEFAULTS} with other event bounds. */
    public static Limits of(
            int maxCandidates, int maxClasses, int maxPayloadBytes, int maxIdLength) {
        return new Limits(
                maxCandidates, maxClasses, maxPayloadBytes, maxIdLength, DEFAULT_MAX_OUTPUT_BYTES);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "limits." + name + " must be a whole number >= 1, got " + value);
        }
    }

    /**
     * Whether an id, label or model of {@code value} has {@code min} to {@code max_id_length}
     * characters (code points), as events and feedback records must.
     */
    public boolean fitsId(String value, int min) {
        // Code points are never more than chars: most values are decided without counting.
        int chars = value.length();
        if (chars < min) {
            return false;
        }
        return chars <= maxIdLength || Texts.codePoints(value) <= maxIdLength;
    }

    /**
     * {@link #fitsId} for a value held as valid UTF-8, {@code utf8[from, to)}; {@code min} is 0 or
     * 1.
     */
    public boolean fitsIdUtf8(byte[] utf8, int from, int to, int min) {
        int bytes = to - from;
        if (bytes < min) {
            return false;
        }
        if (bytes <= maxIdLength) { // code points are never more than bytes
            return true;
        }
        int codePoints = 0;
        for (int i = from; i < to; i++) {
            if ((utf8[i] & 0xC0) != 0x80) { // not a continuation byte: a code point starts
                codePoints++;
            }
        }
        return codePoints <= maxIdLength;
    }

    /** What a refusal of {@link #fitsId} says about {@code field}. */
    public String idLengthMessage(String field, int min, String value) {
        return field
                + " must be "
                + min
                + ".."
                + maxIdLength
                + " characters (limits.max_id_length), got "
                + Texts.codePoints(value);
    }
}
