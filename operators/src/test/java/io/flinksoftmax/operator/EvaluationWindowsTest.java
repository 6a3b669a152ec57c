package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.evaluation.Estimates;
import io.flinksoftmax.evaluation.EvaluationKey;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.evaluation.EvaluationWindowSums;
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
 * Evaluation records and gauges: one record per key and window with both estimands, the gauges of a
 * (placement, target) follow its latest window, and a late sample is a record of its own.
 */
class EvaluationWindowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;

    @Test
    void eachWindowIsOneRecordAndTheGaugesFollowTheLatest() throws Exception {
        MetricListener metrics = new MetricListener();
        EvaluationWindows.Records records = new EvaluationWindows.Records();
        records.open(metrics.getMetricGroup());
        EvaluationKey key = new EvaluationKey("home_top", 4, "colder");
        List<EncodedDecision> out = new ArrayList<>();

        EvaluationWindowSums first = sums(true, 2.0, 1, 0.5, 0, 0.5, 0);
        records.process(
                key,
                WindowContexts.of(records, 0, MINUTE),
                List.of(first),
                WindowContexts.into(out));
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_n")).isEqualTo(3.0);
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_snips")).isEqualTo(2.0 / 3);

        EvaluationWindowSums second = sums(true, 1.0, 1, 1.0, 0);
        records.process(
                key,
                WindowContexts.of(records, MINUTE, 2 * MINUTE),
                List.of(second),
                WindowContexts.into(out));
        Estimates latest = Estimates.of(second.top);
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_n")).isEqualTo(2.0);
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_snips")).isEqualTo(0.5);
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_ci_low"))
                .isEqualTo(latest.ciLow());
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_ci_high"))
                .isEqualTo(latest.ciHigh());
        assertThat(gauge(metrics, "home_top", "colder", "evaluation_ess")).isEqualTo(2.0);

        assertThat(out).hasSize(2);
        assertThat(new String(out.get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("home_top/colder");
        JsonNode record = JSON.readTree(out.get(0).json());
        assertThat(record.get("placement").asText()).isEqualTo("home_top");
        assertThat(record.get("policy_version").asLong()).isEqualTo(4);
        assertThat(record.get("target").asText()).isEqualTo("colder");
        assertThat(record.get("reward").asText()).isEqualTo("click_value");
        assertThat(record.get("window_start").asLong()).isZero();
        assertThat(record.get("window_end").asLong()).isEqualTo(MINUTE);
        assertThat(record.get("n").asLong()).isEqualTo(3);
        assertThat(record.get("ips").asDouble()).isEqualTo(2.0 / 3);
        assertThat(record.get("snips").asDouble()).isEqualTo(2.0 / 3);
        assertThat(record.get("ess").asDouble()).isEqualTo(9.0 / 4.5);
        assertThat(record.get("max_weight").asDouble()).isEqualTo(2.0);
        assertThat(record.get("ci_low").asDouble()).isBetween(0.0, record.get("snips").asDouble());
        assertThat(record.get("ci_high").asDouble()).isBetween(record.get("snips").asDouble(), 1.0);
        assertThat(record.get("ranking").get("n").asLong()).isEqualTo(3);
        assertThat(record.get("ranking").get("ips").asDouble()).isEqualTo(2.0 / 3);
        assertThat(record.has("late")).isFalse();
    }

    /** In an experiment, each variant has its own records and gauges. */
    @Test
    void anExperimentsVariantsHaveRecordsAndGaugesOfTheirOwn() throws Exception {
        MetricListener metrics = new MetricListener();
        EvaluationWindows.Records records = new EvaluationWindows.Records();
        records.open(metrics.getMetricGroup());
        List<EncodedDecision> out = new ArrayList<>();
        records.process(
                new EvaluationKey("feed", 2, "split", "warm", "logging"),
                WindowContexts.of(records, 0, MINUTE),
                List.of(sums(false, 1.0, 1, 1.0, 0)),
                WindowContexts.into(out));
        records.process(
                new EvaluationKey("feed", 2, "split", null, "logging"),
                WindowContexts.of(records, 0, MINUTE),
                List.of(sums(false, 1.0, 1)),
                WindowContexts.into(out));
        JsonNode warm = JSON.readTree(out.get(0).json());
        assertThat(warm.get("experiment").asText()).isEqualTo("split");
        assertThat(warm.get("variant").asText()).isEqualTo("warm");
        assertThat(new String(out.get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("feed/warm/logging");
        JsonNode outside = JSON.readTree(out.get(1).json());
        assertThat(outside.get("variant").isNull()).isTrue();
        assertThat(new String(out.get(1).key(), StandardCharsets.UTF_8))
                .isEqualTo("feed/-/logging");
        assertThat(
                        metrics.<Double>getGauge(
                                        "placement",
                                        "feed",
                                        "variant",
                                        "warm",
                                        "target",
                                        "logging",
                                        "evaluation_n")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(2.0);
        assertThat(
                        metrics.<Double>getGauge(
                                        "placement",
                                        "feed",
                                        "variant",
                                        "none",
                                        "target",
                                        "logging",
                                        "evaluation_n")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(1.0);
        JsonNode plain =
                JSON.readTree(
                        new io.flinksoftmax.encode.EvaluationJson()
                                .toJson(
                                        new EvaluationKey("feed", 2, "logging"),
                                        0,
                                        MINUTE,
                                        sums(false, 1.0, 1),
                                        false,
                                        false));
        assertThat(plain.has("experiment")).as("no experiment, no fields").isFalse();
    }

    @Test
    void aWindowWhereTheTargetNeverAgreedHasNoSnips() throws Exception {
        EvaluationWindows.Records records = new EvaluationWindows.Records();
        records.open(new MetricListener().getMetricGroup());
        List<EncodedDecision> out = new ArrayList<>();
        records.process(
                new EvaluationKey("feed", 0, "greedy"),
                WindowContexts.of(records, 0, MINUTE),
                List.of(sums(false, 0.0, 1, 0.0, 0)),
                WindowContexts.into(out));
        JsonNode record = JSON.readTree(out.get(0).json());
        assertThat(record.get("snips").isNull()).isTrue();
        assertThat(record.get("ips").asDouble()).isZero();
        assertThat(record.get("reward").asText()).isEqualTo("click");
        // Nothing is known of the target's value: the interval is the whole reward range.
        assertThat(record.get("ci_low").asDouble()).isZero();
        assertThat(record.get("ci_high").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aLateSampleIsARecordOfItsOwnInTheWindowItsTimeFallsIn() throws Exception {
        EvaluationWindows.LateSamples late =
                new EvaluationWindows.LateSamples(Duration.ofMinutes(1));
        try (OneInputStreamOperatorTestHarness<EvaluationSample, EncodedDecision> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(late)) {
            harness.processElement(sample(false, 1.5, 1), 3 * MINUTE + 7);
            List<EncodedDecision> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            JsonNode record = JSON.readTree(out.get(0).json());
            assertThat(record.get("late").asBoolean()).isTrue();
            assertThat(record.get("window_start").asLong()).isEqualTo(3 * MINUTE);
            assertThat(record.get("window_end").asLong()).isEqualTo(4 * MINUTE);
            assertThat(record.get("n").asLong()).isEqualTo(1);
            assertThat(record.get("ips").asDouble()).isEqualTo(1.5);
            assertThat(
                            late.getRuntimeContext()
                                    .getAccumulator(EvaluationWindows.ACC_LATE_SAMPLES)
                                    .getLocalValue())
                    .isEqualTo(1L);
        }
    }

    /** Sums of (weight, reward) pairs, the same for both estimands. */
    private static EvaluationWindowSums sums(boolean valueReward, double... pairs) {
        EvaluationWindowSums s = new EvaluationWindowSums();
        for (int i = 0; i < pairs.length; i += 2) {
            s.add(sample(valueReward, pairs[i], pairs[i + 1]));
        }
        return s;
    }

    private static EvaluationSample sample(boolean valueReward, double w, double r) {
        EvaluationSample s = new EvaluationSample();
        s.placement = "home_top";
        s.version = 4;
        s.target = "colder";
        s.valueReward = valueReward;
        s.topWeight = w;
        s.topReward = r;
        s.topBound = 1;
        s.rankingWeight = w;
        s.rankingReward = r;
        s.rankingBound = 1;
        return s;
    }

    private static double gauge(
            MetricListener metrics, String placement, String target, String name) {
        Gauge<Double> g =
                metrics.<Double>getGauge("placement", placement, "target", target, name)
                        .orElseThrow(() -> new AssertionError("no gauge " + name));
        return g.getValue();
    }
}
