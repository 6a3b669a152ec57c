package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.options.JobOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(3)
                            .build());

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
        JobOptions options =
                t.options(
                        "--delivery-guarantee",
                        "at-least-once",
                        "--checkpoint-interval",
                        "1s",
                        "--parallelism",
                        "2",
                        "--policy-topic",
                        policies);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(options, env);
        JobClient job = env.executeAsync("kafka-policy-updates");
        try {
            KafkaTopics.produceLines(bootstrap, t.input(), events("before", 20));
            Await.until("the first decisions", DEADLINE, () -> decisions(t, "before").size() == 20);
            assertThat(decisions(t, "before").values())
                    .allSatisfy(d -> assertThat(d.get("policy_version").asLong()).isZero())
                    .allSatisfy(d -> assertThat(d.get("placed")).hasSize(3));

            KafkaTopics.produceLines(bootstrap, policies, List.of(V3));
            long sent = System.nanoTime();
            // Probes until both subtasks (both partitions) score with version 3.
            int round = 0;
            long firstSeen = -1;
            while (true) {
                String prefix = "probe-" + round++;
                KafkaTopics.produceLines(bootstrap, t.input(), events(prefix, 10));
                Await.until("probe decisions", DEADLINE, () -> decisions(t, prefix).size() == 10);
                Map<String, JsonNode> probes = decisions(t, prefix);
                long v3 =
                        probes.values().stream()
                                .filter(d -> d.get("policy_version").asLong() == 3)
                                .count();
                if (v3 > 0 && firstSeen < 0) {
                    firstSeen = System.nanoTime();
                }
                if (v3 == probes.size()) {
                    break;
                }
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(DEADLINE);
                Thread.sleep(100);
            }
            System.out.printf(
                    "policy update: first decision with the new version %d ms after the update was"
                            + " acknowledged (probes every ~100 ms plus their round trip)%n",
                    (firstSeen - sent) / 1_000_000);

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

    private static List<String> events(String prefix, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(
                    "{\"id\":\""
                            + prefix
                            + "-"
                            + i
                            + "\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":2},"
                            + "{\"id\":\"b\",\"score\":1},{\"id\":\"c\",\"score\":0.5}]}");
        }
        return lines;
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
