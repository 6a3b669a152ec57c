package io.flinksoftmax.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The poison pills of issue 8, each through the whole path: a dead letter, never a throw. */
class RecordPipelineTest {

    private static final ObjectMapper STRICT = new ObjectMapper();
    private final RecordPipeline pipeline = new RecordPipeline(ScoringConfig.defaults());

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "escaped lone surrogate id | malformed_json | {\"id\":\"\\ud800\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "lone surrogate kind | malformed_json | {\"id\":\"r\",\"kind\":\"\\ud800x\",\"logits\":[1]}",
                "lone surrogate placement | malformed_json | {\"id\":\"r\",\"placement\":\"\\udfff\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "lone surrogate label | malformed_json | {\"id\":\"r\",\"kind\":\"class_logits\",\"logits\":[1],\"label\":\"\\ud800\"}",
                "raw surrogate bytes | malformed_json | hex:7B226964223A22EDA080227D",
                "raw beyond U+10FFFF | malformed_json | hex:7B226964223A22F4908080227D",
                "overlong slash | malformed_json | hex:7B226964223A22C0AF227D",
                "overlong NUL | malformed_json | hex:7B226964223A22C080227D",
            })
    void poisonPillsBecomeDeadLettersThatEncode(String name, String reason, String record) {
        byte[] bytes =
                record.startsWith("hex:")
                        ? HexFormat.of().parseHex(record.substring(4))
                        : record.getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = rejected(bytes);
        assertThat(letter.reason().code()).isEqualTo(reason);
        assertStrictJson(new DeadLetterJson().toJson(letter));
    }

    @Test
    void aHugeModelIsRefusedAndTheDeadLetterStaysSmall() throws Exception {
        String huge = "m".repeat(1_000_000);
        byte[] bytes =
                ("{\"id\":\"r\",\"model\":\""
                                + huge
                                + "\",\"kind\":\"click_scores\",\"placement\":\""
                                + huge
                                + "\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}")
                        .getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = rejected(bytes);
        assertThat(letter.reason()).isEqualTo(Reason.PAYLOAD_TOO_LARGE);
        assertThat(new DeadLetterJson().toJson(letter).length).isLessThan(8_000);

        // Within the payload limit, a long model is an invalid identifier, not a 1 MB decision.
        String big = "m".repeat(100_000);
        DeadLetter model =
                rejected(
                        ("{\"id\":\"r\",\"model\":\""
                                        + big
                                        + "\",\"kind\":\"class_logits\",\"logits\":[1]}")
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(model.reason()).isEqualTo(Reason.INVALID_ID);
        assertThat(new DeadLetterJson().toJson(model).length).isLessThan(8_000);
    }

    @Test
    void aDecisionLargerThanTheOutputLimitIsADeadLetter() throws Exception {
        // 1,000 candidates with 256-character ids: about 400 KB of decision, over a 64 KiB limit.
        ScoringConfig small =
                new ScoringConfig(
                        ScoringConfig.defaults().policies(),
                        new Limits(1_000, 10_000, 1 << 20, 256, Limits.MIN_OUTPUT_BYTES));
        StringBuilder json =
                new StringBuilder("{\"id\":\"wide\",\"kind\":\"click_scores\",\"candidates\":[");
        for (int i = 0; i < 1_000; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(String.format("%0256d", i))
                    .append("\",\"score\":")
                    .append(i % 7)
                    .append('}');
        }
        byte[] bytes = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        Outcome outcome = new RecordPipeline(small).process(RawEvent.of(bytes), 1L);
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        assertThat(letter.reason()).isEqualTo(Reason.OUTPUT_TOO_LARGE);
        assertThat(letter.id()).isEqualTo("wide");
        assertThat(letter.message()).contains("limits.max_output_bytes is 65536");

        Outcome fits = pipeline.process(RawEvent.of(bytes), 1L);
        EncodedDecision encoded = ((Outcome.Scored) fits).encoded();
        assertThat(encoded.size()).isGreaterThan(Limits.MIN_OUTPUT_BYTES);
        assertThat(new String(encoded.key(), StandardCharsets.UTF_8)).isEqualTo("wide");
        assertStrictJson(encoded.json());
    }

    @Test
    void anExceptionOnOneRecordIsAnInternalErrorDeadLetter() {
        RecordPipeline failing =
                new RecordPipeline(
                        ScoringConfig.defaults(),
                        (decision, assembly) -> {
                            throw new IllegalStateException("encoder bug");
                        });
        byte[] bytes =
                "{\"id\":\"r-1\",\"kind\":\"class_logits\",\"logits\":[1,2]}"
                        .getBytes(StandardCharsets.UTF_8);
        SourcePosition source = new SourcePosition("scores", 3, 42L);
        Outcome outcome = failing.process(new RawEvent(bytes, bytes.length, source), 5L);
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        assertThat(letter.reason()).isEqualTo(Reason.INTERNAL_ERROR);
        assertThat(letter.message()).startsWith("java.lang.IllegalStateException: encoder bug at ");
        assertThat(letter.id()).isEqualTo("r-1");
        assertThat(letter.payload()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(letter.source()).isEqualTo(source);
    }

    @Test
    void aValidRecordKeepsItsNonAsciiIdExactly() throws Exception {
        String id = "req-\u00e9\uD83D\uDE00\u2028";
        byte[] bytes =
                ("{\"id\":\"" + id + "\",\"kind\":\"class_logits\",\"logits\":[1,2]}")
                        .getBytes(StandardCharsets.UTF_8);
        EncodedDecision encoded =
                ((Outcome.Scored) pipeline.process(RawEvent.of(bytes), 1L)).encoded();
        assertThat(new String(encoded.key(), StandardCharsets.UTF_8)).isEqualTo(id);
        assertThat(assertStrictJson(encoded.json()).get("id").asText()).isEqualTo(id);
    }

    @Test
    void aTombstoneIsADeadLetterOfSizeZeroThatSaysSo() {
        SourcePosition source = new SourcePosition("scores", 1, 9L);
        Outcome outcome = pipeline.process(RawEvent.tombstone(source), 1L);
        DeadLetter letter = ((Outcome.Rejected) outcome).deadLetter();
        assertThat(letter.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(letter.message()).contains("tombstone");
        assertThat(letter.payloadBytes()).isZero();
        assertThat(letter.payloadTruncated()).isFalse();
        assertThat(letter.source()).isEqualTo(source);
    }

    private DeadLetter rejected(byte[] bytes) {
        Outcome outcome =
                pipeline.process(
                        new RawEvent(bytes, bytes.length, null), System.currentTimeMillis());
        assertThat(outcome).isInstanceOf(Outcome.Rejected.class);
        return ((Outcome.Rejected) outcome).deadLetter();
    }

    private static JsonNode assertStrictJson(byte[] json) {
        assertThat(io.flinksoftmax.text.Utf8.firstInvalid(json, json.length)).isEqualTo(-1);
        try {
            return STRICT.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(
                    "not strict JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    /**
     * A record without a payload cannot be made, so it can never reach the pipeline, where the dead
     * letter itself would have thrown on it (a poison pill from a library caller's source).
     */
    @Test
    void aRecordWithoutAPayloadIsRefusedWhereItIsMade() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RawEvent(null, 0, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("payload");
        Outcome unreadable =
                pipeline.process(
                        RawEvent.unreadable("file:/x.gz: the read failed after 10 bytes"), 1L);
        DeadLetter letter = ((Outcome.Rejected) unreadable).deadLetter();
        assertThat(letter.reason()).isEqualTo(Reason.UNREADABLE_INPUT);
        assertThat(letter.message()).isEqualTo("file:/x.gz: the read failed after 10 bytes");
        assertThat(letter.payloadBytes()).isZero();
    }
}
