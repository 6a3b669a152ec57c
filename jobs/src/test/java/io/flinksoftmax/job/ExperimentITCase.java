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
}
