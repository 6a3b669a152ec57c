package io.flinksoftmax.job.kafka;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.operator.types.ScoringTypes;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a Kafka record into a {@link RawEvent}: the value's bytes as they are (parsing, and any
 * error, happens in the parse operator, so that a bad record becomes a dead letter instead of
 * failing the source) and the record's topic, partition and offset. A record without a value (a
 * tombstone) becomes {@link RawEvent#tombstone}, a dead letter that says so.
 */
@Internal
public final class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        SourcePosition source =
                new SourcePosition(record.topic(), record.partition(), record.offset());
        byte[] value = record.value();
        out.collect(
                value == null
                        ? RawEvent.tombstone(source)
                        : new RawEvent(value, value.length, source));
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return ScoringTypes.RAW_EVENT;
    }
}
