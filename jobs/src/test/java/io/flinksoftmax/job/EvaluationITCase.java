package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.fixtures.EvaluationSamples;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.policy.Shadow;
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
 * Shadow policies and off-policy evaluation in file runs on a MiniCluster (DESIGN §13): events
 * decided by an exploring policy, clicks drawn from known rates ({@link EvaluationSamples}); the
 * evaluation records' intervals hold each policy's true top-slot click-through, and shadows never
 * change a decision.
 */
class EvaluationITCase {

    private static final Path CONFIG = Path.of("../config/samples/evaluation.yaml");

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    @TempDir Path dir;

    /**
     * 20,000 decisions (200 minutes of events) in one day-long window: a record per target, every
     * interval holds its target's truth and is at most 0.05 wide each side, and the colder and
     * hotter shadows are told apart.
     */
    @Test
    void twentyThousandDecisionsEstimateEveryTargetWithinItsInterval() throws Exception {
        List<String> events = EvaluationSamples.events(20_000);
        Path input = dir.resolve("events.jsonl");
        Path feedback = dir.resolve("feedback.jsonl");
        Files.write(input, events);
        Files.write(feedback, EvaluationSamples.feedback(events, ScoringConfigReader.read(CONFIG)));
        Path output = dir.resolve("out");
        RunSummary summary = run(CONFIG, input, feedback, output);
        assertThat(summary.balanced()).isTrue();

        ScoringPolicy feed = ScoringConfigReader.read(CONFIG).policyFor("feed");
        Map<String, Double> truth = new HashMap<>();
        truth.put(Shadow.LOGGING, EvaluationSamples.truth(feed));
        feed.shadows().forEach(s -> truth.put(s.name(), EvaluationSamples.truth(s.policy())));

        Map<String, JsonNode> records = new HashMap<>();
        for (JsonNode r : CalibrationTable.records(output.resolve(FileConnectors.EVALUATION_DIR))) {
            assertThat(r.path("late").asBoolean()).isFalse();
            assertThat(r.get("placement").asText()).isEqualTo("feed");
            assertThat(records.put(r.get("target").asText(), r)).as("one record each").isNull();
        }
        assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
        for (var e : truth.entrySet()) {
            JsonNode r = records.get(e.getKey());
            assertThat(r.get("n").asLong()).isEqualTo(20_000);
            assertThat(r.get("reward").asText()).isEqualTo("click");
            assertThat(e.getValue())
                    .as(e.getKey() + " truth in " + r)
                    .isBetween(r.get("ci_low").asDouble(), r.get("ci_high").asDouble());
            assertThat(r.get("ci_high").asDouble() - r.get("ci_low").asDouble())
                    .as(e.getKey() + " width")
                    .isLessThanOrEqualTo(0.10);
            assertThat(r.get("ranking").get("n").asLong()).isEqualTo(20_000);
        }
        assertThat(records.get(Shadow.LOGGING).get("ess").asDouble()).isEqualTo(20_000.0);
        assertThat(records.get("colder").get("ci_low").asDouble())
                .isGreaterThan(records.get("hotter").get("ci_high").asDouble());
        String table = EvaluationTable.render(output.resolve(FileConnectors.EVALUATION_DIR));
        assertThat(table).contains("4 records").contains("colder").contains("logging");
    }

    /** The same events and clicks with and without the shadows: the same decisions, bit for bit. */
    @Test
    void shadowsNeverChangeADecision() throws Exception {
        Path input = Path.of("../config/samples/evaluation-events.jsonl");
        Path feedback = Path.of("../config/samples/evaluation-feedback.jsonl");
        String yaml = Files.readString(CONFIG);
        Path without = dir.resolve("no-shadows.yaml");
        Files.writeString(without, yaml.substring(0, yaml.indexOf("    shadows:")));
        ScoringConfig plain = ScoringConfigReader.read(without);
        assertThat(plain.policyFor("feed").shadows()).isEmpty();

        run(CONFIG, input, feedback, dir.resolve("with"));
        run(without, input, feedback, dir.resolve("without"));
        List<String> with = decisions(dir.resolve("with"));
        assertThat(with).hasSize(2_000).isEqualTo(decisions(dir.resolve("without")));
        assertThat(
                        CalibrationTable.records(
                                dir.resolve("without").resolve(FileConnectors.EVALUATION_DIR)))
                .extracting(r -> r.get("target").asText())
                .containsOnly(Shadow.LOGGING);
    }

    /** Decisions without their scoring time, sorted. */
    private static List<String> decisions(Path output) throws Exception {
        List<String> all = new ArrayList<>();
        for (JsonNode d : CalibrationTable.records(output.resolve(FileConnectors.DECISIONS_DIR))) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("scored_ts");
            all.add(d.toString());
        }
        all.sort(null);
        return all;
    }

    private static RunSummary run(Path config, Path input, Path feedback, Path output)
            throws Exception {
        return BoundedRun.run(
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
    }
}
