package io.flinksoftmax.job.kafka;

import io.flinksoftmax.pipeline.EncodedDecision;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A decision (or a calibration record) as a Kafka record: key = event id (or {@code
 * model/placement}), value = the JSON, both already encoded (and bounded) by the operator before,
 * so this cannot fail on a record.
 *
 * <p>The record's timestamp is left to the producer (the time it is written), never the element's
 * event time: a decision about an event from last month, timestamped last month, lands in a segment
 * that the topic's time retention (7 days by default) deletes at its next check, committed or not.
 * Event time is in the value ({@code event_ts}, {@code window_start}).
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
        return new ProducerRecord<>(topic, null, null, decision.key(), decision.json());
    }
}
