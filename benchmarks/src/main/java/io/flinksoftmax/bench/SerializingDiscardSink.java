package io.flinksoftmax.bench;

import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Serializes every element, as a real sink must, and drops the bytes: the pipeline's cost without
 * the cost of a destination. Tells the {@link SinkClock} of its first record and of its input's end
 * (nothing per record, so it costs every variant the same).
 */
final class SerializingDiscardSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<Function<T, byte[]>> serializer;

    SerializingDiscardSink(SerializableSupplier<Function<T, byte[]>> serializer) {
        this.serializer = serializer;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Function<T, byte[]> toBytes = serializer.get();
        return new SinkWriter<>() {
            private boolean started;

            @Override
            public void write(T element, Context context) {
                if (!started) {
                    SinkClock.firstRecord();
                    started = true;
                }
                // Serializing writes into the serializer's buffer: the JIT cannot drop it.
                toBytes.apply(element);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    SinkClock.inputEnded();
                }
            }

            @Override
            public void close() {}
        };
    }
}
