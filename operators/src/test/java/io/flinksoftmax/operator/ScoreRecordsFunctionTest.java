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
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ScoreRecordsFunctionTest {

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
                    harness.getSideOutput(ScoreRecordsFunction.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .map(DeadLetter::reason)
                            .toList();
            assertThat(reasons)
                    .containsExactly(
                            Reason.MALFORMED_JSON, Reason.MALFORMED_JSON, Reason.MALFORMED_JSON);
            assertThat(decisions.size() + reasons.size()).isEqualTo(records.length);
        }
    }

    private static OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness()
            throws Exception {
        OneInputStreamOperatorTestHarness<RawEvent, EncodedDecision> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ScoreRecordsFunction(ScoringConfig.defaults())));
        harness.setup(ScoringTypes.ENCODED_DECISION.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }
}
