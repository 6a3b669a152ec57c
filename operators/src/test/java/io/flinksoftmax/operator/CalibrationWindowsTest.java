package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.calibration.ArmCalibrationKey;
import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.calibration.Target;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The calibration step without a cluster: each window's sums give one record with the window's
 * bounds, and the gauges of a (model, placement, target) show the latest window's figures; a late
 * outcome is one record of its own, in the window its time falls in, flagged late.
 */
class CalibrationWindowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;

    @Test
    void eachWindowIsOneRecordAndTheGaugesFollowTheLatest() throws Exception {
        MetricListener metrics = new MetricListener();
        CalibrationWindows.Records records = new CalibrationWindows.Records();
        records.open(metrics.getMetricGroup());
        CalibrationKey key = new CalibrationKey("click", "ctr-v13", "home_top");
        List<EncodedDecision> out = new ArrayList<>();

        CalibrationStats first = sums(key, 0.2, true, 0.4, false);
        records.process(
                key,
                WindowContexts.of(records, 0, MINUTE),
                List.of(first),
                WindowContexts.into(out));
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_count"))
                .isEqualTo(2.0);

        CalibrationStats second = sums(key, 0.9, true, 0.8, true, 0.1, false);
        records.process(
                key,
                WindowContexts.of(records, MINUTE, 2 * MINUTE),
                List.of(second),
                WindowContexts.into(out));
        // The latest window, not a running total: a gauge says how calibrated the model is now.
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_count"))
                .isEqualTo(3.0);
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_observed_rate"))
                .isEqualTo(2.0 / 3);
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_mean_predicted"))
                .isEqualTo(second.meanPredicted())
                .isEqualTo((0.9 + 0.8 + 0.1) / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_ratio"))
                .isEqualTo(second.calibrationRatio());
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_ece"))
                .isEqualTo(second.expectedCalibrationError());
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_log_loss"))
                .isEqualTo(second.meanLogLoss())
                .isEqualTo(
                        -(Math.log(0.9) + Math.log(0.8) + Math.log(0.9)) / 3,
                        org.assertj.core.data.Offset.offset(1e-12));

        // A label target without a model: its own gauges, under model "none".
        CalibrationKey labels = new CalibrationKey("label", null, "default");
        records.process(
                labels,
                WindowContexts.of(records, 0, MINUTE),
                List.of(new CalibrationStats().add(Outcome.label(null, "default", 0.7, true, 0.7))),
                WindowContexts.into(out));
        assertThat(gauge(metrics, "none", "default", "label", "calibration_count")).isEqualTo(1.0);
        assertThat(gauge(metrics, "ctr-v13", "home_top", "click", "calibration_count"))
                .isEqualTo(3.0);

        assertThat(out).hasSize(3);
        assertThat(new String(out.get(1).key(), StandardCharsets.UTF_8)).isEqualTo(key.recordKey());
        JsonNode record = JSON.readTree(out.get(1).json());
        assertThat(record.get("target").asText()).isEqualTo("click");
        assertThat(record.get("window_start").asLong()).isEqualTo(MINUTE);
        assertThat(record.get("window_end").asLong()).isEqualTo(2 * MINUTE);
        assertThat(record.get("impressions").asLong()).isEqualTo(3);
        assertThat(record.get("clicks").asLong()).isEqualTo(2);
        assertThat(record.get("log_loss").asDouble()).isEqualTo(second.meanLogLoss());
        assertThat(record.has("late")).isFalse();
        JsonNode label = JSON.readTree(out.get(2).json());
        assertThat(label.get("count").asLong()).isEqualTo(1);
        assertThat(label.get("correct").asLong()).isEqualTo(1);
    }

    /** An experiment's outcomes are calibrated per variant: records and gauges of their own. */
    @Test
    void anExperimentsArmsHaveRecordsAndGaugesOfTheirOwn() throws Exception {
        MetricListener metrics = new MetricListener();
        CalibrationWindows.ArmRecords records = new CalibrationWindows.ArmRecords();
        records.open(metrics.getMetricGroup());
        List<EncodedDecision> out = new ArrayList<>();
        ArmCalibrationKey warm = new ArmCalibrationKey("click", "ctr", "feed", "split", "warm");
        records.process(
                warm,
                WindowContexts.of(records, 0, MINUTE),
                List.of(sums(warm.calibration(), 0.2, true, 0.4, false)),
                WindowContexts.into(out));
        ArmCalibrationKey outside = new ArmCalibrationKey("click", "ctr", "feed", "split", null);
        records.process(
                outside,
                WindowContexts.of(records, 0, MINUTE),
                List.of(sums(outside.calibration(), 0.5, true)),
                WindowContexts.into(out));
        JsonNode record = JSON.readTree(out.get(0).json());
        assertThat(record.get("experiment").asText()).isEqualTo("split");
        assertThat(record.get("variant").asText()).isEqualTo("warm");
        assertThat(record.get("impressions").asLong()).isEqualTo(2);
        assertThat(new String(out.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("ctr/feed/warm");
        assertThat(JSON.readTree(out.get(1).json()).get("variant").isNull()).isTrue();
        assertThat(
                        metrics.<Double>getGauge(
                                        "model",
                                        "ctr",
                                        "placement",
                                        "feed",
                                        "variant",
                                        "warm",
                                        "target",
                                        "click",
                                        "calibration_count")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(2.0);
        assertThat(
                        metrics.<Double>getGauge(
                                        "model",
                                        "ctr",
                                        "placement",
                                        "feed",
                                        "variant",
                                        "none",
                                        "target",
                                        "click",
                                        "calibration_count")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(1.0);
        Outcome late = Outcome.of(Target.CLICK, "ctr", "feed", 0.3, false);
        late.experiment = "split";
        late.variant = "warm";
        try (OneInputStreamOperatorTestHarness<Outcome, EncodedDecision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new CalibrationWindows.LateOutcomes(Duration.ofMinutes(1)))) {
            harness.processElement(late, MINUTE);
            EncodedDecision d = harness.extractOutputValues().get(0);
            assertThat(new String(d.key(), StandardCharsets.UTF_8)).isEqualTo("ctr/feed/warm");
            assertThat(JSON.readTree(d.json()).get("variant").asText()).isEqualTo("warm");
        }
    }

    @Test
    void aLateOutcomeIsARecordOfItsOwnInTheWindowItsTimeFallsIn() throws Exception {
        CalibrationWindows.LateOutcomes late =
                new CalibrationWindows.LateOutcomes(Duration.ofMinutes(1));
        try (OneInputStreamOperatorTestHarness<Outcome, EncodedDecision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(late)) {
            harness.processElement(
                    Outcome.of(Target.CLICK, "ctr-v13", "home_top", 0.25, true), 3 * MINUTE + 7);
            List<EncodedDecision> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            JsonNode record = JSON.readTree(out.get(0).json());
            assertThat(record.get("late").asBoolean()).isTrue();
            assertThat(record.get("window_start").asLong()).isEqualTo(3 * MINUTE);
            assertThat(record.get("window_end").asLong()).isEqualTo(4 * MINUTE);
            assertThat(record.get("impressions").asLong()).isEqualTo(1);
            assertThat(record.get("clicks").asLong()).isEqualTo(1);
            assertThat(
                            late.getRuntimeContext()
                                    .getAccumulator(CalibrationWindows.ACC_LATE_OUTCOMES)
                                    .getLocalValue())
                    .isEqualTo(1L);
        }
    }

    /** Sums of (p, clicked) pairs for {@code key}. */
    private static CalibrationStats sums(CalibrationKey key, Object... pairs) {
        CalibrationStats s = new CalibrationStats();
        for (int i = 0; i < pairs.length; i += 2) {
            s.add(
                    Outcome.of(
                            Target.CLICK,
                            key.model(),
                            key.placement(),
                            (Double) pairs[i],
                            (Boolean) pairs[i + 1]));
        }
        return s;
    }

    private static double gauge(
            MetricListener metrics, String model, String placement, String target, String name) {
        Gauge<Double> g =
                metrics.<Double>getGauge(
                                "model", model, "placement", placement, "target", target, name)
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no gauge "
                                                        + name
                                                        + " for "
                                                        + model
                                                        + "/"
                                                        + placement
                                                        + "/"
                                                        + target));
        return g.getValue();
    }
}
