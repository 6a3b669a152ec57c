package io.flinksoftmax.operator.types;

import io.flinksoftmax.event.CandidateScore;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes a {@link CandidateScore} with the record it was read from: it travels to the request
 * assembler and waits in its state. Record formats: 1; 2 adds the {@code unit} (format 1 reads as a
 * candidate without one).
 */
@Internal
public final class CandidateScoreSerializer extends ValueSerializer<CandidateScore> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 2;

    static final CandidateScoreSerializer INSTANCE = new CandidateScoreSerializer(CURRENT_FORMAT);

    CandidateScoreSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(CandidateScore c, DataOutputView out) throws IOException {
        writeString(c.request(), out);
        writeString(c.candidate(), out);
        out.writeDouble(c.score());
        out.writeDouble(c.bid());
        out.writeBoolean(c.eligible());
        out.writeInt(c.expected());
        writeString(c.placement(), out);
        writeString(c.model(), out);
        out.writeDouble(c.temperature());
        out.writeLong(c.eventTs());
        out.writeBoolean(c.raw() != null);
        if (c.raw() != null) {
            RawEventSerializer.writeRecord(c.raw(), out);
        }
        out.writeLong(c.readAt());
        if (format() >= 2) {
            writeString(c.unit(), out);
        }
    }

    @Override
    public CandidateScore deserialize(DataInputView in) throws IOException {
        return new CandidateScore(
                readString(in),
                readString(in),
                in.readDouble(),
                in.readDouble(),
                in.readBoolean(),
                in.readInt(),
                readString(in),
                readString(in),
                in.readDouble(),
                in.readLong(),
                in.readBoolean() ? RawEventSerializer.readRecord(in) : null,
                in.readLong(),
                format() >= 2 ? readString(in) : null);
    }

    @Override
    public TypeSerializerSnapshot<CandidateScore> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<CandidateScore> {
        public Snapshot() {
            super(CURRENT_FORMAT, CandidateScoreSerializer::new);
        }
    }
}
