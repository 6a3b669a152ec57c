package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.PolicyDocuments;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The policy input of one {@link ScoringOperator} subtask ({@link PolicyControl}): updates apply to
 * the events after them, stale ones are ignored, invalid ones are refused whole with a dead letter,
 * and the version in force survives a checkpoint.
 */
class PolicyControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String EVENT =
            "{\"id\":\"%s\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":2},"
                    + "{\"id\":\"b\",\"score\":1},{\"id\":\"c\",\"score\":0}]}";

    /** Version 8: one slot, temperature 4. */
    private static final String V8 =
            "{\"version\":8,\"policies\":{\"default\":{\"slots\":1,\"temperature\":4.0}}}";

    @Test
    void anUpdateAppliesToTheEventsAfterItAndSurvivesACheckpoint() throws Exception {
        OperatorSubtaskState checkpoint;
        try (TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness =
                harness(0, null)) {
            harness.processElement1(raw(EVENT.formatted("before")), 0L);
            harness.processElement2(raw(V8), 0L);
            harness.processElement1(raw(EVENT.formatted("after")), 0L);
            // stale: ignored; invalid: refused whole
            harness.processElement2(
                    raw("{\"version\":5,\"policies\":{\"default\":{\"slots\":3}}}"), 0L);
            harness.processElement2(
                    raw("{\"version\":9,\"policies\":{\"default\":{\"slots\":-1}}}"), 0L);
            harness.processElement1(raw(EVENT.formatted("still-8")), 0L);

            List<JsonNode> decisions = decisions(harness);
            assertThat(decisions)
                    .extracting(d -> d.get("policy_version").asLong())
                    .containsExactly(0L, 8L, 8L);
            assertThat(decisions.get(0).get("placed")).hasSize(3);
            assertThat(decisions.get(0).get("temperature").asDouble()).isEqualTo(1.0);
            assertThat(decisions.get(1).get("placed")).hasSize(1);
            assertThat(decisions.get(1).get("temperature").asDouble()).isEqualTo(4.0);

            List<DeadLetter> letters = deadLetters(harness);
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).reason()).isEqualTo(Reason.INVALID_POLICY);
            assertThat(letters.get(0).message())
                    .contains("version 9 refused")
                    .contains("version 8 stays in force")
                    .contains("slots must be >= 0");
            checkpoint = harness.snapshot(1L, 1L);
        }
        ScoringOperator function = new ScoringOperator(ScoringConfig.defaults());
        try (TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> restored =
                harness(function, 0, checkpoint)) {
            // In force from the start, before any record (issue 23: the gauge read 0 till then).
            assertThat(function.versionInForce()).isEqualTo(8L);
            restored.processElement1(raw(EVENT.formatted("restored")), 0L);
            JsonNode decision = decisions(restored).get(0);
            assertThat(decision.get("policy_version").asLong()).isEqualTo(8L);
            assertThat(decision.get("placed")).hasSize(1);
        }
    }

    @Test
    void onlyTheFirstSubtaskWritesTheDeadLetterOfARefusedDocument() throws Exception {
        for (int subtask : new int[] {0, 1}) {
            try (TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness =
                    harness(subtask, null)) {
                harness.processElement2(raw("not json"), 0L);
                harness.processElement2(raw(""), 0L);
                assertThat(deadLetters(harness)).hasSize(subtask == 0 ? 2 : 0);
                harness.processElement1(raw(EVENT.formatted("x")), 0L);
                assertThat(decisions(harness).get(0).get("policy_version").asLong()).isZero();
            }
        }
    }

    @Test
    void aDocumentLargerThanThePayloadLimitIsRefused() throws Exception {
        try (TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness =
                harness(0, null)) {
            harness.processElement2(
                    new RawEvent(V8.getBytes(StandardCharsets.UTF_8), 5L << 20, null), 0L);
            assertThat(deadLetters(harness).get(0).message()).contains("limits.max_payload_bytes");
        }
    }

    /**
     * Issue 23: an exception while a control record is read or applied (a bug) failed the job, and
     * the record, read again after every restart, made it a poison pill. It is an {@code
     * internal_error} dead letter now, counted as refused, and the version in force stays.
     */
    @Test
    void aBugMetByAControlRecordIsADeadLetterNotAFailure() throws Exception {
        ScoringOperator buggy =
                new ScoringOperator(ScoringConfig.defaults()) {
                    @Override
                    PolicyControl control(RecordScoring scoring, PolicyMetrics metrics) {
                        return new PolicyControl(
                                ScoringConfig.defaults(), scoring, metrics, document -> {}) {
                            @Override
                            PolicyDocuments.Result read(RawEvent raw) {
                                if (new String(raw.payload(), StandardCharsets.UTF_8)
                                        .contains("boom")) {
                                    throw new IllegalStateException("boom");
                                }
                                return super.read(raw);
                            }
                        };
                    }
                };
        try (TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness =
                harness(buggy, 0, null)) {
            harness.processElement2(raw(V8), 0L);
            harness.processElement2(
                    raw("{\"version\":9,\"policies\":{\"default\":{}},\"x\":\"boom\"}"), 0L);
            harness.processElement1(raw(EVENT.formatted("after")), 0L);
            assertThat(decisions(harness).get(0).get("policy_version").asLong()).isEqualTo(8);
            List<DeadLetter> letters = deadLetters(harness);
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).reason()).isEqualTo(Reason.INTERNAL_ERROR);
            assertThat(letters.get(0).message())
                    .contains("version 8 stays in force")
                    .contains("java.lang.IllegalStateException: boom");
            assertThat(buggy.versionInForce()).isEqualTo(8);
        }
    }

    private static TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness(
            int subtask, OperatorSubtaskState restore) throws Exception {
        return harness(new ScoringOperator(ScoringConfig.defaults()), subtask, restore);
    }

    private static TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness(
            ScoringOperator operator, int subtask, OperatorSubtaskState restore) throws Exception {
        TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness =
                new TwoInputStreamOperatorTestHarness<>(operator, 2, 2, subtask);
        harness.setup(ScoringTypes.ENCODED_DECISION.createSerializer(new SerializerConfigImpl()));
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        return harness;
    }

    private static RawEvent raw(String json) {
        return RawEvent.of(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> decisions(
            TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness)
            throws Exception {
        return harness.extractOutputValues().stream().map(d -> read(d.json())).toList();
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<DeadLetter> deadLetters(
            TwoInputStreamOperatorTestHarness<RawEvent, RawEvent, EncodedDecision> harness) {
        var out = harness.getSideOutput(OutputTags.DEAD_LETTERS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }
}
