package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.operator.ScoringMetrics;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real job graph, real file source and sinks, on a MiniCluster. */
class ScoringJobITCase {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .build());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ScoringConfig CONFIG =
            ScoringConfigReader.read(Path.of("../config/scoring.yaml"));

    @TempDir Path dir;

    @Test
    void scoresKnownEventsAndRoutesEveryBadRecordToTheDeadLetters() throws Exception {
        List<String> lines = new ArrayList<>();
        // A poison pill first: it must not stop what follows.
        lines.add("{\"id\":\"bad-0\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":");
        lines.add(
                "{\"id\":\"req-1\",\"kind\":\"click_scores\",\"placement\":\"home_top\",\"model\":\"ctr-v12\","
                        + "\"ts\":1764230400000,\"candidates\":[{\"id\":\"ad-1\",\"score\":2.0,\"bid\":0.8},"
                        + "{\"id\":\"ad-2\",\"score\":1.0,\"bid\":2.5},{\"id\":\"ad-3\",\"score\":0.1,\"bid\":1.0},"
                        + "{\"id\":\"ad-4\",\"score\":3.2,\"bid\":1.0,\"eligible\":false}]}");
        lines.add(
                "{\"id\":\"img-7\",\"kind\":\"class_logits\",\"model\":\"mnist-cnn\","
                        + "\"logits\":[-2.3,1.1,0.4,8.7,-5.2,3.3,-1.0,0.0,2.5,-0.7],"
                        + "\"labels\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"],\"label\":\"3\"}");
        lines.add("{\"id\":\"bad-1\",\"kind\":\"class_logits\",\"logits\":[1,NaN]}");
        lines.add(
                "{\"id\":\"bad-2\",\"kind\":\"click_scores\",\"placement\":\"footer\","
                        + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}");
        lines.add("");
        lines.add(
                "{\"id\":\"bad-3\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":1}],"
                        + "\"pad\":\""
                        + "x".repeat(2 << 20)
                        + "\"}");
        for (int i = 0; i < 500; i++) {
            lines.add(
                    "{\"id\":\"gen-"
                            + i
                            + "\",\"kind\":\"click_scores\",\"placement\":\"feed\","
                            + "\"candidates\":[{\"id\":\"a\",\"score\":"
                            + (i % 7)
                            + "},"
                            + "{\"id\":\"b\",\"score\":"
                            + (i % 5)
                            + "},{\"id\":\"c\",\"score\":1.5}]}");
        }
        Path input = dir.resolve("events.jsonl");
        Files.write(input, lines);
        Path output = dir.resolve("out");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(2);
        // Object reuse stays off here: records are copied between operators with our serializers,
        // as in a user's job that does not enable it.
        fileJob(env, input, output);
        JobExecutionResult result = env.execute("scoring-itcase");

        Map<String, JsonNode> decisions = readById(output.resolve(FileConnectors.DECISIONS_DIR));
        Map<String, JsonNode> deadLetters =
                readById(output.resolve(FileConnectors.DEAD_LETTERS_DIR));

        JsonNode request = decisions.get("req-1");
        assertThat(request.get("placed").toString()).isEqualTo("[\"ad-2\",\"ad-1\"]");
        // The default, compact, output: ids in decision order with aligned probabilities.
        assertThat(request.get("ranked").get(0).asText()).isEqualTo("ad-2");
        assertThat(request.get("probabilities").get(0).asDouble()).isCloseTo(0.24243, within(5e-6));
        assertThat(request.get("confidence").get("entropy").asDouble())
                .isCloseTo(0.84674, within(5e-6));
        JsonNode item = decisions.get("img-7");
        assertThat(item.get("predicted").asText()).isEqualTo("3");
        assertThat(item.get("top_k").get(0).get("probability").asDouble())
                .isCloseTo(0.99243, within(5e-6));
        assertThat(decisions.get("gen-6").get("placed").get(0).asText()).isEqualTo("a");

        assertThat(deadLetters.get("bad-0").get("reason").asText()).isEqualTo("malformed_json");
        assertThat(deadLetters.get("bad-1").get("reason").asText()).isEqualTo("non_finite_score");
        assertThat(deadLetters.get("bad-2").get("reason").asText()).isEqualTo("unknown_placement");
        assertThat(deadLetters.get("bad-3").get("reason").asText()).isEqualTo("payload_too_large");
        assertThat(deadLetters.get("bad-3").get("payload_truncated").asBoolean()).isTrue();

        // Records in (the blank line is not a record) = decisions + dead letters.
        int records = lines.size() - 1;
        assertThat(decisions).hasSize(502);
        assertThat(deadLetters).hasSize(4);
        assertThat(decisions.size() + deadLetters.size()).isEqualTo(records);
        RunSummary summary =
                RunSummary.fromAccumulators(
                        result.getAllAccumulatorResults(), java.time.Duration.ZERO);
        assertThat(summary.recordsIn()).isEqualTo(records);
        assertThat(summary.decisions()).isEqualTo(502);
        assertThat(summary.deadLettersByReason())
                .containsEntry("malformed_json", 1L)
                .containsEntry("payload_too_large", 1L);
        assertThat(summary.balanced()).isTrue();

        assertThat(sumCounters(result, ScoringMetrics.DEAD_LETTERS)).isEqualTo(4);
        assertThat(sumCounters(result, ScoringMetrics.DECISIONS_PREFIX + "click_scores"))
                .isEqualTo(501);
        assertThat(sumCounters(result, ScoringMetrics.CANDIDATES_PLACED)).isEqualTo(2 + 3 * 500);
    }

    @Test
    void readsAnExplicitlyNamedFileWhateverItsName() throws Exception {
        Path input =
                Files.writeString(
                        dir.resolve("_events.jsonl"),
                        "{\"id\":\"u-1\",\"kind\":\"class_logits\",\"logits\":[1,2]}\n");
        Path output = dir.resolve("out-hidden");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        fileJob(env, input, output);
        env.execute("hidden-name");
        assertThat(readById(output.resolve(FileConnectors.DECISIONS_DIR))).containsOnlyKeys("u-1");
    }

    /** The scoring graph from the file {@code input} to the folder {@code output}. */
    private static void fileJob(StreamExecutionEnvironment env, Path input, Path output) {
        ScoringJob.builder(env)
                .source(FileConnectors.jsonLines(input, CONFIG.limits().maxPayloadBytes()))
                .decisions(FileConnectors.decisions(output))
                .deadLetters(FileConnectors.deadLetters(output))
                .config(CONFIG)
                .build();
    }

    /** Sums a counter of this job over subtasks (and reasons) from the reported metrics. */
    private static long sumCounters(JobExecutionResult result, String name) {
        String jobId = result.getJobID().toString();
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            if (group.getValue().get(name) instanceof Counter counter) {
                sum += counter.getCount();
            }
        }
        return sum;
    }

    private static Map<String, JsonNode> readById(Path folder) throws IOException {
        Map<String, JsonNode> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode node = MAPPER.readTree(line);
                    String id = node.get("id").isNull() ? "<no id>" : node.get("id").asText();
                    assertThat(byId.put(id, node)).as("one output per id: %s", id).isNull();
                }
            }
        }
        return byId;
    }
}
