package io.flinksoftmax.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.ProjectScripts;
import io.flinksoftmax.job.kafka.JobTopics;
import io.flinksoftmax.job.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's cluster commands, {@code scripts/flink-cluster.sh status|submit|jobs|cancel} and a
 * second {@code start}, on a real standalone cluster: a file job runs to the end, a Kafka job is
 * cancelled.
 */
@ExtendWith(KafkaBroker.class)
class ClusterScriptsITCase {

    @TempDir Path dir;

    @Test
    void submitsWatchesAndCancelsJobsWithTheScript() throws Exception {
        try (FlinkCluster cluster = FlinkCluster.start()) {
            String at = cluster.dir().toString();
            assertThat(script("status", "--dir", at))
                    .contains("jobmanager running")
                    .contains("REST API: http://127.0.0.1:");
            // A second start must not orphan the running processes.
            assertThatThrownBy(() -> script("start", "--dir", at))
                    .hasMessageContaining("already running");
            // A mistyped option is refused on the client, before anything is uploaded.
            assertThatThrownBy(() -> script("submit", "--dir", at, "--sourc", "kafka"))
                    .hasMessageContaining("flink-softmax: unknown option --sourc");
            assertThat(cluster.get("/jars").get("files")).as("uploaded jars").isEmpty();

            Path output = dir.resolve("out");
            String fileJob =
                    script(
                                    "submit",
                                    "--dir",
                                    at,
                                    "--scoring-config",
                                    Path.of("../config/scoring.yaml").toAbsolutePath().toString(),
                                    "--input",
                                    Path.of("../config/samples/events.jsonl")
                                            .toAbsolutePath()
                                            .toString(),
                                    "--output",
                                    output.toString())
                            .strip();
            assertThat(fileJob).matches("[0-9a-f]{32}");
            Await.until(
                    "the file job to finish",
                    FlinkCluster.timeout(),
                    () -> script("jobs", "--dir", at).contains(fileJob + " FINISHED"));
            try (var files = Files.list(output.resolve("decisions"))) {
                assertThat(files.count()).isPositive();
            }

            List<String> submit = new ArrayList<>(List.of("submit", "--dir", at));
            submit.addAll(JobTopics.create(1).args());
            String kafkaJob = script(submit.toArray(String[]::new)).strip();
            Await.until(
                    "the Kafka job to run",
                    FlinkCluster.timeout(),
                    () -> script("jobs", "--dir", at).contains(kafkaJob + " RUNNING"));
            assertThat(script("cancel", "--dir", at, kafkaJob)).contains("cancelling " + kafkaJob);
            Await.until(
                    "the Kafka job to be cancelled",
                    FlinkCluster.timeout(),
                    () -> script("jobs", "--dir", at).contains(kafkaJob + " CANCELED"));
        }
    }

    private static String script(String... args) {
        return ProjectScripts.run("flink-cluster.sh", args);
    }
}
