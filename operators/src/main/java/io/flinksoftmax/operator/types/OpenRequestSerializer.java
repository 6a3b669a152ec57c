package io.flinksoftmax.operator.types;

import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import io.flinksoftmax.operator.OpenRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes an {@link OpenRequest}: the request-wide fields once, then each candidate's id, record
 * and numbers, in arrival order. A run of candidates from one topic writes its name once, so a
 * restored request shares one instance as the live one does. Record formats: 1.
 */
@Internal
public final class OpenRequestSerializer extends ValueSerializer<OpenRequest> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 1;

    /** The serializer of the assembler's open requests. */
    public static final OpenRequestSerializer INSTANCE = new OpenRequestSerializer(CURRENT_FORMAT);

    private static final byte NO_SOURCE = 0;
    private static final byte SAME_TOPIC = 1;
    private static final byte NEW_TOPIC = 2;

    OpenRequestSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(OpenRequest r, DataOutputView out) throws IOException {
        writeString(r.request(), out);
        writeString(r.placement(), out);
        writeString(r.model(), out);
        writeString(r.unit(), out);
        out.writeInt(r.expected());
        out.writeDouble(r.temperature());
        out.writeLong(r.opened());
        out.writeInt(r.size());
        String topic = null;
        for (CandidateScore c : r.candidates()) {
            writeBytes(c.candidate().getBytes(StandardCharsets.UTF_8), out);
            RawEvent raw = c.raw();
            out.writeBoolean(raw != null);
            writeBytes(raw == null ? new byte[0] : raw.payload(), out);
            out.writeDouble(c.score());
            out.writeDouble(c.bid());
            out.writeBoolean(c.eligible());
            out.writeLong(c.eventTs());
            out.writeLong(c.readAt());
            SourcePosition source = raw == null ? null : raw.source();
            if (source == null) {
                out.writeByte(NO_SOURCE);
                continue;
            }
            if (source.topic().equals(topic)) {
                out.writeByte(SAME_TOPIC);
            } else {
                out.writeByte(NEW_TOPIC);
                topic = source.topic();
                writeString(topic, out);
            }
            out.writeInt(source.partition());
            out.writeLong(source.offset());
        }
    }

    @Override
    public OpenRequest deserialize(DataInputView in) throws IOException {
        OpenRequest r =
                new OpenRequest(
                        readString(in),
                        readString(in),
                        readString(in),
                        readString(in),
                        in.readInt(),
                        in.readDouble(),
                        in.readLong());
        int size = in.readInt();
        String topic = null;
        for (int i = 0; i < size; i++) {
            byte[] id = readBytes(in);
            boolean hasRaw = in.readBoolean();
            byte[] record = readBytes(in);
            double score = in.readDouble();
            double bid = in.readDouble();
            boolean eligible = in.readBoolean();
            long eventTs = in.readLong();
            long readAt = in.readLong();
            byte kind = in.readByte();
            SourcePosition source = null;
            if (kind != NO_SOURCE) {
                if (kind == NEW_TOPIC) {
                    topic = readString(in);
                } else if (kind != SAME_TOPIC || topic == null) {
                    throw new IOException("corrupt open request: source kind " + kind);
                }
                source = new SourcePosition(topic, in.readInt(), in.readLong());
            }
            r.add(id, record, hasRaw, score, bid, eligible, eventTs, readAt, source);
        }
        return r;
    }

    @Override
    public TypeSerializerSnapshot<OpenRequest> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<OpenRequest> {
        public Snapshot() {
            super(CURRENT_FORMAT, OpenRequestSerializer::new);
        }
    }
}
