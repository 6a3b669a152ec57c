package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.evaluation.EvaluationKey;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's evaluation windows ({@link FeedbackGraph#evaluation}) restored from a snapshot keep
 * their open sums: samples before and after the restore end in one record.
 */
class EvaluationRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRestoreKeepsTheOpenSums() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processElement(new StreamRecord<>(sample("colder", 2.0, 1), 10_000L));
            harness.processElement(new StreamRecord<>(sample("hotter", 0.5, 0), 11_000L));
            snapshot = harness.snapshot(1L, 12_000L);
            assertThat(harness.extractOutputValues()).isEmpty();
        }
        try (var harness = harness()) {
            harness.initializeState(snapshot);
            harness.open();
            harness.processElement(new StreamRecord<>(sample("colder", 0.5, 0), 20_000L));
            harness.processWatermark(60_000L);
            List<JsonNode> records = new ArrayList<>();
            for (EncodedDecision d : harness.extractOutputValues()) {
                records.add(JSON.readTree(d.json()));
            }
            assertThat(records).hasSize(2);
            JsonNode colder =
                    records.stream()
                            .filter(r -> r.get("target").asText().equals("colder"))
                            .findFirst()
                            .orElseThrow();
            // Both colder samples, one from before the restore: w = 2 (clicked) and 0.5 (not).
            assertThat(colder.get("n").asLong()).isEqualTo(2);
            assertThat(colder.get("ips").asDouble()).isEqualTo(1.0);
            assertThat(colder.get("snips").asDouble()).isEqualTo(2.0 / 2.5);
            assertThat(colder.get("window_end").asLong()).isEqualTo(60_000L);
        }
    }

    private static EvaluationSample sample(String target, double weight, double reward) {
        EvaluationSample s = new EvaluationSample();
        s.placement = "feed";
        s.version = 3;
        s.target = target;
        s.topWeight = weight;
        s.topReward = reward;
        s.topBound = 1;
        s.rankingWeight = weight;
        s.rankingReward = reward;
        s.rankingBound = 2;
        return s;
    }

    /** A harness around the window operator that {@link FeedbackGraph#evaluation} builds. */
    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<
                    EvaluationKey, EvaluationSample, EncodedDecision>
            harness() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<EvaluationSample> samples =
                env.fromSequence(0, 0)
                        .map(i -> new EvaluationSample())
                        .returns(TypeInformation.of(EvaluationSample.class));
        Transformation<?> union =
                FeedbackGraph.evaluation(samples, Duration.ofMinutes(1)).getTransformation();
        var windows =
                (OneInputTransformation<EvaluationSample, EncodedDecision>)
                        union.getInputs().get(0);
        assertThat(windows.getUid()).isEqualTo(FeedbackGraph.EVALUATION_UID);
        var operator =
                (OneInputStreamOperator<EvaluationSample, EncodedDecision>)
                        ((SimpleOperatorFactory<EncodedDecision>) windows.getOperatorFactory())
                                .getOperator();
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator, EvaluationSample::key, TypeInformation.of(EvaluationKey.class));
    }
}
