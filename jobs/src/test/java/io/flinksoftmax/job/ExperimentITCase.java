package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.policy.ScoringConfigReader;
import io.flinksoftmax.policy.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment in a file run on a MiniCluster (DESIGN §14): every decision of the policy logs its
 * experiment and its unit's variant, both output shapes, and is decided with that variant's keys.
 */
class ExperimentITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    @TempDir Path dir;

    @Test
    void decisionsLogTheirVariantAndAreDecidedByIt() throws Exception {
        Path config = dir.resolve("scoring.yaml");
        Files.writeString(
                config,
                "output_format: full\n"
                        + "policies:\n  default: {slots: 1}\n"
                        + "  feed:\n    slots: 1\n    experiment:\n      key: two-slots\n"
                        + "      coverage: 0.8\n"
                        + "      variants: {one: {weight: 0.5}, two: {weight: 0.5, slots: 2}}\n");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(
                    "{\"id\":\"e-"
                            + i
                            + "\",\"kind\":\"click_scores\",\"placement\":\"feed\",\"unit\":\"u-"
                            + (i % 150)
                            + "\",\"candidates\":[{\"id\":\"a\",\"score\":1},{\"id\":\"b\",\"score\":0}]}");
        }
        Path input = dir.resolve("events.jsonl");
        Files.write(input, events);
        Path output = dir.resolve("out");
        RunSummary summary =
                BoundedRun.run(
                        JobOptions.parse(
                                new String[] {
                                    "--scoring-config", config.toString(),
                                    "--input", input.toString(),
                                    "--output", output.toString(),
                                    "--parallelism", "2"
                                }),
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        false);
        assertThat(summary.decisions()).isEqualTo(600);
        var experiment = ScoringConfigReader.read(config).policyFor("feed").experiment();
        Map<String, String> byUnit = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode d : CalibrationTable.records(output.resolve(FileConnectors.DECISIONS_DIR))) {
            String unit = "u-" + (Integer.parseInt(d.get("id").asText().substring(2)) % 150);
            Variant v = experiment.assign(unit);
            String name = v == null ? null : v.name();
            assertThat(d.get("experiment").asText()).isEqualTo("two-slots");
            assertThat(d.get("variant").isNull() ? null : d.get("variant").asText())
                    .isEqualTo(name);
            assertThat(d.get("placed").size()).isEqualTo("two".equals(name) ? 2 : 1);
            String seen = byUnit.putIfAbsent(unit, String.valueOf(name));
            assertThat(seen == null || seen.equals(String.valueOf(name))).isTrue();
            counts.merge(String.valueOf(name), 1, Integer::sum);
        }
        assertThat(counts).containsKeys("one", "two");
    }

    /**
     * With feedback, each experiment gets a sample-ratio record per evaluation window: 10,000 units
     * split 50/50 pass; the same with a fifth of one variant's events lost are flagged.
     */
    @Test
    void theSampleRatioCheckPassesAFairSplitAndFlagsALossyOne() throws Exception {
        Path config = dir.resolve("split.yaml");
        Files.writeString(
                config,
                "policies:\n  default: {}\n  feed:\n    mode: sigmoid\n"
                        + "    experiment:\n      key: half\n"
                        + "      variants: {a: {weight: 0.5}, b: {weight: 0.5, slots: 1}}\n");
        var experiment = ScoringConfigReader.read(config).policyFor("feed").experiment();
        Path feedback = dir.resolve("feedback.jsonl");
        Files.writeString(feedback, "");
        List<String> fair = new ArrayList<>();
        List<String> lossy = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String event =
                    "{\"id\":\"e-"
                            + i
                            + "\",\"kind\":\"click_scores\",\"placement\":\"feed\",\"unit\":\"u-"
                            + i
                            + "\",\"ts\":"
                            + (1764230400000L + i)
                            + ",\"candidates\":[{\"id\":\"a\",\"score\":1}]}";
            fair.add(event);
            if (!(experiment.assign("u-" + i).name().equals("b") && i % 5 == 0)) {
                lossy.add(event);
            }
        }
        JsonNode fairCheck = sampleRatio(config, fair, feedback, "fair");
        assertThat(fairCheck.get("experiment").asText()).isEqualTo("half");
        assertThat(
                        fairCheck.get("variants").get("a").get("decisions").asLong()
                                + fairCheck.get("variants").get("b").get("decisions").asLong())
                .isEqualTo(10_000);
        assertThat(fairCheck.get("mismatch").asBoolean()).isFalse();
        // Calibration per variant (sigmoid: one outcome per placed candidate, clicked or not).
        Map<String, Long> impressions = new HashMap<>();
        for (JsonNode r :
                CalibrationTable.records(
                        dir.resolve("fair").resolve(FileConnectors.CALIBRATION_DIR))) {
            assertThat(r.get("experiment").asText()).isEqualTo("half");
            impressions.merge(r.get("variant").asText(), r.get("impressions").asLong(), Long::sum);
        }
        assertThat(impressions)
                .containsEntry("a", fairCheck.get("variants").get("a").get("decisions").asLong())
                .containsEntry("b", fairCheck.get("variants").get("b").get("decisions").asLong());
        JsonNode lossyCheck = sampleRatio(config, lossy, feedback, "lossy");
        assertThat(lossyCheck.get("p_value").asDouble()).isLessThan(0.001);
        assertThat(lossyCheck.get("mismatch").asBoolean()).isTrue();
    }

    /** The one sample-ratio record of a file run over {@code events}. */
    private JsonNode sampleRatio(Path config, List<String> events, Path feedback, String name)
            throws Exception {
        Path input = dir.resolve(name + ".jsonl");
        Files.write(input, events);
        Path output = dir.resolve(name);
        RunSummary summary =
                BoundedRun.run(
                        JobOptions.parse(
                                new String[] {
                                    "--scoring-config", config.toString(),
                                    "--input", input.toString(),
                                    "--feedback", feedback.toString(),
                                    "--calibration-window", "1d",
                                    "--output", output.toString(),
                                    "--parallelism", "2"
                                }),
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        false);
        assertThat(summary.decisions()).isEqualTo(events.size());
        List<JsonNode> checks =
                CalibrationTable.records(output.resolve(FileConnectors.EVALUATION_DIR)).stream()
                        .filter(r -> r.has("check"))
                        .toList();
        assertThat(checks).hasSize(1);
        assertThat(EvaluationTable.render(output.resolve(FileConnectors.EVALUATION_DIR)))
                .contains("sample ratio feed/half");
        return checks.get(0);
    }
}
