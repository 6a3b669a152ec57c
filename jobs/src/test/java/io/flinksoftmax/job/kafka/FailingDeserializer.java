package io.flinksoftmax.job.kafka;

import io.flinksoftmax.event.RawEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's deserializer, plus one injected failure: once armed, it throws after a given number of
 * further records, which fails the source task and makes Flink restore the job from its last
 * checkpoint. State is static because the MiniCluster runs in the test's JVM and the deserializer
 * is re-created on restore.
 */
final class FailingDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;

    static final AtomicInteger COUNTDOWN = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();

    private final RawEventDeserializer delegate = new RawEventDeserializer();

    /** Fail once, after {@code records} more records. */
    static void arm(int records) {
        FAILURES.set(0);
        COUNTDOWN.set(records);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out)
            throws IOException {
        if (COUNTDOWN.get() > 0 && COUNTDOWN.decrementAndGet() == 0) {
            FAILURES.incrementAndGet();
            throw new IOException("injected failure for the recovery test");
        }
        delegate.deserialize(record, out);
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return delegate.getProducedType();
    }
}
