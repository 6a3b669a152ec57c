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
import io.flinksoftmax.policy.PolicyDocuments;
import io.flinksoftmax.policy.ScoringConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control topic updated while the job runs, on a real broker: decisions carry the old version
 * until the update, the new one (and its behaviour) after it; an invalid document is a dead letter
 * and changes nothing. Also measures how long an update takes to show in the decisions.
 */
@ExtendWith(KafkaBroker.class)
class KafkaPolicyUpdatesITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(3);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    /** Version 3: the default policy places one candidate at temperature 4. */
    private static final String V3 =
            "{\"version\":3,\"policies\":{\"default\":{\"slots\":1,\"temperature\":4.0}}}";

    @Test
    void anUpdateOnTheControlTopicReachesTheRunningJob() throws Exception {
        JobTopics t = JobTopics.create(2);
        String policies = "policies-" + t.suffix();
        String bootstrap = KafkaBroker.bootstrapServers();
        KafkaTopics.create(bootstrap, 1, policies);
        JobOptions options = options(t, policies, "at-least-once", "1s");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(options, env);
        JobClient job = env.executeAsync("kafka-policy-updates");
        try {
            KafkaTopics.produceLines(bootstrap, t.input(), events("before", 20));
            Await.until("the first decisions", DEADLINE, () -> decisions(t, "before").size() == 20);
            assertThat(decisions(t, "before").values())
                    .allSatisfy(d -> assertThat(d.get("policy_version").asLong()).isZero())
                    .allSatisfy(d -> assertThat(d.get("placed")).hasSize(3));

            // Probes every 50 ms while the update is sent, until 20 in a row carry version 3.
            Probes probes = new Probes(bootstrap, t.input());
            Await.until(
                    "probes decided under version 0",
                    DEADLINE,
                    () -> decisions(t, "probe").size() >= 3);
            long sent = System.currentTimeMillis();
            KafkaTopics.produceLines(bootstrap, policies, List.of(V3));
            Await.until(
                    "20 probes in a row with version 3",
                    DEADLINE,
                    () -> lastProbesAllAtVersion(t, probes.sent(), 20, 3));
            probes.stop();
            Map<String, JsonNode> seen = decisions(t, "probe");
            long lastOld =
                    seen.values().stream()
                            .filter(d -> d.get("policy_version").asLong() == 0)
                            .mapToLong(d -> d.get("scored_ts").asLong())
                            .max()
                            .orElse(sent);
            long firstNew =
                    seen.values().stream()
                            .filter(d -> d.get("policy_version").asLong() == 3)
                            .mapToLong(d -> d.get("scored_ts").asLong())
                            .min()
                            .orElseThrow();
            System.out.printf(
                    "policy update: last decision with version 0 scored %d ms, first with version"
                            + " 3 %d ms after the update was acknowledged by the broker%n",
                    lastOld - sent, firstNew - sent);
            assertThat(firstNew - sent).as("ms until the update is in force").isLessThan(5_000);

            KafkaTopics.produceLines(
                    bootstrap,
                    policies,
                    List.of("{\"version\":4,\"policies\":{\"default\":{\"slots\":-1}}}"));
            Await.until(
                    "the invalid document's dead letter",
                    DEADLINE,
                    () -> reasons(t).contains("invalid_policy"));
            KafkaTopics.produceLines(bootstrap, t.input(), events("after", 20));
            Await.until("the last decisions", DEADLINE, () -> decisions(t, "after").size() == 20);
            assertThat(decisions(t, "after").values())
                    .allSatisfy(d -> assertThat(d.get("policy_version").asLong()).isEqualTo(3))
                    .allSatisfy(d -> assertThat(d.get("placed")).hasSize(1))
                    .allSatisfy(d -> assertThat(d.get("temperature").asDouble()).isEqualTo(4.0));
            assertThat(reasons(t)).containsExactly("invalid_policy");
        } finally {
            job.cancel().get();
        }
    }

    /**
     * Exactly-once across a failure, with an update applied before it: the job restarts from a
     * checkpoint taken after the update, and every decision of the events after the failure is
     * committed once and carries the new version, as the library computes it under that version.
     * Were the broadcast state lost, the restored policy source (its offset past the document)
     * would leave version 0 in force.
     */
    @Test
    void aRestoreFromACheckpointTakenAfterAnUpdateKeepsTheNewVersion(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics t = JobTopics.create(2);
        String policies = "policies-" + t.suffix();
        String bootstrap = KafkaBroker.bootstrapServers();
        KafkaTopics.create(bootstrap, 1, policies);
        JobOptions options = options(t, policies, "exactly-once", "500ms");
        List<SampleEvents.TestEvent> first = SampleEvents.mixed("restore-a", 2_000, 17L);
        List<SampleEvents.TestEvent> second = SampleEvents.mixed("restore-b", 2_000, 18L);
        KafkaTopics.produce(bootstrap, t.input(), first);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setDeserializer(new FailingDeserializer())
                        .build());
        JobClient job = env.executeAsync("kafka-policy-restore");
        JobID jobId = job.getJobID();
        try {
            Await.until(
                    "two checkpoints",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= 2);
            KafkaTopics.produceLines(bootstrap, policies, List.of(V5));
            KafkaTopics.produceLines(bootstrap, t.input(), events("marker", 10));
            Await.until(
                    "a committed decision with version 5",
                    DEADLINE,
                    () ->
                            decisions(t, "marker").values().stream()
                                    .anyMatch(d -> d.get("policy_version").asLong() == 5));
            long after = KafkaTopics.completedCheckpoints(cluster, jobId);
            Await.until(
                    "two checkpoints after the update",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= after + 2);

            FailingDeserializer.arm(700);
            KafkaTopics.produce(bootstrap, t.input(), second);
            ScoringConfig v5 =
                    ((PolicyDocuments.Valid)
                                    PolicyDocuments.read(
                                            V5.getBytes(StandardCharsets.UTF_8),
                                            V5.length(),
                                            options.scoring()))
                            .config();
            Map<String, JsonNode> expected = expected(v5, second);
            Await.until(
                    "a committed decision for every valid id after the failure",
                    DEADLINE,
                    () -> decisions(t, "restore-b").keySet().containsAll(expected.keySet()));
            assertThat(FailingDeserializer.FAILURES.get()).as("injected failures").isEqualTo(1);

            Map<String, Integer> counts = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record :
                    KafkaTopics.readCommitted(bootstrap, t.output())) {
                String id = KafkaTopics.key(record);
                if (id.startsWith("restore-b-")) {
                    counts.merge(id, 1, Integer::sum);
                    JsonNode actual = json(record.value());
                    ((ObjectNode) actual).remove("scored_ts");
                    assertThat(actual).as("decision for %s", id).isEqualTo(expected.get(id));
                }
            }
            assertThat(counts)
                    .hasSize(expected.size())
                    .allSatisfy((id, n) -> assertThat(n).isOne());
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The policies of config/scoring.yaml, version 5, with one slot by default and home_top at T =
     * 2.
     */
    private static final String V5 =
            "{\"version\":5,\"policies\":{"
                    + "\"default\":{\"slots\":1,\"top_k\":5},"
                    + "\"home_top\":{\"temperature\":2.0,\"slots\":2,\"rank_by\":\"expected_value\",\"min_probability\":0.05},"
                    + "\"feed\":{\"temperature\":2.0,\"slots\":5,\"min_probability\":0.01},"
                    + "\"sidebar\":{\"mode\":\"sigmoid\",\"slots\":3,\"rank_by\":\"expected_value\",\"min_probability\":0.02,\"top_k\":3}}}";

    private static Map<String, JsonNode> expected(
            ScoringConfig config, List<SampleEvents.TestEvent> events) {
        EventParser parser = new EventParser(config);
        Scorer scorer = new Scorer(config);
        DecisionJson encoder = new DecisionJson(config.output());
        Map<String, JsonNode> out = new HashMap<>();
        for (SampleEvents.TestEvent event : events) {
            byte[] bytes = event.json().getBytes(StandardCharsets.UTF_8);
            if (parser.parse(bytes, bytes.length, bytes.length)
                    instanceof ParseResult.Accepted accepted) {
                JsonNode decision = json(encoder.toJson(scorer.score(accepted.event(), 0L)));
                ((ObjectNode) decision).remove("scored_ts");
                out.put(event.id(), decision);
            }
        }
        assertThat(out).hasSizeGreaterThan(events.size() / 2);
        return out;
    }

    private static JobOptions options(
            JobTopics t, String policies, String guarantee, String checkpointInterval) {
        return t.options(
                "--delivery-guarantee",
                guarantee,
                "--checkpoint-interval",
                checkpointInterval,
                "--parallelism",
                "2",
                "--policy-topic",
                policies);
    }

    /** A probe event every 50 ms, ids probe-0, probe-1, ..., until stopped. */
    private static final class Probes {
        private final java.util.concurrent.atomic.AtomicInteger sent =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean running =
                new java.util.concurrent.atomic.AtomicBoolean(true);
        private final Thread thread;

        Probes(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            thread =
                    new Thread(
                            () -> {
                                try (KafkaProducer<String, String> producer =
                                        new KafkaProducer<>(p)) {
                                    while (running.get()) {
                                        String id = "probe-" + sent.get();
                                        // Keyed by id: probes reach both partitions, so both
                                        // scoring subtasks.
                                        producer.send(new ProducerRecord<>(topic, id, event(id)))
                                                .get();
                                        sent.incrementAndGet();
                                        Thread.sleep(50);
                                    }
                                } catch (Exception e) {
                                    running.set(false);
                                }
                            },
                            "probes");
            thread.start();
        }

        int sent() {
            return sent.get();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** Whether the last {@code n} probes sent have decisions, all with {@code version}. */
    private static boolean lastProbesAllAtVersion(JobTopics t, int sent, int n, long version) {
        if (sent < n) {
            return false;
        }
        Map<String, JsonNode> seen = decisions(t, "probe");
        for (int i = sent - n; i < sent; i++) {
            JsonNode d = seen.get("probe-" + i);
            if (d == null || d.get("policy_version").asLong() != version) {
                return false;
            }
        }
        return true;
    }

    private static List<String> events(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(event(prefix + "-" + i));
        }
        return lines;
    }

    private static String event(String id) {
        return "{\"id\":\""
                + id
                + "\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":2},"
                + "{\"id\":\"b\",\"score\":1},{\"id\":\"c\",\"score\":0.5}]}";
    }

    /** Decisions whose id starts with {@code prefix}-, by id. */
    private static Map<String, JsonNode> decisions(JobTopics t, String prefix) {
        Map<String, JsonNode> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.output())) {
            String id = KafkaTopics.key(record);
            if (id.startsWith(prefix + "-")) {
                out.put(id, json(record.value()));
            }
        }
        return out;
    }

    private static List<String> reasons(JobTopics t) {
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.deadLetters())) {
            reasons.add(json(record.value()).get("reason").asText());
        }
        return reasons;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
