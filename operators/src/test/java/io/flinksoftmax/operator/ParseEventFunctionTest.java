package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseEventFunctionTest {

    private static final String VALID =
            "{\"id\":\"req-1\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}";

    @Test
    void sendsAPoisonPillToTheDeadLettersAndKeepsGoing() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, ScoringEvent> harness = harness()) {
            SourcePosition position = new SourcePosition("scores", 3, 1234L);
            harness.processElement(
                    new RawEvent(bytes("{\"id\":\"req-0\",\"kind\":"), 21, position), 0L);
            harness.processElement(RawEvent.of(bytes(VALID)), 1L);

            List<ScoringEvent> events = harness.extractOutputValues();
            assertThat(events).extracting(ScoringEvent::id).containsExactly("req-1");

            List<DeadLetter> deadLetters =
                    harness.getSideOutput(OutputTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(deadLetters).hasSize(1);
            DeadLetter letter = deadLetters.get(0);
            assertThat(letter.reason()).isEqualTo(Reason.MALFORMED_JSON);
            assertThat(letter.id()).isEqualTo("req-0");
            assertThat(letter.payload()).isEqualTo("{\"id\":\"req-0\",\"kind\":");
            assertThat(letter.source()).isEqualTo(position);
            assertThat(letter.at()).isPositive();
        }
    }

    @Test
    void balancesRecordsInWithEventsAndDeadLetters() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, ScoringEvent> harness = harness()) {
            String[] records = {
                VALID,
                "",
                "null",
                "{\"id\":\"x\",\"kind\":\"class_logits\",\"logits\":[1,2]}",
                "{\"id\":\"y\",\"kind\":\"class_logits\",\"logits\":[NaN]}"
            };
            for (String record : records) {
                harness.processElement(RawEvent.of(bytes(record)), 0L);
            }
            int events = harness.extractOutputValues().size();
            int deadLetters = harness.getSideOutput(OutputTags.DEAD_LETTERS).size();
            assertThat(events).isEqualTo(2);
            assertThat(events + deadLetters).isEqualTo(records.length);
        }
    }

    /** A harness that copies outputs with the operator's declared serializer, as a job does. */
    private static OneInputStreamOperatorTestHarness<RawEvent, ScoringEvent> harness()
            throws Exception {
        OneInputStreamOperatorTestHarness<RawEvent, ScoringEvent> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ParseEventFunction(ScoringConfig.defaults())));
        harness.setup(ScoringTypes.EVENT.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
