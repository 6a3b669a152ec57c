package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The scoring operator with one input: scores, routes, attributes; never fails on a record. */
class ScoringOperatorTest {

    @Test
    void scoresEncodesAndRoutesPoisonPillsWithoutFailing() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness = harness()) {
            String[] records = {
                "{\"id\":\"\\ud800\",\"kind\":\"class_logits\",\"logits\":[1]}",
                "{\"id\":\"ok-1\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}",
                "{\"id\":\"r\",\"kind\":\"\\udc00\"}",
                "{\"id\":\"ok-2\",\"kind\":\"class_logits\",\"logits\":[1,2,3]}",
                "",
            };
            for (String record : records) {
                harness.processElement(RawEvent.of(record.getBytes(StandardCharsets.UTF_8)), 0L);
            }
            List<EncodedDecision> decisions = harness.extractOutputValues();
            assertThat(decisions)
                    .extracting(d -> new String(d.key(), StandardCharsets.UTF_8))
                    .containsExactly("ok-1", "ok-2");
            assertThat(new String(decisions.get(0).json(), StandardCharsets.UTF_8))
                    .startsWith("{\"id\":\"ok-1\",\"kind\":\"click_scores\"");
            List<Reason> reasons =
                    harness.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .map(DeadLetter::reason)
                            .toList();
            assertThat(reasons)
                    .containsExactly(
                            Reason.MALFORMED_JSON, Reason.MALFORMED_JSON, Reason.MALFORMED_JSON);
            assertThat(decisions.size() + reasons.size()).isEqualTo(records.length);
        }
    }

    /**
     * Issue 23: only a decision with event time is attributed. One without {@code ts} is decided
     * and counted ({@code decisions_without_ts}), but has no impression (it used to take the time
     * it was scored: processing time mixed into event time); one from a clock in 2100 is a dead
     * letter {@code invalid_ts}.
     */
    @Test
    void onlyDecisionsWithAPlausibleTsAreAttributed() throws Exception {
        ScoringOperator function = new ScoringOperator(ScoringConfig.defaults(), true);
        try (OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness =
                harness(function)) {
            String event = "{\"id\":\"%s\",\"kind\":\"class_logits\",\"logits\":[1,2]%s}";
            for (String record :
                    new String[] {
                        event.formatted("timed", ",\"ts\":1764230400000"),
                        event.formatted("untimed", ""),
                        event.formatted("in-2100", ",\"ts\":4102444800000")
                    }) {
                harness.processElement(
                        RawEvent.of(record.getBytes(StandardCharsets.UTF_8)), 1764230400000L);
            }
            assertThat(harness.extractOutputValues())
                    .extracting(d -> new String(d.key(), StandardCharsets.UTF_8))
                    .containsExactly("timed", "untimed");
            // Every output keeps its input's timestamp (the event time attribution runs on).
            assertThat(harness.getOutput())
                    .extracting(r -> ((StreamRecord<?>) r).getTimestamp())
                    .containsOnly(1764230400000L);
            assertThat(harness.getSideOutput(OutputTags.IMPRESSIONS))
                    .extracting(
                            r -> r.getValue().id + "@" + r.getValue().ts + "/" + r.getTimestamp())
                    .containsExactly("timed@1764230400000/1764230400000");
            assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS))
                    .extracting(r -> r.getValue().reason() + " " + r.getValue().id())
                    .containsExactly("INVALID_TS in-2100");
            assertThat(harness.getSideOutput(OutputTags.DEAD_LETTERS))
                    .extracting(StreamRecord::getTimestamp)
                    .containsExactly(1764230400000L);
            Object withoutTs =
                    function.getRuntimeContext()
                            .getAccumulator(ScoringMetrics.ACC_DECISIONS_WITHOUT_TS)
                            .getLocalValue();
            assertThat(withoutTs).isEqualTo(1L);
        }
    }

    /** A graph without policy documents keeps no state in this operator. */
    @Test
    void withOneInputItKeepsNoState() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness = harness()) {
            harness.processElement(
                    RawEvent.of(
                            "{\"id\":\"a\",\"kind\":\"class_logits\",\"logits\":[1]}"
                                    .getBytes(StandardCharsets.UTF_8)),
                    0L);
            assertThat(harness.snapshot(1L, 1L).getManagedOperatorState()).isEmpty();
        }
    }

    private static OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness()
            throws Exception {
        return harness(new ScoringOperator(ScoringConfig.defaults()));
    }

    private static OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness(
            ScoringOperator operator) throws Exception {
        OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness =
                new OneInputStreamOperatorTestHarness<>(operator);
        harness.setup(ScoringTypes.ENCODED_DECISION.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }
}
