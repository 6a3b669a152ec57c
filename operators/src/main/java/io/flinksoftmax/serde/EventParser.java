package io.flinksoftmax.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.text.Texts;
import io.flinksoftmax.text.Utf8;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Parses one JSON record into a validated {@link io.flinksoftmax.event.ScoringEvent}, or tells why
 * it cannot be scored. Every rule of the event contract (README "Input events") is checked here, so
 * the scoring code downstream never sees a bad event. Nothing a record holds makes it throw:
 * malformed JSON, wrong types, NaN and Infinity literals, oversized or deeply nested records all
 * come back as {@link ParseResult.Rejected} with a reason and a message that names the field.
 *
 * <p>Every string an accepted event holds is valid Unicode: the record must be strict UTF-8 (no
 * overlong forms, encoded surrogates or code points beyond U+10FFFF) and a {@code \\uXXXX} escape
 * must not leave a surrogate unpaired; both are {@code malformed_json}. So whatever reaches an
 * output can be encoded.
 *
 * <p>It reads with Jackson's streaming parser, straight into primitive arrays (no tree, no boxing),
 * stops reading arrays at the configured limits, and skips unknown fields.
 *
 * <p>Not thread safe: it reuses scratch buffers between records. Use one per operator instance.
 *
 * <pre>{@code
 * EventParser parser = new EventParser(ScoringConfig.defaults());
 * ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
 * }</pre>
 */
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
    private final Fields fields;

    public EventParser(ScoringConfig config) {
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
        this.validator = new EventValidator(config);
    }

    /**
     * Parses one record.
     *
     * @param data the record's bytes (UTF-8 JSON); only the first {@code length} are read
     * @param length how many bytes of {@code data} hold the record
     * @param payloadBytes the record's full size, larger than {@code length} when the reader kept
     *     only a prefix of an oversized record; negative for a Kafka record without a value
     */
    public ParseResult parse(byte[] data, int length, long payloadBytes) {
        fields.reset();
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
        int invalid = Utf8.firstInvalid(data, length);
        if (invalid >= 0) {
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON,
                    String.format(
                            "the record is not valid UTF-8: byte 0x%02X at offset %d starts an"
                                    + " invalid, overlong or surrogate sequence",
                            data[invalid] & 0xFF, invalid),
                    null);
        }
        ParseResult.Rejected malformed = read(data, length);
        return malformed != null ? malformed : validator.validate(fields);
    }

    /** Reads the record into {@link #fields}; a rejection if it is not one JSON object. */
    private ParseResult.Rejected read(byte[] data, int length) {
        try (JsonParser parser = factory.createParser(data, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return new ParseResult.Rejected(
                        Reason.MALFORMED_JSON,
                        first == null
                                ? "the record is empty"
                                : "a record must be a JSON object, got " + describe(first),
                        null);
            }
            readEvent(parser);
            if (parser.nextToken() != null) {
                return malformed("unexpected content after the JSON object", parser);
            }
        } catch (JsonProcessingException e) {
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON,
                    "not valid JSON: " + withoutSourceName(e.getOriginalMessage()),
                    knownId());
        } catch (IOException e) {
            return new ParseResult.Rejected(
                    Reason.MALFORMED_JSON, "not valid JSON: " + e.getMessage(), knownId());
        }
        return null;
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

    private void readEvent(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "id" -> fields.id = string(p, value, Fields.ID, "id");
                case "kind" -> fields.kind = string(p, value, Fields.KIND, "kind");
                case "model" -> fields.model = string(p, value, Fields.MODEL, "model");
                case "placement" ->
                        fields.placement = string(p, value, Fields.PLACEMENT, "placement");
                case "label" -> fields.label = string(p, value, Fields.LABEL, "label");
                case "ts" -> readTimestamp(p, value);
                case "temperature" -> readTemperature(p, value);
                case "candidates" -> readCandidates(p, value);
                case "logits" -> readLogits(p, value);
                case "labels" -> readLabels(p, value);
                default -> p.skipChildren(); // unknown fields: forward compatibility
            }
        }
    }

    private String string(JsonParser p, JsonToken value, int field, String name)
            throws IOException {
        fields.see(field, name);
        if (value == JsonToken.VALUE_STRING) {
            return text(p, name);
        }
        if (value != JsonToken.VALUE_NULL) {
            fields.problem(Reason.WRONG_TYPE, name + " must be a string, got " + describe(value));
            p.skipChildren();
        }
        return null;
    }

    /**
     * The current string value, or {@code null} (and a problem noted) when a {@code \\uXXXX} escape
     * left a UTF-16 surrogate unpaired: such a string cannot be written as UTF-8.
     */
    private String text(JsonParser p, String name) throws IOException {
        String s = p.getText();
        if (Texts.hasUnpairedSurrogate(s)) {
            fields.problem(
                    Reason.MALFORMED_JSON,
                    name
                            + " holds an unpaired UTF-16 surrogate (a \\uD800-\\uDFFF escape"
                            + " without its pair)");
            return null;
        }
        return s;
    }

    private void readTimestamp(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.TS, "ts");
        if (value == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            fields.ts = p.getLongValue();
            if (fields.ts == io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS) {
                // That value means "no ts" inside the job; no real event time is that far back.
                fields.problem(
                        Reason.WRONG_TYPE, "ts must be epoch milliseconds above " + fields.ts);
            }
        } else if (value != JsonToken.VALUE_NULL) {
            fields.problem(
                    Reason.WRONG_TYPE,
                    "ts must be epoch milliseconds (a whole number), got " + describe(value));
            p.skipChildren();
        }
    }

    private void readTemperature(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.TEMPERATURE, "temperature");
        if (value.isNumeric()) {
            fields.temperature = p.getDoubleValue();
            fields.hasTemperature = true;
        } else if (value != JsonToken.VALUE_NULL) {
            fields.problem(
                    Reason.WRONG_TYPE, "temperature must be a number, got " + describe(value));
            p.skipChildren();
        }
    }

    private void readCandidates(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.CANDIDATES, "candidates");
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            fields.problem(
                    Reason.WRONG_TYPE, "candidates must be an array, got " + describe(value));
            p.skipChildren();
            return;
        }
        fields.hasCandidates = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = fields.candidateCount;
            if (i == limits.maxCandidates()) {
                fields.problem(
                        Reason.TOO_MANY_INPUTS,
                        "the event has more than limits.max_candidates = "
                                + limits.maxCandidates()
                                + " candidates");
                skipRestOfArray(p, t);
                return;
            }
            fields.addCandidate();
            if (t != JsonToken.START_OBJECT) {
                fields.problem(
                        Reason.WRONG_TYPE,
                        "candidates[" + i + "] must be an object, got " + describe(t));
                p.skipChildren();
                continue;
            }
            readCandidate(p, i);
        }
    }

    private void readCandidate(JsonParser p, int i) throws IOException {
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit =
                    switch (name) {
                        case "id" -> 1;
                        case "score" -> 2;
                        case "bid" -> 4;
                        case "eligible" -> 8;
                        default -> 0;
                    };
            if (bit == 0) {
                p.skipChildren();
                continue;
            }
            if ((seen & bit) != 0) {
                fields.problem(
                        Reason.MALFORMED_JSON,
                        "field 'candidates[" + i + "]." + name + "' appears twice");
            }
            seen |= bit;
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (bit) {
                case 1 -> {
                    if (value == JsonToken.VALUE_STRING) {
                        fields.candidateIds[i] = text(p, "candidates[" + i + "].id");
                    } else {
                        wrongType(p, "candidates[" + i + "].id must be a string", value);
                    }
                }
                case 2 -> {
                    if (value.isNumeric()) {
                        fields.scores[i] = p.getDoubleValue();
                        fields.hasScore[i] = true;
                    } else {
                        wrongType(p, "candidates[" + i + "].score must be a number", value);
                    }
                }
                case 4 -> {
                    if (value.isNumeric()) {
                        fields.bids[i] = p.getDoubleValue();
                        fields.hasBid[i] = true;
                    } else {
                        wrongType(p, "candidates[" + i + "].bid must be a number", value);
                    }
                }
                default -> {
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        fields.eligible[i] = value == JsonToken.VALUE_TRUE;
                    } else {
                        wrongType(p, "candidates[" + i + "].eligible must be true or false", value);
                    }
                }
            }
        }
    }

    private void readLogits(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.LOGITS, "logits");
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            wrongType(p, "logits must be an array of numbers", value);
            return;
        }
        fields.hasLogits = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = fields.logitCount;
            if (i == limits.maxClasses()) {
                fields.problem(
                        Reason.TOO_MANY_INPUTS,
                        "the event has more than limits.max_classes = "
                                + limits.maxClasses()
                                + " logits");
                skipRestOfArray(p, t);
                return;
            }
            fields.addLogit();
            if (t.isNumeric()) {
                fields.logits[i] = p.getDoubleValue();
            } else {
                wrongType(p, "logits[" + i + "] must be a number", t);
            }
        }
    }

    private void readLabels(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.LABELS, "labels");
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            wrongType(p, "labels must be an array of strings", value);
            return;
        }
        fields.hasLabels = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int i = fields.labelCount;
            if (i == limits.maxClasses()) {
                fields.problem(
                        Reason.TOO_MANY_INPUTS,
                        "the event has more than limits.max_classes = "
                                + limits.maxClasses()
                                + " labels");
                skipRestOfArray(p, t);
                return;
            }
            fields.addLabel();
            if (t == JsonToken.VALUE_STRING) {
                fields.labels[i] = text(p, "labels[" + i + "]");
            } else {
                wrongType(p, "labels[" + i + "] must be a string", t);
            }
        }
    }

    private void wrongType(JsonParser p, String message, JsonToken value) throws IOException {
        fields.problem(Reason.WRONG_TYPE, message + ", got " + describe(value));
        p.skipChildren();
    }

    /** Skips the rest of an array whose element {@code current} was just read. */
    private static void skipRestOfArray(JsonParser p, JsonToken current) throws IOException {
        JsonToken t = current;
        while (t != JsonToken.END_ARRAY) {
            p.skipChildren();
            t = p.nextToken();
            if (t == null) {
                return; // the parser reports the missing ']' on the next read
            }
        }
    }

    /** How a token reads in a message: the JSON type a user wrote. */
    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
