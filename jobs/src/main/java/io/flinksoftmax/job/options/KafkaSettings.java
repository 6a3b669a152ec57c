package io.flinksoftmax.job.options;

import static io.flinksoftmax.job.options.ScoringJobOptions.BOOTSTRAP_SERVERS;
import static io.flinksoftmax.job.options.ScoringJobOptions.DEAD_LETTER_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.DELIVERY_GUARANTEE;
import static io.flinksoftmax.job.options.ScoringJobOptions.GROUP_ID;
import static io.flinksoftmax.job.options.ScoringJobOptions.INPUT_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.KAFKA_PREFIX;
import static io.flinksoftmax.job.options.ScoringJobOptions.NAME;
import static io.flinksoftmax.job.options.ScoringJobOptions.OUTPUT_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.PARTITION_DISCOVERY_INTERVAL;
import static io.flinksoftmax.job.options.ScoringJobOptions.STARTING_OFFSETS;
import static io.flinksoftmax.job.options.ScoringJobOptions.TRANSACTIONAL_ID_PREFIX;

import io.flinksoftmax.job.kafka.DeliveryChecks;
import io.flinksoftmax.job.kafka.KafkaOptions;
import io.flinksoftmax.policy.ScoringConfig;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The Kafka part of the options: read into {@link KafkaOptions}, with the deployment-derived
 * defaults (group id, transactional-id prefix), and checked against the settings that would fail
 * the job or lose output later.
 */
final class KafkaSettings {

    private KafkaSettings() {}

    /**
     * Kafka settings that would fail the job or lose output later: checked now, with the numbers.
     */
    static void check(
            Endpoint source,
            Endpoint sink,
            KafkaOptions kafka,
            ScoringConfig scoring,
            Duration checkpointInterval,
            Duration checkpointTimeout) {
        if (sink != Endpoint.KAFKA) {
            return;
        }
        // With a file source the job is a bounded batch job: no checkpoints, no transactions
        // held open between them.
        if (source == Endpoint.KAFKA) {
            DeliveryChecks.checkTransactionTiming(
                    kafka.deliveryGuarantee(),
                    checkpointInterval,
                    checkpointTimeout,
                    DeliveryChecks.transactionTimeout(kafka.clientProperties()));
        }
        DeliveryChecks.checkRequestSize(
                scoring.limits().maxOutputBytes(), kafka.clientProperties());
    }

    static KafkaOptions read(OptionReader values) {
        // The deployment's name is its default group: two names, two groups.
        String groupId = values.optional(GROUP_ID).orElse(values.get(NAME));
        String inputTopic = values.get(INPUT_TOPIC);
        String outputTopic = values.get(OUTPUT_TOPIC);
        String deadLetterTopic = values.get(DEAD_LETTER_TOPIC);
        KafkaOptions kafka =
                new KafkaOptions(
                        values.get(BOOTSTRAP_SERVERS),
                        inputTopic,
                        outputTopic,
                        deadLetterTopic,
                        groupId,
                        values.get(STARTING_OFFSETS),
                        values.get(DELIVERY_GUARANTEE),
                        values.optional(TRANSACTIONAL_ID_PREFIX)
                                .orElse(
                                        defaultTransactionalIdPrefix(
                                                groupId, inputTopic, outputTopic, deadLetterTopic)),
                        values.get(PARTITION_DISCOVERY_INTERVAL),
                        values.withPrefix(KAFKA_PREFIX));
        if (kafka.deliveryGuarantee() == DeliveryGuarantee.NONE) {
            throw new IllegalArgumentException(
                    "--delivery-guarantee must be exactly-once or at-least-once, got 'none'");
        }
        if (kafka.outputTopic().equals(kafka.inputTopic())
                || kafka.deadLetterTopic().equals(kafka.inputTopic())) {
            throw new IllegalArgumentException(
                    "--output-topic and --dead-letter-topic must differ from --input-topic ("
                            + kafka.inputTopic()
                            + "): the job would read its own results");
        }
        if (kafka.outputTopic().equals(kafka.deadLetterTopic())) {
            throw new IllegalArgumentException(
                    "--output-topic and --dead-letter-topic must differ, both are "
                            + kafka.outputTopic());
        }
        return kafka;
    }

    /**
     * The transactional-id prefix when none is given: the deployment's identity, so that two jobs
     * that read or write different topics, or consume as different groups, never fence each other,
     * while a second copy of the same job (same group, same topics) is fenced, as it must be.
     * Stable across restarts: a restarted job finds and aborts its own open transactions.
     */
    static String defaultTransactionalIdPrefix(
            String groupId, String inputTopic, String outputTopic, String deadLetterTopic) {
        return String.join("/", groupId, inputTopic, outputTopic, deadLetterTopic);
    }
}
