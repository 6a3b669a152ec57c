package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.JobEnvironment;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.embedded.JobWatchdog;
import io.flinksoftmax.job.embedded.LocalCluster;
import io.flinksoftmax.job.options.JobOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment restarted on the same {@code --checkpoint-dir} with a changed graph (its control
 * input dropped): the restore is refused with one line that names {@code
 * --allow-non-restored-state} (not Flink's CLI flag, which the job's own resume does not read), and
 * with that option the job resumes and drops the orphaned state.
 */
@ExtendWith(KafkaBroker.class)
class GraphChangeRestoreITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir Path checkpoints;

    @Test
    void aDroppedInputIsRefusedNamingTheOptionThatDropsItsState(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics t = JobTopics.create(1);
        String policies = "policies-" + t.suffix();
        KafkaTopics.create(KafkaBroker.bootstrapServers(), 1, policies);
        String dir = checkpoints.toString();

        JobClient first =
                startAndAwaitACheckpoint(
                        cluster,
                        t.options(
                                "--policy-topic", policies,
                                "--checkpoint-dir", dir,
                                "--checkpoint-interval", "1s"));
        first.cancel().get();

        JobOptions withoutControl =
                t.options("--checkpoint-dir", dir, "--checkpoint-interval", "1s");
        JobClient second = start(withoutControl);
        JobWatchdog.Verdict verdict =
                JobWatchdog.watch(
                        second,
                        () -> LocalCluster.completedCheckpoints(cluster, second.getJobID()),
                        DEADLINE,
                        Duration.ofMillis(200),
                        null,
                        null);
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.reason())
                .startsWith("cannot resume: the checkpoint holds state of an operator")
                .contains("Start with --allow-non-restored-state")
                .doesNotContain("allowNonRestoredState")
                .doesNotContain("\n");

        JobClient third =
                startAndAwaitACheckpoint(
                        cluster,
                        t.options(
                                "--checkpoint-dir",
                                dir,
                                "--checkpoint-interval",
                                "1s",
                                "--allow-non-restored-state"));
        third.cancel().get();
    }

    private static JobClient start(JobOptions options) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.streamingConfiguration(options));
        ScoringJob.fromOptions(options, env);
        return env.executeAsync(options.name());
    }

    private static JobClient startAndAwaitACheckpoint(MiniCluster cluster, JobOptions options)
            throws Exception {
        JobClient job = start(options);
        Await.until(
                "a completed checkpoint", DEADLINE, () -> completedCheckpoints(cluster, job) > 0);
        return job;
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) {
        try {
            return LocalCluster.completedCheckpoints(cluster, job.getJobID());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
