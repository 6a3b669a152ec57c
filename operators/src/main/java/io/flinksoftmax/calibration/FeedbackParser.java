package io.flinksoftmax.calibration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.text.StrictJson;
import io.flinksoftmax.text.Texts;
import io.flinksoftmax.text.Utf8;
import java.io.IOException;
import org.apache.flink.annotation.Internal;

/**
 * Reads one feedback record (README "Feedback and calibration"):
 *
 * <pre>{@code
 * {"id":"req-1","candidate":"ad-2","event":"click","ts":1764230400000}   // click_scores
 * {"id":"img-7","label":"3","ts":1764230400000}                          // class_logits
 * }</pre>
 *
 * A bad record is refused with the same reasons as a bad event: {@code malformed_json} (not strict
 * JSON in UTF-8, not an object, a key twice), {@code missing_field} ({@code id}, {@code ts}, or
 * neither {@code candidate} nor {@code label}), {@code wrong_type} (a field of the wrong type, or
 * both {@code candidate} and {@code label}), {@code unknown_kind} ({@code event} other than {@code
 * click}), {@code invalid_id} (an empty or over-long id, candidate or label), {@code
 * payload_too_large}, {@code invalid_ts} (a {@code ts} outside {@code limits}' event-time bounds).
 * Unknown fields are skipped. Never throws; thread safe.
 */
@Internal
public final class FeedbackParser {

    private final Limits limits;

    public FeedbackParser(Limits limits) {
        this.limits = limits;
    }

    /** The outcome of reading one record. */
    @Internal
    public sealed interface Result permits Accepted, Rejected {}

    @Internal
    public record Accepted(Feedback feedback) implements Result {}

    /**
     * @param id the record's id if it could be read, else {@code null}
     */
    @Internal
    public record Rejected(Reason reason, String message, String id) implements Result {}

    /**
     * @param payload the record's bytes
     * @param length how many of them hold the record
     * @param payloadBytes the record's full size (more than {@code length} when it was cut)
     */
    public Result parse(byte[] payload, int length, long payloadBytes) {
        return parse(payload, length, payloadBytes, System.currentTimeMillis());
    }

    /**
     * {@link #parse(byte[], int, long)} read at {@code now} (epoch milliseconds): a {@code ts}
     * outside {@code limits}' event-time bounds then is {@code invalid_ts}.
     */
    public Result parse(byte[] payload, int length, long payloadBytes, long now) {
        Result result = parseRecord(payload, length, payloadBytes);
        if (result instanceof Accepted accepted) {
            String problem = limits.eventTime().problem(accepted.feedback().ts, now);
            if (problem != null) {
                return new Rejected(Reason.INVALID_TS, problem, accepted.feedback().id);
            }
        }
        return result;
    }

    private Result parseRecord(byte[] payload, int length, long payloadBytes) {
        if (payloadBytes > limits.maxPayloadBytes() || length > limits.maxPayloadBytes()) {
            return new Rejected(
                    Reason.PAYLOAD_TOO_LARGE,
                    "the record is "
                            + Math.max(payloadBytes, length)
                            + " bytes; limits.max_payload_bytes is "
                            + limits.maxPayloadBytes(),
                    null);
        }
        int invalid = Utf8.firstInvalid(payload, length);
        if (invalid >= 0) {
            return new Rejected(
                    Reason.MALFORMED_JSON, "not valid UTF-8 at offset " + invalid, null);
        }
        JsonNode root;
        try {
            root = StrictJson.READER.readTree(payload, 0, length);
        } catch (JsonProcessingException e) {
            return new Rejected(Reason.MALFORMED_JSON, "not JSON: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            return new Rejected(Reason.MALFORMED_JSON, "not JSON: " + e.getMessage(), null);
        }
        if (root == null || !root.isObject()) {
            return new Rejected(Reason.MALFORMED_JSON, "a feedback record is a JSON object", null);
        }
        return read(root);
    }

    private Result read(JsonNode root) {
        JsonNode idNode = root.get("id");
        String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        if (idNode == null || idNode.isNull()) {
            return new Rejected(Reason.MISSING_FIELD, "id is required", null);
        }
        if (id == null) {
            return new Rejected(Reason.WRONG_TYPE, "id must be a string", null);
        }
        String problem = identifier("id", id);
        if (problem != null) {
            return new Rejected(Reason.INVALID_ID, problem, null);
        }
        JsonNode ts = root.get("ts");
        if (ts == null || ts.isNull()) {
            return new Rejected(Reason.MISSING_FIELD, "ts is required (epoch milliseconds)", id);
        }
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
            return new Rejected(
                    Reason.WRONG_TYPE,
                    "ts must be epoch milliseconds (a whole number), got "
                            + Texts.quote(ts.toString()),
                    id);
        }
        JsonNode candidate = root.get("candidate");
        JsonNode label = root.get("label");
        boolean hasCandidate = candidate != null && !candidate.isNull();
        boolean hasLabel = label != null && !label.isNull();
        if (hasCandidate == hasLabel) {
            return hasCandidate
                    ? new Rejected(
                            Reason.WRONG_TYPE,
                            "a feedback record has candidate (a click) or label, not both",
                            id)
                    : new Rejected(
                            Reason.MISSING_FIELD,
                            "candidate (a click on a placed candidate) or label (the true class)"
                                    + " is required",
                            id);
        }
        JsonNode value = hasCandidate ? candidate : label;
        String field = hasCandidate ? "candidate" : "label";
        if (!value.isTextual()) {
            return new Rejected(Reason.WRONG_TYPE, field + " must be a string", id);
        }
        problem = identifier(field, value.textValue());
        if (problem != null) {
            return new Rejected(Reason.INVALID_ID, problem, id);
        }
        JsonNode event = root.get("event");
        if (hasCandidate) {
            if (event != null && !event.isNull() && !"click".equals(event.asText())) {
                return new Rejected(
                        Reason.UNKNOWN_KIND,
                        "event must be click, got " + Texts.quote(event.asText()),
                        id);
            }
            return new Accepted(Feedback.click(id, value.textValue(), ts.longValue()));
        }
        return new Accepted(Feedback.label(id, value.textValue(), ts.longValue()));
    }

    /** What is wrong with an id-like value, or {@code null}: the rules of event ids. */
    private String identifier(String field, String value) {
        if (Texts.hasUnpairedSurrogate(value)) {
            return field + " holds an unpaired UTF-16 surrogate";
        }
        return limits.fitsId(value, 1) ? null : limits.idLengthMessage(field, 1, value);
    }
}
