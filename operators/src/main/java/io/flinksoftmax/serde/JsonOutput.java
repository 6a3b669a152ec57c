package io.flinksoftmax.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reusable JSON writer into a byte array: one generator setup shared by the decision and
 * dead-letter serializers. Not thread safe (it reuses its buffer).
 */
final class JsonOutput {

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // Shortest round-tripping form (Schubfach), and faster than Double.toString.
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build();

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(1024);

    /** Something that writes one JSON value. */
    interface Body<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    <T> byte[] write(T value, Body<T> body) {
        buffer.reset();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            body.write(g, value);
        } catch (IOException e) {
            // Writing to memory cannot fail; this is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** A number field; JSON has no NaN or Infinity, so non-finite values are written as null. */
    static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeNullField(name);
        }
    }

    static void nullableString(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    static void nullableLong(JsonGenerator g, String name, Long value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, value);
        }
    }
}
