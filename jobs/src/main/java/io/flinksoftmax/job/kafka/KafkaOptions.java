package io.flinksoftmax.job.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * How the job talks to Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param inputTopic the topic of score events
 * @param outputTopic the topic decisions go to, keyed by event id
 * @param deadLetterTopic the topic dead letters go to, keyed by event id where known
 * @param groupId the consumer group, whose offsets are committed on checkpoints
 * @param startingOffsets where to start without a checkpoint
 * @param deliveryGuarantee {@code EXACTLY_ONCE} (Kafka transactions, committed on checkpoints) or
 *     {@code AT_LEAST_ONCE}
 * @param transactionalIdPrefix stable and unique per job: transactions of a restarted job are found
 *     and aborted by it
 * @param partitionDiscoveryInterval how often the source looks for new input partitions
 * @param clientProperties passed to every Kafka client the job creates (security settings and the
 *     like); they override the job's own defaults
 */
@Internal
public record KafkaOptions(
        String bootstrapServers,
        String inputTopic,
        String outputTopic,
        String deadLetterTopic,
        String groupId,
        StartingOffsets startingOffsets,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration partitionDiscoveryInterval,
        Map<String, String> clientProperties) {

    public KafkaOptions {
        clientProperties = Map.copyOf(clientProperties);
    }
}
