package io.flinksoftmax.operator.types;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes a {@link RawEvent}: its bytes, full size and source position. */
@Internal
public final class RawEventSerializer extends ValueSerializer<RawEvent> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes (1 since release 0.1). */
    static final int CURRENT_FORMAT = 1;

    static final RawEventSerializer INSTANCE = new RawEventSerializer(CURRENT_FORMAT);

    RawEventSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(RawEvent raw, DataOutputView out) throws IOException {
        out.writeInt(raw.payload().length);
        out.write(raw.payload());
        out.writeLong(raw.payloadBytes());
        SourcePosition source = raw.source();
        out.writeBoolean(source != null);
        if (source != null) {
            writeString(source.topic(), out);
            out.writeInt(source.partition());
            out.writeLong(source.offset());
        }
    }

    @Override
    public RawEvent deserialize(DataInputView in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        long payloadBytes = in.readLong();
        SourcePosition source =
                in.readBoolean()
                        ? new SourcePosition(readString(in), in.readInt(), in.readLong())
                        : null;
        return new RawEvent(payload, payloadBytes, source);
    }

    @Override
    public TypeSerializerSnapshot<RawEvent> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<RawEvent> {
        public Snapshot() {
            super(CURRENT_FORMAT, RawEventSerializer::new);
        }
    }
}
