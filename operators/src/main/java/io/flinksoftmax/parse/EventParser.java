package io.flinksoftmax.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.text.Texts;
import io.flinksoftmax.text.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * Parses one JSON record into a validated {@link io.flinksoftmax.event.ScoringEvent}, or tells why
 * it cannot be scored. Every rule of the event contract (docs/events-and-decisions.md "Input
 * events") is checked here, so the scoring code downstream never sees a bad event. Nothing a record
 * holds makes it throw: malformed JSON, wrong types, NaN and Infinity literals, oversized or deeply
 * nested records all come back as {@link ParseResult.Rejected} with a reason and a message that
 * names the field.
 *
 * <p>Every string an accepted event holds is valid Unicode: the record must be strict UTF-8 (no
 * overlong forms, encoded surrogates or code points beyond U+10FFFF) and a {@code \\uXXXX} escape
 * must not leave a surrogate unpaired; both are {@code malformed_json}. So whatever reaches an
 * output can be encoded.
 *
 * <p>A plain record (known fields, no escapes, numbers Jackson and this code read alike) is read in
 * one pass over its bytes ({@link PlainRecordReader}); any other is read with Jackson's streaming
 * parser, which reports what is wrong, stops reading arrays at the configured limits and skips
 * unknown fields ({@link FieldReader}). Both fill the same {@link Fields}, and the validation is
 * one.
 *
 * <p>Not thread safe: it reuses scratch buffers between records. Use one per operator instance.
 *
 * <pre>{@code
 * EventParser parser = new EventParser(ScoringConfig.defaults());
 * ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
 * }</pre>
 */
@Internal
public final class EventParser {

    /**
     * Far deeper than any valid event (3 levels), shallow enough that a hostile record of nested
     * brackets is rejected after a few bytes instead of Jackson's default of 1,000.
     */
    private static final int MAX_NESTING_DEPTH = 64;

    private static final Pattern SOURCE_NAME = Pattern.compile("\\[Source: [^;]*; ");

    private final JsonFactory factory;
    private final Limits limits;
    private final EventValidator validator;
    final Fields fields;
    private final FieldReader reader;
    private final PlainRecordReader plain;

    /** A parser whose events are values: each may be kept as long as its caller likes. */
    public EventParser(ScoringConfig config) {
        this(config, EventArrays.FRESH);
    }

    /**
     * A parser that reuses an accepted {@code click_scores} event's arrays for the next record's:
     * each event is valid only until this parser parses another record. For a caller done with each
     * event first, like the job's record path, which scores and encodes it; the events are equal to
     * those of {@link #EventParser(ScoringConfig)}, record by record.
     */
    public static EventParser reusing(ScoringConfig config) {
        return new EventParser(config, EventArrays.reusing());
    }

    private EventParser(ScoringConfig config, EventArrays arrays) {
        this.limits = config.limits();
        this.factory =
                JsonFactory.builder()
                        // NaN and Infinity are read as numbers so that they are reported as
                        // non_finite_score on the field that holds them, not as malformed JSON.
                        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                        // Correctly rounded like Double.parseDouble, several times faster.
                        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(MAX_NESTING_DEPTH)
                                        .build())
                        .build();
        this.fields = new Fields(Math.min(limits.maxClasses(), 1024));
        this.validator = new EventValidator(config, arrays);
        this.reader = new FieldReader(fields, limits);
        this.plain = new PlainRecordReader(fields, limits);
    }

    /**
     * Parses one record.
     *
     * @param data the record's bytes (UTF-8 JSON); only the first {@code length} are read
     * @param length how many bytes of {@code data} hold the record
     * @param payloadBytes the record's full size, larger than {@code length} when the reader kept
     *     only a prefix of an oversized record; negative for a Kafka record without a value, and
     *     {@link RawEvent#UNREADABLE} for the news of an input that failed (the data says how)
     */
    public ParseResult parse(byte[] data, int length, long payloadBytes) {
        return parse(data, length, payloadBytes, System.currentTimeMillis());
    }

    /**
     * {@link #parse(byte[], int, long)} at a given time: an event whose {@code ts} lies outside
     * {@code limits}' event-time bounds when read at {@code now} is {@code invalid_ts}.
     *
     * @param now when the record is read, epoch milliseconds
     */
    public ParseResult parse(byte[] data, int length, long payloadBytes, long now) {
        ParseResult result = parseRecord(data, length, payloadBytes);
        if (result instanceof ParseResult.Accepted accepted && accepted.event().hasEventTs()) {
            String problem = limits.eventTime().problem(accepted.event().eventTs(), now);
            if (problem != null) {
                return new ParseResult.Rejected(Reason.INVALID_TS, problem, accepted.event().id());
            }
        }
        if (result instanceof ParseResult.Candidate c && c.candidate().hasEventTs()) {
            String problem = limits.eventTime().problem(c.candidate().eventTs(), now);
            if (problem != null) {
                return new ParseResult.Rejected(
                        Reason.INVALID_TS, problem, c.candidate().request());
            }
        }
        return result;
    }

    private static ParseResult.Rejected notUtf8(byte[] data, int invalid) {
        return new ParseResult.Rejected(
                Reason.MALFORMED_JSON,
                String.format(
                        "the record is not valid UTF-8: byte 0x%02X at offset %d starts an"
                                + " invalid, overlong or surrogate sequence",
                        data[invalid] & 0xFF, invalid),
                null);
    }

    private ParseResult parseRecord(byte[] data, int length, long payloadBytes) {
        fields.reset();
        if (payloadBytes == RawEvent.UNREADABLE) {
            return new ParseResult.Rejected(
                    Reason.UNREADABLE_INPUT,
                    Texts.wellFormed(new String(data, 0, length, StandardCharsets.UTF_8)),
                    null);
        }
        if (payloadBytes < 0) {
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON,
                    "the Kafka record has no value (a tombstone); an event is a JSON object",
                    null);
        }
        if (payloadBytes > limits.maxPayloadBytes()) {
            // The kept prefix often holds the id: read as far as it goes, for the dead letter.
            int invalid = Utf8.firstInvalid(data, length);
            read(data, invalid < 0 ? length : invalid);
            return new ParseResult.Rejected(
                    Reason.PAYLOAD_TOO_LARGE,
                    "the record is "
                            + payloadBytes
                            + " bytes; limits.max_payload_bytes is "
                            + limits.maxPayloadBytes(),
                    knownId());
        }
        // The UTF-8 check comes first, as for every record, unless the plain reader read the
        // record and found it ASCII: then it is valid UTF-8 without a second pass.
        boolean plainRead = plain.read(data, length);
        if (!plainRead || plain.nonAscii()) {
            int invalid = Utf8.firstInvalid(data, length);
            if (invalid >= 0) {
                return notUtf8(data, invalid);
            }
        }
        if (plainRead) {
            return validator.validate(fields);
        }
        fields.reset(); // it read part of the record before giving up
        ParseResult.Rejected malformed = read(data, length);
        return malformed != null ? malformed : validator.validate(fields);
    }

    /**
     * Reads the record into {@link #fields} with Jackson; a rejection if it is not one JSON object.
     * Package-private for the test that holds {@link PlainRecordReader} to it.
     */
    ParseResult.Rejected read(byte[] data, int length) {
        try (JsonParser parser = factory.createParser(data, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new ParseResult.Rejected(
                        Reason.MALFORMED_JSON,
                        first == null
                                ? "the record is empty"
                                : "a record must be a JSON object, got "
                                        + FieldReader.describe(first),
                        null);
            }
            reader.readEvent(parser);
            if (parser.nextToken() != null) {
                return malformed("unexpected content after the JSON object", parser);
            }
        } catch (JsonProcessingException e) {
            String message = misplacedCharacter(data, length, e);
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON,
                    "not valid JSON: "
                            + (message != null
                                    ? message
                                    : withoutSourceName(e.getOriginalMessage())),
                    knownId());
        } catch (IOException e) {
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON, "not valid JSON: " + e.getMessage(), knownId());
        }
        return null;
    }

    /**
     * Jackson reports a well-formed non-ASCII character where JSON allows none (a no-break space
     * before a record, U+00A0) as "Invalid UTF-8 start byte 0xa0", which sends a user looking for
     * an encoding problem. When the record is valid UTF-8, name the character instead; else {@code
     * null} (Jackson's message stands).
     */
    private static String misplacedCharacter(byte[] data, int length, JsonProcessingException e) {
        String original = e.getOriginalMessage();
        if (original == null
                || !original.startsWith("Invalid UTF-8")
                || Utf8.firstInvalid(data, length) >= 0
                || e.getLocation() == null) {
            return null;
        }
        // Jackson's offset is just past the byte it refused: back to that character's lead byte.
        int at = (int) Math.min(Math.max(e.getLocation().getByteOffset() - 1, 0), length - 1L);
        while (at > 0 && (data[at] & 0xC0) == 0x80) {
            at--;
        }
        if (at < 0 || data[at] >= 0) {
            return null;
        }
        int codePoint =
                new String(data, at, Math.min(4, length - at), StandardCharsets.UTF_8)
                        .codePointAt(0);
        return String.format(
                Locale.ROOT,
                "unexpected character U+%04X at byte %d (well-formed UTF-8, but JSON allows only"
                        + " space, tab, line feed and carriage return between its tokens)",
                codePoint,
                at);
    }

    /** Jackson names the (redacted) source in nested locations; only line and column help. */
    private static String withoutSourceName(String message) {
        return message == null ? "" : SOURCE_NAME.matcher(message).replaceAll("[");
    }

    private ParseResult.Rejected malformed(String message, JsonParser parser) {
        return new ParseResult.Rejected(
                Reason.MALFORMED_JSON,
                message + " (at byte " + parser.currentLocation().getByteOffset() + ")",
                knownId());
    }

    /** The id read so far, if it is one a dead letter may carry (within the length limit). */
    private String knownId() {
        String id = fields.id;
        return id != null && !id.isEmpty() && Texts.codePoints(id) <= limits.maxIdLength()
                ? id
                : null;
    }
}
