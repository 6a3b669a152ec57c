package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.calibration.Target;
import io.flinksoftmax.operator.CalibrationWindows;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23: an outcome behind the calibration windows' watermark (its decision came late, or an
 * input woke from idleness behind the others) used to show up only in Flink's generic {@code
 * numLateRecordsDropped}. It is written as a record of its own, flagged late, for the window it
 * missed, and counted.
 */
class LateOutcomesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(1);

    private static final long WINDOW = 10_000;

    @Test
    void aLateOutcomeIsARecordOfItsOwnAndIsCounted() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        outcomes.add(timed(Outcome.of(Target.CLICK, "m", "feed", 0.25, true), 1_000));
        outcomes.add(timed(Outcome.of(Target.CLICK, "m", "feed", 0.5, false), 2_000));
        outcomes.add(
                timed(
                        Outcome.of(Target.CLICK, "m", "feed", 0.5, false),
                        50_000)); // closes [0, 10 s)
        outcomes.add(timed(Outcome.of(Target.CLICK, "m", "feed", 0.75, true), 3_000)); // late

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CloseableIterator<EncodedDecision> collected =
                FeedbackGraph.calibration(
                                env.fromData(outcomes, TypeInformation.of(Outcome.class))
                                        .assignTimestampsAndWatermarks(
                                                WatermarkStrategy.<Outcome>forGenerator(
                                                                c -> new EveryRecordAWatermark())
                                                        .withTimestampAssigner(
                                                                (o, previous) ->
                                                                        (long) o.labelProbability)),
                                Duration.ofMillis(WINDOW))
                        .collectAsync();
        JobClient job = env.executeAsync("late-outcomes");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        try (collected) {
            collected.forEachRemaining(r -> records.add(read(json, r.json())));
        }
        JobExecutionResult result = job.getJobExecutionResult().get();

        assertThat(records).hasSize(3);
        JsonNode onTime = find(records, 0, false);
        assertThat(onTime.get("impressions").asLong()).isEqualTo(2);
        assertThat(onTime.get("clicks").asLong()).isEqualTo(1);
        assertThat(onTime.has("late")).isFalse();
        JsonNode late = find(records, 0, true);
        assertThat(late.get("impressions").asLong()).isEqualTo(1);
        assertThat(late.get("clicks").asLong()).isEqualTo(1);
        assertThat(late.get("mean_predicted").asDouble()).isEqualTo(0.75);
        assertThat(late.get("window_end").asLong()).isEqualTo(WINDOW);
        assertThat(late.get("target").asText()).isEqualTo("click");
        assertThat(find(records, 50_000, false).get("impressions").asLong()).isEqualTo(1);
        assertThat(result.<Long>getAccumulatorResult(CalibrationWindows.ACC_LATE_OUTCOMES))
                .isEqualTo(1L);
    }

    /** The outcome with its event time carried in a field the test does not otherwise use. */
    private static Outcome timed(Outcome o, long ts) {
        if (o.isLabel()) {
            throw new IllegalArgumentException("click outcomes only");
        }
        o.labelProbability = ts;
        return o;
    }

    private static JsonNode find(List<JsonNode> records, long start, boolean late) {
        return records.stream()
                .filter(r -> r.get("window_start").asLong() == start)
                .filter(r -> r.path("late").asBoolean() == late)
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no record " + start + " late=" + late + ": " + records));
    }

    /**
     * The watermark follows every record at once: the order of the records decides what is late.
     */
    private static final class EveryRecordAWatermark implements WatermarkGenerator<Outcome> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Outcome event, long ts, WatermarkOutput output) {
            max = Math.max(max, ts);
            output.emitWatermark(new Watermark(max));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    private static JsonNode read(ObjectMapper json, byte[] record) {
        try {
            return json.readTree(record);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
