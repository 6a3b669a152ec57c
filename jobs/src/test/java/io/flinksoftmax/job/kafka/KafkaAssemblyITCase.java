package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.CandidateRequests;
import io.flinksoftmax.job.RunSummary;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.options.JobOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-candidate records on a real broker: a request's candidates spread over two partitions and
 * shuffled, decided bit for bit as the whole request, exactly once in the committed output, also
 * when a task fails in the middle of assembly and the job restores from its checkpoint.
 */
@ExtendWith(KafkaBroker.class)
class KafkaAssemblyITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @Test
    void candidatesFromTwoPartitionsAreDecidedAsTheWholeRequestsAndTheEndDecidesTheRest()
            throws Exception {
        JobTopics t = JobTopics.create(2);
        // A long timeout: the 20 requests short of a candidate are decided by the end of the
        // (bounded) input, which Flink's pending timers would not do.
        JobOptions options =
                t.options(
                        "--checkpoint-interval",
                        "500ms",
                        "--parallelism",
                        "2",
                        "--assembly-timeout",
                        "10min",
                        "--assembly-memory",
                        "10min");
        CandidateRequests requests =
                CandidateRequests.generate("kafka", 300, 20, 21L, options.scoring());
        KafkaTopics.produceRoundRobin(
                KafkaBroker.bootstrapServers(), t.input(), requests.lines(), 2);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        env.configure(noRestarts);
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setBounded(OffsetsInitializer.latest())
                        .build());
        JobExecutionResult result = env.execute("kafka-assembly");

        RunSummary summary =
                RunSummary.fromAccumulators(result.getAllAccumulatorResults(), Duration.ZERO);
        assertThat(summary.recordsIn()).isEqualTo(requests.candidates());
        assertThat(summary.assembly().decided()).isEqualTo(requests.candidates());
        assertThat(summary.assembly().partial()).isEqualTo(20);
        assertThat(summary.balanced()).isTrue();
        assertThat(committedOnceEach(t, requests)).isEqualTo(requests.wholeDecisions().keySet());
        assertThat(KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.deadLetters()))
                .isEmpty();
    }

    @Test
    void aFailureInTheMiddleOfAssemblyDecidesEveryRequestExactlyOnce(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics t = JobTopics.create(2);
        JobOptions options =
                t.options(
                        "--delivery-guarantee",
                        "exactly-once",
                        "--checkpoint-interval",
                        "500ms",
                        "--parallelism",
                        "2",
                        "--assembly-timeout",
                        "10min",
                        "--assembly-memory",
                        "10min");
        CandidateRequests requests =
                CandidateRequests.generate("restore", 600, 0, 22L, options.scoring());
        List<String> lines = requests.lines();
        List<String> first = new ArrayList<>(lines.subList(0, lines.size() / 2));
        List<String> second = new ArrayList<>(lines.subList(lines.size() / 2, lines.size()));
        String bootstrap = KafkaBroker.bootstrapServers();
        KafkaTopics.produceRoundRobin(bootstrap, t.input(), first, 2);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setDeserializer(new FailingDeserializer())
                        .build());
        JobClient job = env.executeAsync("kafka-assembly-failure");
        JobID jobId = job.getJobID();
        try {
            Await.until(
                    "two completed checkpoints",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= 2);
            // Half the requests have candidates in the assembler's checkpointed state now.
            FailingDeserializer.arm(second.size() / 3);
            KafkaTopics.produceRoundRobin(bootstrap, t.input(), second, 2);
            Await.until(
                    "a committed decision for every request",
                    DEADLINE,
                    () ->
                            KafkaTopics.committedCountsByKey(bootstrap, t.output())
                                    .keySet()
                                    .containsAll(requests.wholeDecisions().keySet()));
            assertThat(FailingDeserializer.FAILURES.get()).as("injected failures").isEqualTo(1);
            job.cancel().get();
            Await.until("the job to stop", DEADLINE, () -> isTerminal(job));
        } finally {
            if (!isTerminal(job)) {
                job.cancel().get();
            }
        }
        assertThat(committedOnceEach(t, requests)).isEqualTo(requests.wholeDecisions().keySet());
        assertThat(KafkaTopics.readCommitted(bootstrap, t.deadLetters())).isEmpty();
    }

    /** Checks every committed decision and that none is there twice; returns the request ids. */
    private static java.util.Set<String> committedOnceEach(JobTopics t, CandidateRequests requests)
            throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.output())) {
            requests.assertMatches(record.value());
            seen.merge(KafkaTopics.key(record), 1, Integer::sum);
        }
        assertThat(seen.values()).as("committed decisions per request").containsOnly(1);
        return seen.keySet();
    }

    private static boolean isTerminal(JobClient job) {
        try {
            JobStatus status = job.getJobStatus().get();
            return status.isGloballyTerminalState();
        } catch (Exception e) {
            return true;
        }
    }
}
