package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.options.ScoringJobOptions;
import io.flinksoftmax.policy.Limits;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The start-up checks against a real broker: each refusal names what to change. */
@ExtendWith(KafkaBroker.class)
class KafkaPreflightITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT = Limits.DEFAULT_MAX_OUTPUT_BYTES;

    @Test
    void passesWhenTopicsExistAndTheTimeoutsFit() throws Exception {
        KafkaOptions options = options(createTopics(), DeliveryGuarantee.EXACTLY_ONCE, Map.of());
        assertThatCode(() -> KafkaPreflight.check(options, MAX_OUTPUT, TIMEOUT))
                .doesNotThrowAnyException();
    }

    /** The test broker auto-creates topics; the check refuses a missing one all the same. */
    @Test
    void refusesMissingTopicsNamingThem() throws Exception {
        String suffix = createTopics();
        KafkaOptions options =
                new KafkaOptions(
                        KafkaBroker.bootstrapServers(),
                        "scores-" + suffix,
                        "decisions-" + suffix,
                        "nowhere-" + suffix, // the dead-letter topic
                        "g",
                        StartingOffsets.EARLIEST,
                        DeliveryGuarantee.AT_LEAST_ONCE,
                        "p",
                        ScoringJobOptions.PARTITION_DISCOVERY_INTERVAL.defaultValue(),
                        Map.of());
        assertThatThrownBy(() -> KafkaPreflight.check(options, MAX_OUTPUT, TIMEOUT))
                .hasMessageContaining("topic(s) nowhere-" + suffix + " do not exist")
                .hasMessageContaining("create-topics");
    }

    @Test
    void refusesAMissingPolicyTopicNamingIt() throws Exception {
        String suffix = createTopics();
        KafkaOptions options = options(suffix, DeliveryGuarantee.AT_LEAST_ONCE, Map.of());
        assertThatThrownBy(
                        () ->
                                KafkaPreflight.check(
                                        options, MAX_OUTPUT, TIMEOUT, "no-policies-" + suffix))
                .hasMessageContaining("topic(s) no-policies-" + suffix + " do not exist")
                .hasMessageContaining("--policy-topic");
        KafkaTopics.create(KafkaBroker.bootstrapServers(), 1, "policies-" + suffix);
        assertThatCode(
                        () ->
                                KafkaPreflight.check(
                                        options, MAX_OUTPUT, TIMEOUT, "policies-" + suffix))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesATransactionTimeoutTheBrokerWouldRefuse() throws Exception {
        KafkaOptions options =
                options(
                        createTopics(),
                        DeliveryGuarantee.EXACTLY_ONCE,
                        Map.of("transaction.timeout.ms", "1200000"));
        assertThatThrownBy(() -> KafkaPreflight.check(options, MAX_OUTPUT, TIMEOUT))
                .hasMessageContaining("transaction.timeout.ms (1200000)")
                .hasMessageContaining("transaction.max.timeout.ms (900000)");
        // At-least-once opens no transactions: the same setting is no problem there.
        assertThatCode(
                        () ->
                                KafkaPreflight.check(
                                        options(
                                                createTopics(),
                                                DeliveryGuarantee.AT_LEAST_ONCE,
                                                Map.of("transaction.timeout.ms", "1200000")),
                                        MAX_OUTPUT,
                                        TIMEOUT))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnOutputTopicTooSmallForTheLargestDecision() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("scores-" + suffix, 1, (short) 1),
                                    new NewTopic("decisions-" + suffix, 1, (short) 1)
                                            .configs(Map.of("max.message.bytes", "100000")),
                                    new NewTopic("dead-letters-" + suffix, 1, (short) 1)))
                    .all()
                    .get();
        }
        KafkaOptions options = options(suffix, DeliveryGuarantee.AT_LEAST_ONCE, Map.of());
        assertThatThrownBy(() -> KafkaPreflight.check(options, MAX_OUTPUT, TIMEOUT))
                .hasMessageContaining("topic decisions-" + suffix)
                .hasMessageContaining("max.message.bytes = 100000");
    }

    @Test
    void saysSoWhenNoBrokerAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KafkaOptions options =
                new KafkaOptions(
                        "127.0.0.1:" + port,
                        "a",
                        "b",
                        "c",
                        "g",
                        StartingOffsets.EARLIEST,
                        DeliveryGuarantee.EXACTLY_ONCE,
                        "p",
                        ScoringJobOptions.PARTITION_DISCOVERY_INTERVAL.defaultValue(),
                        Map.of());
        assertThatThrownBy(() -> KafkaPreflight.check(options, MAX_OUTPUT, Duration.ofSeconds(3)))
                .hasMessageContaining(
                        "no Kafka broker answered at --bootstrap-servers 127.0.0.1:" + port)
                .hasMessageContaining("within 3 s");
    }

    private static String createTopics() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        KafkaTopics.create(
                KafkaBroker.bootstrapServers(),
                1,
                "scores-" + suffix,
                "decisions-" + suffix,
                "dead-letters-" + suffix);
        return suffix;
    }

    private static KafkaOptions options(
            String suffix, DeliveryGuarantee guarantee, Map<String, String> properties) {
        return new KafkaOptions(
                KafkaBroker.bootstrapServers(),
                "scores-" + suffix,
                "decisions-" + suffix,
                "dead-letters-" + suffix,
                "g-" + suffix,
                StartingOffsets.EARLIEST,
                guarantee,
                "p-" + suffix,
                ScoringJobOptions.PARTITION_DISCOVERY_INTERVAL.defaultValue(),
                properties);
    }

    private static Admin admin() {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        return Admin.create(p);
    }
}
