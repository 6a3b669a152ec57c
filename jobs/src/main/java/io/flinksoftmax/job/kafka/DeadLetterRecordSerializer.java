package io.flinksoftmax.job.kafka;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.event.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead letter as a Kafka record: key = event id (none when it could not be read), value = the
 * dead letter's JSON, and headers {@code reason}, {@code source.topic}, {@code source.partition},
 * {@code source.offset}, so that tools can route and replay it without parsing the value.
 */
@Internal
public final class DeadLetterRecordSerializer
        implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String HEADER_REASON = "reason";
    public static final String HEADER_SOURCE_TOPIC = "source.topic";
    public static final String HEADER_SOURCE_PARTITION = "source.partition";
    public static final String HEADER_SOURCE_OFFSET = "source.offset";

    private final String topic;
    private transient DeadLetterJson json;

    public DeadLetterRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sink) {
        json = new DeadLetterJson();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_REASON, utf8(letter.reason().code()));
        SourcePosition source = letter.source();
        if (source != null) {
            headers.add(HEADER_SOURCE_TOPIC, utf8(source.topic()));
            headers.add(HEADER_SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
            headers.add(HEADER_SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        }
        byte[] key = letter.id() == null ? null : utf8(letter.id());
        // Timestamped when written, not by event time: see DecisionRecordSerializer.
        return new ProducerRecord<>(topic, null, null, key, json.toJson(letter), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
