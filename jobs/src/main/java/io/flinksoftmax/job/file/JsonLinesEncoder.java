package io.flinksoftmax.job.file;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Writes each element as one line of JSON. The serializer is created on first use in each sink
 * subtask (serializers reuse buffers and are not shared across threads).
 */
@Internal
public final class JsonLinesEncoder<T> implements Encoder<T> {

    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<Function<T, byte[]>> serializerFactory;
    private transient Function<T, byte[]> serializer;

    private JsonLinesEncoder(SerializableSupplier<Function<T, byte[]>> serializerFactory) {
        this.serializerFactory = serializerFactory;
    }

    /**
     * Decisions as JSON lines (docs/events-and-decisions.md "Output: one decision per valid
     * event"), already encoded by the scoring operator.
     */
    public static JsonLinesEncoder<EncodedDecision> decisions() {
        return new JsonLinesEncoder<>(() -> EncodedDecision::json);
    }

    /** Dead letters as JSON lines (docs/events-and-decisions.md "Dead letters"). */
    public static JsonLinesEncoder<DeadLetter> deadLetters() {
        return new JsonLinesEncoder<>(() -> new DeadLetterJson()::toJson);
    }

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
        if (serializer == null) {
            serializer = serializerFactory.get();
        }
        stream.write(serializer.apply(element));
        stream.write('\n');
    }
}
