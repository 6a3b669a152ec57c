package io.flinksoftmax.job.kafka;

import io.flinksoftmax.pipeline.EncodedDecision;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A decision as a Kafka record: key = event id, value = the decision's JSON, both already encoded
 * (and bounded) by the scoring operator, so this cannot fail on a record.
 */
@Internal
public final class DecisionRecordSerializer
        implements KafkaRecordSerializationSchema<EncodedDecision> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DecisionRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            EncodedDecision decision, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, decision.key(), decision.json());
    }
}
