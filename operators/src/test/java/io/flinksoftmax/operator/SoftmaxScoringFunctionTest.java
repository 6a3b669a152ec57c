package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SoftmaxScoringFunctionTest {

    @Test
    void scoresEachEventIntoOneDecision() throws Exception {
        ClickScores request =
                new ClickScores(
                        "req-1",
                        "ctr-v12",
                        null,
                        1764230400000L,
                        Double.NaN,
                        new String[] {"ad-1", "ad-2", "ad-3"},
                        new double[] {2.0, 1.0, 0.1},
                        new double[] {Double.NaN, Double.NaN, Double.NaN},
                        new boolean[] {true, true, true});
        ClassLogits item =
                new ClassLogits(
                        "img-1",
                        null,
                        null,
                        ScoringEvent.NO_EVENT_TS,
                        Double.NaN,
                        new double[] {0.0, 4.0},
                        null,
                        "1");

        try (OneInputStreamOperatorTestHarness<ScoringEvent, Decision> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamMap<>(new SoftmaxScoringFunction(ScoringConfig.defaults())))) {
            // Copy outputs with the operator's declared serializer, as a job does.
            harness.setup(ScoringTypes.DECISION.createSerializer(new SerializerConfigImpl()));
            harness.open();
            long before = System.currentTimeMillis();
            harness.processElement(request, 0L);
            harness.processElement(item, 0L);

            List<Decision> decisions = harness.extractOutputValues();
            assertThat(decisions).hasSize(2);
            ClickDecision click = (ClickDecision) decisions.get(0);
            assertThat(click.id()).isEqualTo("req-1");
            assertThat(click.placed()).containsExactly("ad-1", "ad-2", "ad-3");
            assertThat(click.probabilities()[0]).isBetween(0.6590, 0.6591);
            assertThat(click.scoredTs()).isGreaterThanOrEqualTo(before);
            ClassDecision label = (ClassDecision) decisions.get(1);
            assertThat(label.predicted()).isEqualTo("1");
            assertThat(label.correct()).isTrue();
        }
    }
}
