package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job against a real Kafka broker: exactly-once end to end, and across a failure. */
@ExtendWith(KafkaBroker.class)
class KafkaScoringITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @Test
    void scoresTenThousandEventsExactlyOnceAndDeadLettersTheBadOnes(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics t = JobTopics.create(2);
        List<SampleEvents.TestEvent> events = SampleEvents.mixed("e2e", 10_000, 42L);
        Map<String, RecordMetadata> offsets =
                KafkaTopics.produce(KafkaBroker.bootstrapServers(), t.input(), events);
        // No control input here: its unbounded topic would keep this bounded job from finishing.
        JobOptions options =
                t.options(
                        "--delivery-guarantee",
                        "exactly-once",
                        "--checkpoint-interval",
                        "500ms",
                        "--parallelism",
                        "2");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // No restarts: a record that fails a task (a poison pill) fails the test at once,
        // instead of restarting and replaying it forever.
        env.configure(noRestarts());
        // Bounded at the offsets present now: the job ends once it has read all 10,000 events,
        // taking a final checkpoint that commits the last transactions.
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setBounded(OffsetsInitializer.latest())
                        .build());
        JobID jobId = env.execute("kafka-e2e").getJobID();
        assertThat(cluster.getArchivedExecutionGraph(jobId).get().getState())
                .isEqualTo(JobStatus.FINISHED);

        Expected expected = Expected.of(options, events);
        Map<String, Integer> seen = assertDecisionsMatch(t, expected);
        assertThat(seen.keySet()).isEqualTo(expected.decisions.keySet());
        assertThat(seen.values()).containsOnly(1);
        assertDeadLetters(t, events, offsets);
    }

    @Test
    void recoversFromAFailureWithEveryDecisionExactlyOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Result result = runThroughAFailure(cluster, "exactly-once");
        assertThat(result.seen.keySet()).isEqualTo(result.expected.decisions.keySet());
        assertThat(result.seen.values()).as("read_committed count per id").containsOnly(1);
    }

    @Test
    void atLeastOnceLosesNothingAcrossAFailure(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        Result result = runThroughAFailure(cluster, "at-least-once");
        assertThat(result.seen.keySet()).isEqualTo(result.expected.decisions.keySet());
        long duplicates = result.seen.values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf(
                "at-least-once across a failure: %d ids, %d duplicate decisions%n",
                result.seen.size(), duplicates);
    }

    /**
     * Runs the streaming job, waits for completed checkpoints, arms a failure that strikes in the
     * middle of the second batch of events (transactions open), and waits until every valid id has
     * a committed decision.
     */
    private Result runThroughAFailure(MiniCluster cluster, String guarantee) throws Exception {
        JobTopics t = JobTopics.create(2);
        JobOptions options = options(t, guarantee);
        List<SampleEvents.TestEvent> first = SampleEvents.mixed(guarantee + "-a", 4_000, 7L);
        List<SampleEvents.TestEvent> second = SampleEvents.mixed(guarantee + "-b", 4_000, 8L);
        String bootstrap = KafkaBroker.bootstrapServers();
        KafkaTopics.produce(bootstrap, t.input(), first);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setDeserializer(new FailingDeserializer())
                        .build());
        JobClient job = env.executeAsync("kafka-failure-" + guarantee);
        JobID jobId = job.getJobID();
        try {
            awaitTrue(
                    "two completed checkpoints",
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= 2);
            FailingDeserializer.arm(1_500);
            KafkaTopics.produce(bootstrap, t.input(), second);

            Expected expected = Expected.of(options, concat(first, second));
            awaitTrue(
                    "a committed decision for every valid id",
                    () ->
                            KafkaTopics.committedCountsByKey(
                                            KafkaBroker.bootstrapServers(), t.output())
                                    .keySet()
                                    .containsAll(expected.decisions.keySet()));
            assertThat(FailingDeserializer.FAILURES.get()).as("injected failures").isEqualTo(1);
            assertThat(maxAttemptNumber(cluster, jobId))
                    .as("task attempt after restart")
                    .isPositive();
            job.cancel().get();
            awaitTrue("the job to stop", () -> isTerminal(job));
            return new Result(expected, assertDecisionsMatch(t, expected));
        } finally {
            if (!isTerminal(job)) {
                job.cancel().get();
            }
        }
    }

    /** Compares every committed decision with the one the library computes; counts per id. */
    private static Map<String, Integer> assertDecisionsMatch(JobTopics t, Expected expected)
            throws IOException {
        Map<String, Integer> seen = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.output())) {
            String id = KafkaTopics.key(record);
            JsonNode actual = withoutScoredTs(MAPPER.readTree(record.value()));
            assertThat(actual).as("decision for %s", id).isEqualTo(expected.decisions.get(id));
            seen.merge(id, 1, Integer::sum);
        }
        return seen;
    }

    private static void assertDeadLetters(
            JobTopics t, List<SampleEvents.TestEvent> events, Map<String, RecordMetadata> offsets)
            throws IOException {
        Map<String, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.deadLetters())) {
            assertThat(letters.put(KafkaTopics.key(record), record)).isNull();
        }
        long bad = events.stream().filter(e -> !e.valid()).count();
        assertThat(bad).isGreaterThan(300);
        assertThat(letters).hasSize((int) bad);
        for (SampleEvents.TestEvent event : events) {
            if (event.valid()) {
                continue;
            }
            ConsumerRecord<byte[], byte[]> record = letters.get(event.id());
            assertThat(record).as("dead letter for %s", event.id()).isNotNull();
            JsonNode letter = MAPPER.readTree(record.value());
            RecordMetadata where = offsets.get(event.id());
            assertThat(letter.get("reason").asText()).isEqualTo(event.expectedReason());
            assertThat(letter.get("source").get("topic").asText()).isEqualTo(t.input());
            assertThat(letter.get("source").get("partition").asInt()).isEqualTo(where.partition());
            assertThat(letter.get("source").get("offset").asLong()).isEqualTo(where.offset());
            assertThat(KafkaTopics.header(record, DeadLetterRecordSerializer.HEADER_REASON))
                    .isEqualTo(event.expectedReason());
            assertThat(KafkaTopics.header(record, DeadLetterRecordSerializer.HEADER_SOURCE_OFFSET))
                    .isEqualTo(Long.toString(where.offset()));
        }
    }

    private static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        return conf;
    }

    private static int maxAttemptNumber(MiniCluster cluster, JobID jobId) throws Exception {
        int max = 0;
        for (AccessExecutionVertex vertex :
                cluster.getExecutionGraph(jobId).get().getAllExecutionVertices()) {
            max = Math.max(max, vertex.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return max;
    }

    private static boolean isTerminal(JobClient job) {
        try {
            JobStatus status = job.getJobStatus().get();
            return status.isGloballyTerminalState();
        } catch (Exception e) {
            return true;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, DEADLINE, condition);
    }

    private static JsonNode withoutScoredTs(JsonNode decision) {
        ((ObjectNode) decision).remove("scored_ts");
        return decision;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Result(Expected expected, Map<String, Integer> seen) {}

    /** The decision the library makes for each valid event, without its scoring time. */
    private record Expected(Map<String, JsonNode> decisions) {
        static Expected of(JobOptions options, List<SampleEvents.TestEvent> events)
                throws IOException {
            EventParser parser = new EventParser(options.scoring());
            Scorer scorer = new Scorer(options.scoring());
            DecisionJson json = new DecisionJson();
            Map<String, JsonNode> decisions = new HashMap<>();
            for (SampleEvents.TestEvent event : events) {
                byte[] bytes = event.json().getBytes(StandardCharsets.UTF_8);
                ParseResult result = parser.parse(bytes, bytes.length, bytes.length);
                assertThat(result instanceof ParseResult.Accepted)
                        .as("%s is valid", event.id())
                        .isEqualTo(event.valid());
                if (result instanceof ParseResult.Accepted accepted) {
                    decisions.put(
                            event.id(),
                            withoutScoredTs(
                                    MAPPER.readTree(
                                            json.toJson(scorer.score(accepted.event(), 0L)))));
                }
            }
            return new Expected(decisions);
        }
    }

    /**
     * The job's options for these topics, with a control input connected (an empty policy topic):
     * the guarantees must hold for the graph with the broadcast scoring operator, which is the one
     * a deployment with runtime policies runs.
     */
    private static JobOptions options(JobTopics t, String guarantee) throws Exception {
        String policies = "policies-" + t.suffix();
        KafkaTopics.create(KafkaBroker.bootstrapServers(), 1, policies);
        return t.options(
                "--delivery-guarantee",
                guarantee,
                "--checkpoint-interval",
                "500ms",
                "--parallelism",
                "2",
                "--policy-topic",
                policies);
    }
}
