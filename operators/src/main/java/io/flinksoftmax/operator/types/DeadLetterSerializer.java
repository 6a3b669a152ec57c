package io.flinksoftmax.operator.types;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.SourcePosition;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a {@link DeadLetter}. Record formats: 1 (release 0.1) wrote the reason as its enum
 * ordinal, which breaks when a reason is added in the middle; 2 writes its stable code.
 */
@Internal
public final class DeadLetterSerializer extends ValueSerializer<DeadLetter> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 2;

    /** Format 1's reasons, by the ordinal it wrote: frozen, whatever the enum becomes. */
    private static final Reason[] FORMAT_1_REASONS = {
        Reason.MALFORMED_JSON,
        Reason.MISSING_FIELD,
        Reason.WRONG_TYPE,
        Reason.UNKNOWN_KIND,
        Reason.EMPTY_INPUT,
        Reason.TOO_MANY_INPUTS,
        Reason.DUPLICATE_ID,
        Reason.NON_FINITE_SCORE,
        Reason.INVALID_TEMPERATURE,
        Reason.INVALID_BID,
        Reason.MISSING_BID,
        Reason.UNKNOWN_PLACEMENT,
        Reason.LABELS_MISMATCH,
        Reason.UNKNOWN_LABEL,
        Reason.NO_ELIGIBLE_CANDIDATES,
        Reason.PAYLOAD_TOO_LARGE,
        Reason.INVALID_ID
    };

    static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer(CURRENT_FORMAT);

    DeadLetterSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(DeadLetter d, DataOutputView out) throws IOException {
        if (format() == 1) {
            out.writeByte(java.util.Arrays.asList(FORMAT_1_REASONS).indexOf(d.reason()));
        } else {
            writeString(d.reason().code(), out);
        }
        writeString(d.message(), out);
        writeString(d.id(), out);
        writeString(d.payload(), out);
        out.writeLong(d.payloadBytes());
        out.writeBoolean(d.payloadTruncated());
        SourcePosition source = d.source();
        out.writeBoolean(source != null);
        if (source != null) {
            writeString(source.topic(), out);
            out.writeInt(source.partition());
            out.writeLong(source.offset());
        }
        out.writeLong(d.at());
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        Reason reason = format() == 1 ? FORMAT_1_REASONS[in.readByte()] : reason(readString(in));
        String message = readString(in);
        String id = readString(in);
        String payload = readString(in);
        long payloadBytes = in.readLong();
        boolean truncated = in.readBoolean();
        SourcePosition source =
                in.readBoolean()
                        ? new SourcePosition(readString(in), in.readInt(), in.readLong())
                        : null;
        return new DeadLetter(
                reason, message, id, payload, payloadBytes, truncated, source, in.readLong());
    }

    private static Reason reason(String code) throws IOException {
        Reason reason = Reason.fromCode(code);
        if (reason == null) {
            throw new IOException("unknown dead-letter reason '" + code + "'");
        }
        return reason;
    }

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<DeadLetter> {
        public Snapshot() {
            super(CURRENT_FORMAT, DeadLetterSerializer::new);
        }
    }
}
