package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.evaluation.ExperimentKey;
import io.flinksoftmax.evaluation.SampleRatioCounts;
import io.flinksoftmax.experiment.SampleRatio;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/** The sample-ratio records: counts per variant, merging, the p-value, the flag and the gauge. */
class SampleRatioWindowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsPerVariantMergeAndGiveTheChiSquarePValue() throws Exception {
        SampleRatioCounts a = new SampleRatioCounts();
        SampleRatioCounts b = new SampleRatioCounts();
        for (int i = 0; i < 600; i++) {
            a.add(sample("one"));
            b.add(sample(i < 400 ? "two" : null));
        }
        b.add(sample("ghost"));
        SampleRatioCounts c = a.merge(b).merge(new SampleRatioCounts());
        assertThat(c.counts).containsExactly(600, 400, 0);
        assertThat(c.outside).isEqualTo(200);
        assertThat(c.unknown).isEqualTo(1);
        // The zero-weight variant is left out of the test: 600 against 400 for 60/40.
        assertThat(c.pValue()).isEqualTo(1.0);
        assertThat(new SampleRatioCounts().pValue()).isEqualTo(1.0);
        assertThat(SampleRatioWindows.counts(sample("one"))).isTrue();
        EvaluationSample shadow = sample("one");
        shadow.arms = null;
        assertThat(SampleRatioWindows.counts(shadow)).isFalse();

        MetricListener metrics = new MetricListener();
        SampleRatioWindows.Records records = new SampleRatioWindows.Records();
        records.open(metrics.getMetricGroup());
        List<EncodedDecision> out = new ArrayList<>();
        ExperimentKey key = new ExperimentKey("feed", 3, "split");
        records.process(
                key, WindowContexts.of(records, 0, 60_000), List.of(c), WindowContexts.into(out));
        JsonNode r = JSON.readTree(out.get(0).json());
        assertThat(r.get("check").asText()).isEqualTo("sample_ratio");
        assertThat(r.get("experiment").asText()).isEqualTo("split");
        assertThat(r.get("policy_version").asLong()).isEqualTo(3);
        assertThat(r.get("variants").get("one").get("decisions").asLong()).isEqualTo(600);
        assertThat(r.get("variants").get("two").get("weight").asDouble()).isEqualTo(0.4);
        assertThat(r.get("outside_coverage").asLong()).isEqualTo(200);
        assertThat(r.get("p_value").asDouble()).isEqualTo(1.0);
        assertThat(r.get("mismatch").asBoolean()).isFalse();

        SampleRatioCounts skewed = new SampleRatioCounts();
        for (int i = 0; i < 1_000; i++) {
            skewed.add(sample(i < 700 ? "one" : "two"));
        }
        assertThat(skewed.pValue()).isLessThan(SampleRatio.THRESHOLD);
        records.process(
                key,
                WindowContexts.of(records, 0, 60_000),
                List.of(skewed),
                WindowContexts.into(out));
        assertThat(JSON.readTree(out.get(1).json()).get("mismatch").asBoolean()).isTrue();
        assertThat(
                        metrics.<Double>getGauge(
                                        "placement",
                                        "feed",
                                        "experiment",
                                        "split",
                                        "experiment_srm_p_value")
                                .orElseThrow()
                                .getValue())
                .isEqualTo(skewed.pValue());
    }

    private static EvaluationSample sample(String variant) {
        EvaluationSample s = new EvaluationSample();
        s.placement = "feed";
        s.version = 3;
        s.experiment = "split";
        s.variant = variant;
        s.target = "logging";
        s.arms = new String[] {"one", "two", "off"};
        s.armWeights = new double[] {0.6, 0.4, 0.0};
        return s;
    }
}
