package io.flinksoftmax.encode;

import static io.flinksoftmax.encode.JsonBuffer.token;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.SourcePosition;
import org.apache.flink.annotation.Internal;

/**
 * Writes a {@link DeadLetter} as one JSON object (docs/events-and-decisions.md "Dead letters"):
 *
 * <pre>{@code
 * {"reason":"non_finite_score","message":"candidates[2].score must be a finite number",
 *  "id":"req-9","payload":"...","payload_bytes":812,"payload_truncated":false,
 *  "source":{"topic":"scores","partition":0,"offset":1234},"at":1764230400013}
 * }</pre>
 *
 * <p>Not thread safe: one per operator instance.
 */
@Internal
public final class DeadLetterJson {

    private static final byte[] REASON = token("{\"reason\":");
    private static final byte[] MESSAGE = token(",\"message\":");
    private static final byte[] ID = token(",\"id\":");
    private static final byte[] PAYLOAD = token(",\"payload\":");
    private static final byte[] PAYLOAD_BYTES = token(",\"payload_bytes\":");
    private static final byte[] PAYLOAD_TRUNCATED = token(",\"payload_truncated\":");
    private static final byte[] SOURCE = token(",\"source\":");
    private static final byte[] TOPIC = token("{\"topic\":");
    private static final byte[] PARTITION = token(",\"partition\":");
    private static final byte[] OFFSET = token(",\"offset\":");
    private static final byte[] AT = token(",\"at\":");

    private final JsonBuffer out = new JsonBuffer();

    /** The dead letter as UTF-8 JSON, without a trailing newline. */
    public byte[] toJson(DeadLetter d) {
        out.reset();
        out.raw(REASON).string(d.reason().code());
        out.raw(MESSAGE).string(d.message());
        out.raw(ID).string(d.id());
        out.raw(PAYLOAD).string(d.payload());
        out.raw(PAYLOAD_BYTES).number(d.payloadBytes());
        out.raw(PAYLOAD_TRUNCATED).bool(d.payloadTruncated());
        out.raw(SOURCE);
        SourcePosition source = d.source();
        if (source == null) {
            out.nullValue();
        } else {
            out.raw(TOPIC).string(source.topic());
            out.raw(PARTITION).number(source.partition());
            out.raw(OFFSET).number(source.offset());
            out.raw('}');
        }
        out.raw(AT).number(d.at());
        out.raw('}');
        return out.toByteArray();
    }
}
