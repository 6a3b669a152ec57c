package io.flinksoftmax.job.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Start-time checks of the Kafka settings that can otherwise lose or block output without failing:
 * each throws {@link IllegalArgumentException} with the numbers and what to change.
 *
 * <p>Exactly-once commits a checkpoint's transactions only after the checkpoint completes. A
 * transaction that lives longer than {@code transaction.timeout.ms} is aborted by the broker, and
 * the Kafka committer then only logs a warning: the records are gone. A transaction lives about a
 * checkpoint interval plus the checkpoint's duration (at most the checkpoint timeout), and after a
 * failure also the time to restart; so interval + checkpoint timeout must stay within half the
 * transaction timeout, the other half being the room for recovery.
 */
@Internal
public final class DeliveryChecks {

    /**
     * Bytes a record needs beyond its key and value inside a producer request: batch and record
     * framing, timestamps, and the dead letters' four headers.
     */
    static final int RECORD_OVERHEAD_BYTES = 4096;

    /** Kafka's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    private DeliveryChecks() {}

    /** The sink's transaction timeout: {@code --kafka.transaction.timeout.ms}, or the job's. */
    public static Duration transactionTimeout(Map<String, String> clientProperties) {
        return Duration.ofMillis(
                longProperty(
                        clientProperties,
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        KafkaConnectors.TRANSACTION_TIMEOUT.toMillis()));
    }

    /**
     * Exactly-once only: {@code checkpointInterval + checkpointTimeout <= transactionTimeout / 2}.
     */
    public static void checkTransactionTiming(
            DeliveryGuarantee guarantee,
            Duration checkpointInterval,
            Duration checkpointTimeout,
            Duration transactionTimeout) {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            return;
        }
        Duration lifetime = checkpointInterval.plus(checkpointTimeout);
        if (lifetime.compareTo(transactionTimeout.dividedBy(2)) > 0) {
            throw new IllegalArgumentException(
                    "exactly-once: --checkpoint-interval ("
                            + TimeUtils.formatWithHighestUnit(checkpointInterval)
                            + ") + --checkpoint-timeout ("
                            + TimeUtils.formatWithHighestUnit(checkpointTimeout)
                            + ") = "
                            + TimeUtils.formatWithHighestUnit(lifetime)
                            + " must be at most half the sink's transaction.timeout.ms ("
                            + TimeUtils.formatWithHighestUnit(transactionTimeout)
                            + "), or the broker may abort transactions before they are committed"
                            + " and their records are lost. Lower the checkpoint settings, or"
                            + " raise --kafka.transaction.timeout.ms (at most the broker's"
                            + " transaction.max.timeout.ms, 15 min by default)");
        }
    }

    /**
     * The producer must accept the largest record the job writes: {@code limits.max_output_bytes}
     * plus {@link #RECORD_OVERHEAD_BYTES} within {@code max.request.size}.
     */
    public static void checkRequestSize(int maxOutputBytes, Map<String, String> clientProperties) {
        long maxRequest =
                longProperty(
                        clientProperties,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        DEFAULT_MAX_REQUEST_SIZE);
        if (maxOutputBytes + (long) RECORD_OVERHEAD_BYTES > maxRequest) {
            throw new IllegalArgumentException(
                    "limits.max_output_bytes ("
                            + maxOutputBytes
                            + ") + "
                            + RECORD_OVERHEAD_BYTES
                            + " bytes of record overhead exceeds the producer's max.request.size ("
                            + maxRequest
                            + "): a decision of that size would fail the sink. Lower"
                            + " limits.max_output_bytes or raise --kafka.max.request.size (and"
                            + " the topics' max.message.bytes)");
        }
    }

    static long longProperty(Map<String, String> properties, String name, long fallback) {
        String value = properties.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--kafka." + name + " must be a whole number > 0, got '" + value + "'");
    }
}
