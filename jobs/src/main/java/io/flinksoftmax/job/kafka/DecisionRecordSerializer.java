package io.flinksoftmax.job.kafka;

import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.serde.DecisionJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A decision as a Kafka record: key = event id, value = the decision's JSON. */
public final class DecisionRecordSerializer implements KafkaRecordSerializationSchema<Decision> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient DecisionJson json;

    public DecisionRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sink) {
        json = new DecisionJson();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Decision decision, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                decision.id().getBytes(StandardCharsets.UTF_8),
                json.toJson(decision));
    }
}
