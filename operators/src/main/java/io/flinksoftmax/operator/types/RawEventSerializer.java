package io.flinksoftmax.operator.types;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a {@link RawEvent}: its bytes, full size and source position. Record formats: 1
 * (release 0.1); 2 adds the {@link RawEvent.Assembly} of an assembled request.
 */
@Internal
public final class RawEventSerializer extends ValueSerializer<RawEvent> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 2;

    static final RawEventSerializer INSTANCE = new RawEventSerializer(CURRENT_FORMAT);

    RawEventSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(RawEvent raw, DataOutputView out) throws IOException {
        writeRecord(raw, out);
        if (format() >= 2) {
            RawEvent.Assembly assembly = raw.assembly();
            out.writeBoolean(assembly != null);
            if (assembly != null) {
                out.writeInt(assembly.expected());
                out.writeInt(assembly.received());
                for (RawEvent candidate : assembly.candidates()) {
                    writeRecord(candidate, out);
                }
            }
        }
    }

    @Override
    public RawEvent deserialize(DataInputView in) throws IOException {
        RawEvent raw = readRecord(in);
        if (format() >= 2 && in.readBoolean()) {
            int expected = in.readInt();
            RawEvent[] candidates = new RawEvent[in.readInt()];
            for (int i = 0; i < candidates.length; i++) {
                candidates[i] = readRecord(in);
            }
            return new RawEvent(
                    raw.payload(),
                    raw.payloadBytes(),
                    raw.source(),
                    new RawEvent.Assembly(expected, java.util.List.of(candidates)));
        }
        return raw;
    }

    /** A record as read: payload, full size and source (format 1 is only this). */
    static void writeRecord(RawEvent raw, DataOutputView out) throws IOException {
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

    static RawEvent readRecord(DataInputView in) throws IOException {
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
