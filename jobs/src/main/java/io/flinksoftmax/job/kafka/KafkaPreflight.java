package io.flinksoftmax.job.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the brokers, before the job starts, what would otherwise fail it later or lose output
 * silently, and refuses to start with a message that says what to change:
 *
 * <ul>
 *   <li>exactly-once: the sink's {@code transaction.timeout.ms} must be within the broker's {@code
 *       transaction.max.timeout.ms} (else every transaction is refused);
 *   <li>the input, output and dead-letter topics must exist (a missing output topic would block the
 *       sink for a minute at the first record, then fail and restart the job forever);
 *   <li>the output topics must accept the largest record the job writes ({@code max.message.bytes}
 *       of each topic).
 * </ul>
 *
 * <pre>{@code
 * KafkaPreflight.check(options.kafka(), config.limits().maxOutputBytes(), Duration.ofSeconds(30));
 * }</pre>
 */
@Internal
public final class KafkaPreflight {

    private KafkaPreflight() {}

    /**
     * @throws IllegalArgumentException when a setting or a topic would fail the job; also when the
     *     brokers do not answer within {@code timeout}
     */
    public static void check(KafkaOptions options, int maxOutputBytes, Duration timeout) {
        check(options, maxOutputBytes, timeout, new String[0]);
    }

    /**
     * {@link #check(KafkaOptions, int, Duration)}, and more topics must exist too (the control
     * input, feedback, calibration): the connectors would otherwise fail the job at start, and its
     * restarts, with a metadata error.
     *
     * @param moreTopics topics the job also reads or writes; {@code null} entries are skipped
     */
    public static void check(
            KafkaOptions options, int maxOutputBytes, Duration timeout, String... moreTopics) {
        Properties properties = new Properties();
        properties.putAll(options.clientProperties());
        properties.setProperty(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        properties.setProperty(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        properties.setProperty(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(properties)) {
            long deadline = timeout.toMillis();
            if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
                checkTransactionTimeout(admin, options, deadline);
            }
            checkTopics(admin, options, maxOutputBytes, deadline, moreTopics);
        } catch (TimeoutException e) {
            throw unreachable(options, timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(options, timeout);
            }
            throw new IllegalArgumentException(
                    "cannot check the Kafka brokers at "
                            + options.bootstrapServers()
                            + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Kafka brokers", e);
        }
    }

    private static void checkTransactionTimeout(Admin admin, KafkaOptions options, long deadline)
            throws ExecutionException, InterruptedException, TimeoutException {
        Collection<Node> nodes =
                admin.describeCluster().nodes().get(deadline, TimeUnit.MILLISECONDS);
        long transactionTimeout =
                DeliveryChecks.transactionTimeout(options.clientProperties()).toMillis();
        for (Node node : nodes) {
            ConfigResource broker =
                    new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node.id()));
            Config config =
                    admin.describeConfigs(List.of(broker))
                            .all()
                            .get(deadline, TimeUnit.MILLISECONDS)
                            .get(broker);
            ConfigEntry max = config.get("transaction.max.timeout.ms");
            if (max != null && max.value() != null) {
                long allowed = Long.parseLong(max.value());
                if (transactionTimeout > allowed) {
                    throw new IllegalArgumentException(
                            "exactly-once: the sink's transaction.timeout.ms ("
                                    + transactionTimeout
                                    + ") is above broker "
                                    + node.id()
                                    + "'s transaction.max.timeout.ms ("
                                    + allowed
                                    + "): every transaction would be refused. Lower"
                                    + " --kafka.transaction.timeout.ms or raise the broker's"
                                    + " limit");
                }
            }
        }
    }

    private static void checkTopics(
            Admin admin,
            KafkaOptions options,
            int maxOutputBytes,
            long deadline,
            String... moreTopics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> topics =
                new ArrayList<>(
                        List.of(
                                options.inputTopic(),
                                options.outputTopic(),
                                options.deadLetterTopic()));
        for (String topic : moreTopics) {
            if (topic != null) {
                topics.add(topic);
            }
        }
        Set<String> existing = admin.listTopics().names().get(deadline, TimeUnit.MILLISECONDS);
        List<String> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                missing.add(topic);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "Kafka topic(s) "
                            + String.join(", ", missing)
                            + " do not exist on "
                            + options.bootstrapServers()
                            + ": create them first (scripts/kafka-broker.sh create-topics for the"
                            + " local broker), or point --input-topic, --output-topic,"
                            + " --dead-letter-topic (and --policy-topic, --feedback-topic,"
                            + " --calibration-topic) at existing ones");
        }
        List<ConfigResource> outputs =
                List.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, options.outputTopic()),
                        new ConfigResource(ConfigResource.Type.TOPIC, options.deadLetterTopic()));
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(outputs).all().get(deadline, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return; // deleted in between: the sink will say so
            }
            throw e;
        }
        for (ConfigResource topic : outputs) {
            ConfigEntry max = configs.get(topic).get("max.message.bytes");
            if (max == null || max.value() == null) {
                continue;
            }
            long allowed = Long.parseLong(max.value());
            // The dead-letter topic only needs room for a dead letter, which is far smaller.
            long needed =
                    topic.name().equals(options.outputTopic())
                            ? maxOutputBytes + (long) DeliveryChecks.RECORD_OVERHEAD_BYTES
                            : io.flinksoftmax.policy.Limits.MIN_OUTPUT_BYTES;
            if (allowed < needed) {
                throw new IllegalArgumentException(
                        "topic "
                                + topic.name()
                                + " accepts records up to max.message.bytes = "
                                + allowed
                                + " bytes, but the job may write "
                                + needed
                                + ": raise the topic's max.message.bytes or lower"
                                + " limits.max_output_bytes");
            }
        }
    }

    private static IllegalArgumentException unreachable(KafkaOptions options, Duration timeout) {
        return new IllegalArgumentException(
                "no Kafka broker answered at --bootstrap-servers "
                        + options.bootstrapServers()
                        + " within "
                        + TimeUtils.formatWithHighestUnit(timeout)
                        + ": start the broker (scripts/kafka-broker.sh start) or fix the address");
    }
}
