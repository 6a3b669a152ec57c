package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.JobEnvironment;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.embedded.JobWatchdog;
import io.flinksoftmax.job.embedded.LocalCluster;
import io.flinksoftmax.job.options.JobOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An embedded Kafka job left alone: it ends (non-zero, within a bounded time) when it cannot
 * recover, so a supervisor can restart it, and it picks up new input partitions while running.
 */
@ExtendWith(KafkaBroker.class)
class EmbeddedSupervisionITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void exitsNonZeroSoonAfterItsTaskManagerIsLost(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobClient job = startAndAwaitACheckpoint(cluster, JobTopics.create(2));
        try {
            cluster.terminateTaskManager(0).get();
            long start = System.nanoTime();
            JobWatchdog.Verdict verdict =
                    JobWatchdog.watch(
                            job,
                            () -> LocalCluster.completedCheckpoints(cluster, job.getJobID()),
                            RECOVERY_TIMEOUT,
                            Duration.ofMillis(200),
                            null,
                            null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(verdict.exitCode()).isEqualTo(1);
            assertThat(verdict.reason()).contains("no checkpoint completed for");
            assertThat(took).isLessThan(RECOVERY_TIMEOUT.plusSeconds(20));
        } finally {
            cluster.startTaskManager();
            job.cancel();
        }
    }

    @Test
    void exitsNonZeroWhenItsJobFailsForGood(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobTopics t = JobTopics.create(1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        env.configure(noRestarts);
        JobOptions options = options(t);
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setDeserializer(new FailingDeserializer())
                        .build());
        FailingDeserializer.arm(3);
        KafkaTopics.produce(
                KafkaBroker.bootstrapServers(),
                t.input(),
                SampleEvents.mixed("fail-" + t.suffix(), 10, 3L));
        JobClient job = env.executeAsync("supervision-failed");
        JobWatchdog.Verdict verdict =
                JobWatchdog.watch(
                        job,
                        () -> LocalCluster.completedCheckpoints(cluster, job.getJobID()),
                        Duration.ofMinutes(1),
                        Duration.ofMillis(200),
                        null,
                        null);
        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.reason())
                .startsWith("the job is FAILED")
                .contains("injected failure for the recovery test");
    }

    /**
     * What {@code java -jar} runs: the job on this process's own MiniCluster ({@link
     * LocalCluster}), whose checkpoint statistics the watchdog reads. They count, and the watchdog
     * stays quiet while they do.
     */
    @Test
    void aLocalClusterCountsItsJobsCheckpoints() throws Exception {
        JobOptions options = options(JobTopics.create(1));
        LocalCluster local = new LocalCluster(JobEnvironment.streamingConfiguration(options));
        StreamExecutionEnvironment env = local.environment();
        ScoringJob.fromOptions(options, env);
        JobClient job = env.executeAsync("local-cluster");
        try {
            awaitTrue("three completed checkpoints", () -> count(local, job) >= 3);
        } finally {
            job.cancel().get();
        }
    }

    private static long count(LocalCluster local, JobClient job) {
        try {
            return local.completedCheckpoints(job.getJobID());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void scoresANewInputPartitionWithinTheDiscoveryInterval(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobTopics t = JobTopics.create(1);
        JobClient job = startAndAwaitACheckpoint(cluster, t);
        try {
            String bootstrap = KafkaBroker.bootstrapServers();
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin client = Admin.create(admin)) {
                client.createPartitions(Map.of(t.input(), NewPartitions.increaseTo(2))).all().get();
            }
            List<String> ids = new ArrayList<>();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 20; i++) {
                    String id = "p1-" + i;
                    ids.add(id);
                    String json =
                            "{\"id\":\"" + id + "\",\"kind\":\"class_logits\",\"logits\":[1,2,3]}";
                    producer.send(
                                    new ProducerRecord<>(
                                            t.input(),
                                            1, // the new partition
                                            id.getBytes(StandardCharsets.UTF_8),
                                            json.getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
            }
            long produced = System.nanoTime();
            awaitTrue(
                    "decisions for the new partition's records",
                    () ->
                            KafkaTopics.committedCountsByKey(bootstrap, t.output())
                                    .keySet()
                                    .containsAll(Set.copyOf(ids)));
            // Discovery every second, a checkpoint every second to commit: well within 30 s.
            assertThat(Duration.ofNanos(System.nanoTime() - produced))
                    .isLessThan(Duration.ofSeconds(30));
        } finally {
            job.cancel().get();
        }
    }

    /** Short intervals: a checkpoint every 500 ms, partitions looked for every second. */
    private static JobOptions options(JobTopics t) {
        return t.options(
                "--checkpoint-interval", "500ms",
                "--checkpoint-timeout", "2s",
                "--recovery-timeout", RECOVERY_TIMEOUT.toSeconds() + "s",
                "--partition-discovery-interval", "1s",
                "--parallelism", "1");
    }

    /** Starts the production job graph on these topics; returns once it has checkpointed. */
    private static JobClient startAndAwaitACheckpoint(MiniCluster cluster, JobTopics t)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobOptions options = options(t);
        ScoringJob.fromOptions(options, env, KafkaConnectors.source(options.kafka()).build());
        JobClient job = env.executeAsync("supervision-" + t.suffix());
        awaitTrue(
                "a completed checkpoint",
                () -> {
                    try {
                        return LocalCluster.completedCheckpoints(cluster, job.getJobID()) > 0;
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
        return job;
    }

    private static void awaitTrue(String what, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }
}
