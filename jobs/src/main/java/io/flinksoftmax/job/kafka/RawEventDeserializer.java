package io.flinksoftmax.job.kafka;

import io.flinksoftmax.deadletter.SourcePosition;
import io.flinksoftmax.operator.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into a {@link RawEvent}: the value's bytes as they are (parsing, and any
 * error, happens in the parse operator, so that a bad record becomes a dead letter instead of
 * failing the source) and the record's topic, partition and offset. A record without a value (a
 * tombstone) becomes an empty payload, hence a dead letter.
 */
public final class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(
                new RawEvent(
                        value,
                        value.length,
                        new SourcePosition(record.topic(), record.partition(), record.offset())));
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return ScoringTypes.RAW_EVENT;
    }
}
