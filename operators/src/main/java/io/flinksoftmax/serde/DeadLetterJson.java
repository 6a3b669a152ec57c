package io.flinksoftmax.serde;

import static io.flinksoftmax.serde.JsonOutput.nullableString;

import com.fasterxml.jackson.core.JsonGenerator;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.SourcePosition;
import java.io.IOException;

/**
 * Writes a {@link DeadLetter} as one JSON object (DESIGN.md section 7):
 *
 * <pre>{@code
 * {"reason":"non_finite_score","message":"candidates[2].score must be a finite number",
 *  "id":"req-9","payload":"...","payload_bytes":812,"payload_truncated":false,
 *  "source":{"topic":"scores","partition":0,"offset":1234},"at":1764230400013}
 * }</pre>
 *
 * <p>Not thread safe: one per operator instance.
 */
public final class DeadLetterJson {

    private final JsonOutput out = new JsonOutput();

    /** The dead letter as UTF-8 JSON, without a trailing newline. */
    public byte[] toJson(DeadLetter deadLetter) {
        return out.write(deadLetter, DeadLetterJson::write);
    }

    private static void write(JsonGenerator g, DeadLetter d) throws IOException {
        g.writeStartObject();
        g.writeStringField("reason", d.reason().code());
        g.writeStringField("message", d.message());
        nullableString(g, "id", d.id());
        g.writeStringField("payload", d.payload());
        g.writeNumberField("payload_bytes", d.payloadBytes());
        g.writeBooleanField("payload_truncated", d.payloadTruncated());
        SourcePosition source = d.source();
        if (source == null) {
            g.writeNullField("source");
        } else {
            g.writeObjectFieldStart("source");
            g.writeStringField("topic", source.topic());
            g.writeNumberField("partition", source.partition());
            g.writeNumberField("offset", source.offset());
            g.writeEndObject();
        }
        g.writeNumberField("at", d.at());
        g.writeEndObject();
    }
}
