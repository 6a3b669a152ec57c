package io.flinksoftmax.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.fixtures.EvaluationSamples;
import io.flinksoftmax.job.SampleFile;
import io.flinksoftmax.job.kafka.JobTopics;
import io.flinksoftmax.job.kafka.KafkaBroker;
import io.flinksoftmax.job.kafka.KafkaTopics;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard of the compose stack's {@code monitoring} profile, against the job it
 * watches: a real Prometheus (Debian's {@code prometheus}; skipped with a message where it is not
 * installed, and {@code .ci/run} installs it) scrapes a real standalone cluster running the cluster
 * jar on Kafka, with feedback, shadows and an experiment; then every panel's PromQL expression,
 * taken from the dashboard JSON as Grafana would send it, must return series.
 */
@ExtendWith(KafkaBroker.class)
class DashboardITCase {

    static final Path DASHBOARD =
            Path.of("../config/monitoring/grafana/dashboards/flink-softmax.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shipped policies, and the feed exploring with a shadow and an experiment. */
    private static final String CONFIG =
            String.join(
                    "\n",
                    "policies:",
                    "  default: {slots: 3}",
                    "  home_top: {slots: 2, rank_by: expected_value, min_probability: 0.05}",
                    "  sidebar: {mode: sigmoid, slots: 3, rank_by: expected_value}",
                    "  feed:",
                    "    slots: 2",
                    "    exploration: boltzmann",
                    "    seed: 7",
                    "    shadows:",
                    "      greedy: {exploration: none}",
                    "    experiment:",
                    "      key: feed-temperature",
                    "      variants:",
                    "        control: {weight: 0.5}",
                    "        warm: {weight: 0.5, temperature: 2.0}",
                    "");

    @TempDir Path dir;

    @Test
    void everyPanelsQueryReturnsSeriesFromARunningJob() throws Exception {
        var binary = Prometheus.binary();
        Assumptions.assumeTrue(
                binary.isPresent(),
                "DashboardITCase needs Prometheus: apt-get install prometheus (.ci/run does)");
        Map<String, String> queries = queries(JSON.readTree(DASHBOARD.toFile()));
        assertThat(queries).as("panel queries").isNotEmpty();

        Path config = dir.resolve("scoring.yaml");
        Files.writeString(config, CONFIG);
        String bootstrap = KafkaBroker.bootstrapServers();
        JobTopics t = JobTopics.create(2);
        String feedbackTopic = "feedback-" + t.suffix();
        String calibrationTopic = "calibration-" + t.suffix();
        String evaluationTopic = "evaluation-" + t.suffix();
        KafkaTopics.create(bootstrap, 2, feedbackTopic);
        KafkaTopics.create(bootstrap, 1, calibrationTopic, evaluationTopic);
        List<String> events = EvaluationSamples.events(2_000);
        List<String> feedback =
                EvaluationSamples.feedback(events, ScoringConfigReader.read(config));
        // The samples too: other placements, class logits, and every kind of dead letter.
        List<String> samples =
                SampleFile.textRecords().stream()
                        .filter(l -> l.getBytes(StandardCharsets.UTF_8).length < 1_000_000)
                        .toList();

        try (FlinkCluster cluster = FlinkCluster.start();
                Prometheus prometheus =
                        Prometheus.start(binary.get(), cluster.prometheusTargets())) {
            String jarId = cluster.upload(Path.of("target/flink-softmax-cluster.jar"));
            List<String> args = new ArrayList<>(t.args());
            args.set(args.indexOf("--scoring-config") + 1, config.toString());
            args.addAll(
                    List.of(
                            "--checkpoint-interval", "1s",
                            "--parallelism", "2",
                            "--feedback-topic", feedbackTopic,
                            "--calibration-topic", calibrationTopic,
                            "--evaluation-topic", evaluationTopic,
                            "--attribution-window", "1min",
                            "--calibration-window", "2min",
                            "--idleness", "10min"));
            String jobId = cluster.run(jarId, args);
            try {
                KafkaTopics.produceLines(bootstrap, t.input(), samples);
                KafkaTopics.produceRoundRobin(bootstrap, t.input(), events, 2);
                KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, feedback, 2);
                Map<String, String> empty = new LinkedHashMap<>(queries);
                long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                while (!empty.isEmpty() && System.nanoTime() < deadline) {
                    for (var it = empty.entrySet().iterator(); it.hasNext(); ) {
                        var q = it.next();
                        if (prometheus.query(q.getValue()).size() > 0) {
                            it.remove();
                        }
                    }
                    Thread.sleep(2_000);
                }
                if (!empty.isEmpty()) {
                    System.out.println("dashboard: metric names " + prometheus.names());
                }
                assertThat(empty)
                        .as(
                                "panels whose query returned no series (targets: %s)",
                                prometheus.targets())
                        .isEmpty();
            } finally {
                cluster.cancel(jobId);
            }
        }
    }

    /**
     * Every target's expression by "panel title / refId", with Grafana's interval variables
     * replaced as Grafana replaces them before it sends the query.
     */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            panel.path("panels").forEach(panels::add); // a collapsed row's panels
            for (JsonNode target : panel.path("targets")) {
                String expr =
                        target.get("expr")
                                .asText()
                                .replace("$__rate_interval", "1m")
                                .replace("$__interval", "15s");
                queries.put(
                        panel.get("title").asText() + " / " + target.get("refId").asText(), expr);
            }
        }
        return queries;
    }
}
