package io.flinksoftmax.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.text.Texts;
import java.io.IOException;

/**
 * Reads the fields of one JSON object into {@link Fields}, token by token: types are checked as
 * they are read (a wrong one is a noted problem, and reading goes on so that the id is found),
 * arrays stop at the configured limits, unknown fields are skipped. Whether the fields make an
 * event is {@link EventValidator}'s question.
 */
final class FieldReader {

    private final Fields fields;
    private final Limits limits;

    // Bound once: a lambda capturing the parser would be a new object per array per record.
    private final ElementReader candidateElement = this::readCandidateElement;
    private final ElementReader logitElement = this::readLogitElement;
    private final ElementReader labelElement = this::readLabelElement;

    FieldReader(Fields fields, Limits limits) {
        this.fields = fields;
        this.limits = limits;
    }

    void readEvent(JsonParser p) throws IOException {
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
                case "unit" -> fields.unit = string(p, value, Fields.UNIT, "unit");
                case "ts" -> readTimestamp(p, value);
                case "temperature" -> readTemperature(p, value);
                case "candidates" -> readCandidates(p, value);
                case "logits" -> readLogits(p, value);
                case "labels" -> readLabels(p, value);
                case "request" -> fields.request = candidateString(p, value, Fields.REQUEST, name);
                case "candidate" ->
                        fields.candidate = candidateString(p, value, Fields.CANDIDATE, name);
                case "score" -> readScore(p, value);
                case "bid" -> readBid(p, value);
                case "eligible" -> readEligible(p, value);
                case "expected" -> readExpected(p, value);
                default -> {
                    // Unknown fields: forward compatibility, but given once, as every field.
                    fields.seeUnknownField(name);
                    p.skipChildren();
                }
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
        return text(p, name, -1, null);
    }

    /**
     * The current string token; {@code null} and a problem if it holds an unpaired surrogate. The
     * field's name is {@code name}, or {@code name[index].suffix} for an array element: it is put
     * together only for the message, not per element read.
     */
    private String text(JsonParser p, String name, int index, String suffix) throws IOException {
        String s = p.getText();
        if (Texts.hasUnpairedSurrogate(s)) {
            String field =
                    index < 0
                            ? name
                            : name + "[" + index + "]" + (suffix == null ? "" : "." + suffix);
            fields.problem(
                    Reason.MALFORMED_JSON,
                    field
                            + " holds an unpaired UTF-16 surrogate (a \\uD800-\\uDFFF escape"
                            + " without its pair)");
            return null;
        }
        return s;
    }

    /*
     * The fields of a candidate_score event. Other kinds skip them as they skip any unknown field
     * (forward compatibility), so what is wrong with them is a candidateProblem, which only a
     * candidate event is refused for.
     */

    private String candidateString(JsonParser p, JsonToken value, int field, String name)
            throws IOException {
        fields.see(field, name);
        if (value == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (!Texts.hasUnpairedSurrogate(s)) {
                return s;
            }
            fields.candidateProblem(
                    Reason.MALFORMED_JSON,
                    name
                            + " holds an unpaired UTF-16 surrogate (a \\uD800-\\uDFFF escape without"
                            + " its pair)");
        } else if (value != JsonToken.VALUE_NULL) {
            candidateWrongType(p, name + " must be a string", value);
        }
        return null;
    }

    private void readScore(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.SCORE, "score");
        if (value.isNumeric()) {
            fields.score = p.getDoubleValue();
            fields.hasScore1 = true;
        } else if (value != JsonToken.VALUE_NULL) {
            candidateWrongType(p, "score must be a number", value);
        }
    }

    private void readBid(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.BID, "bid");
        if (value.isNumeric()) {
            fields.bid = p.getDoubleValue();
            if (Double.isNaN(fields.bid)) {
                // NaN means "no bid" inside the job: a NaN literal is an invalid bid, not none.
                fields.candidateProblem(
                        Reason.INVALID_BID, "bid must be a finite number >= 0, got NaN");
            }
        } else if (value != JsonToken.VALUE_NULL) {
            candidateWrongType(p, "bid must be a number", value);
        }
    }

    private void readEligible(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.ELIGIBLE, "eligible");
        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
            fields.eligible1 = value == JsonToken.VALUE_TRUE;
        } else if (value != JsonToken.VALUE_NULL) {
            candidateWrongType(p, "eligible must be true or false", value);
        }
    }

    private void readExpected(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.EXPECTED, "expected");
        if (value == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            fields.expected = p.getLongValue();
            fields.expectedGiven = true;
        } else if (value != JsonToken.VALUE_NULL) {
            candidateWrongType(
                    p, "expected must be a whole number (the request's candidates)", value);
        }
    }

    private void candidateWrongType(JsonParser p, String message, JsonToken value)
            throws IOException {
        fields.candidateProblem(Reason.WRONG_TYPE, message + ", got " + describe(value));
        p.skipChildren();
    }

    private void readTimestamp(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.TS, "ts");
        if (value == JsonToken.VALUE_NUMBER_INT
                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            fields.ts = p.getLongValue();
            if (fields.ts == ScoringEvent.NO_EVENT_TS) {
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
        if (startArray(p, value, "candidates must be an array")) {
            fields.hasCandidates = true;
            readElements(
                    p,
                    limits.maxCandidates(),
                    "limits.max_candidates",
                    "candidates",
                    candidateElement);
        }
    }

    private void readCandidate(JsonParser p, int i) throws IOException {
        int seen = 0;
        boolean unknown = false;
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
                fields.seeUnknownCandidateField(i, name, !unknown);
                unknown = true;
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
                        String id = text(p, "candidates", i, "id");
                        if (id != null) {
                            fields.candidateId(i, id);
                        }
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
        if (startArray(p, value, "logits must be an array of numbers")) {
            fields.hasLogits = true;
            readElements(p, limits.maxClasses(), "limits.max_classes", "logits", logitElement);
        }
    }

    private void readLabels(JsonParser p, JsonToken value) throws IOException {
        fields.see(Fields.LABELS, "labels");
        if (startArray(p, value, "labels must be an array of strings")) {
            fields.hasLabels = true;
            readElements(p, limits.maxClasses(), "limits.max_classes", "labels", labelElement);
        }
    }

    /**
     * Whether {@code value} opens an array; {@code null} is an absent field, anything else a {@code
     * wrong_type} problem (and skipped).
     */
    private boolean startArray(JsonParser p, JsonToken value, String expected) throws IOException {
        if (value == JsonToken.START_ARRAY) {
            return true;
        }
        if (value != JsonToken.VALUE_NULL) {
            wrongType(p, expected, value);
        }
        return false;
    }

    /** Reads one element of an array: its index and its first token. */
    @FunctionalInterface
    private interface ElementReader {
        void read(JsonParser p, int index, JsonToken first) throws IOException;
    }

    private void readCandidateElement(JsonParser p, int i, JsonToken t) throws IOException {
        fields.addCandidate();
        if (t == JsonToken.START_OBJECT) {
            readCandidate(p, i);
        } else {
            wrongType(p, "candidates[" + i + "] must be an object", t);
        }
    }

    private void readLogitElement(JsonParser p, int i, JsonToken t) throws IOException {
        fields.addLogit();
        if (t.isNumeric()) {
            fields.logits[i] = p.getDoubleValue();
        } else {
            wrongType(p, "logits[" + i + "] must be a number", t);
        }
    }

    private void readLabelElement(JsonParser p, int i, JsonToken t) throws IOException {
        fields.addLabel();
        if (t == JsonToken.VALUE_STRING) {
            fields.labels[i] = text(p, "labels", i, null);
        } else {
            wrongType(p, "labels[" + i + "] must be a string", t);
        }
    }

    /**
     * Reads the elements of an array just opened, at most {@code max} of them: one more is a {@code
     * too_many_inputs} problem, and the rest of the array is skipped unread.
     */
    private void readElements(
            JsonParser p, int max, String limit, String noun, ElementReader element)
            throws IOException {
        JsonToken t;
        for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
            if (i == max) {
                fields.problem(
                        Reason.TOO_MANY_INPUTS,
                        "the event has more than " + limit + " = " + max + " " + noun);
                skipRestOfArray(p, t);
                return;
            }
            element.read(p, i, t);
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
