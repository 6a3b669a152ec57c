package io.flinksoftmax.operator.types;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.deadletter.SourcePosition;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes a {@link DeadLetter}. */
public final class DeadLetterSerializer extends ImmutableValueSerializer<DeadLetter> {

    private static final long serialVersionUID = 1L;

    static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();

    @Override
    public void serialize(DeadLetter d, DataOutputView out) throws IOException {
        out.writeByte(d.reason().ordinal());
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
        Reason reason = Reason.values()[in.readByte()];
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

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint or savepoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
