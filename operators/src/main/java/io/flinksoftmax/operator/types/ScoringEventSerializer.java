package io.flinksoftmax.operator.types;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes both kinds of {@link ScoringEvent}: a kind tag, the common fields, the arrays. Record
 * formats: 1 since release 0.1; 2 adds the {@code unit} (format 1 reads as events without one).
 */
@Internal
public final class ScoringEventSerializer extends ValueSerializer<ScoringEvent> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 2;

    static final ScoringEventSerializer INSTANCE = new ScoringEventSerializer(CURRENT_FORMAT);

    ScoringEventSerializer(int format) {
        super(format);
    }

    private static final byte CLICK = 0;
    private static final byte CLASS = 1;

    @Override
    public void serialize(ScoringEvent event, DataOutputView out) throws IOException {
        out.writeByte(event instanceof ClickScores ? CLICK : CLASS);
        writeString(event.id(), out);
        writeString(event.model(), out);
        writeString(event.placement(), out);
        out.writeLong(event.eventTs());
        out.writeDouble(event.temperature());
        if (format() >= 2) {
            writeString(event.unit(), out);
        }
        if (event instanceof ClickScores click) {
            writeStrings(click.ids().toArray(), out);
            writeDoubles(click.scores(), out);
            writeDoubles(click.bids(), out);
            for (boolean eligible : click.eligible()) {
                out.writeBoolean(eligible);
            }
        } else {
            ClassLogits item = (ClassLogits) event;
            writeDoubles(item.logits(), out);
            writeStrings(item.labels(), out);
            writeString(item.label(), out);
        }
    }

    @Override
    public ScoringEvent deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        String id = readString(in);
        String model = readString(in);
        String placement = readString(in);
        long eventTs = in.readLong();
        double temperature = in.readDouble();
        String unit = format() >= 2 ? readString(in) : null;
        if (kind == CLICK) {
            String[] ids = readStrings(in);
            double[] scores = readDoubles(in);
            double[] bids = readDoubles(in);
            boolean[] eligible = new boolean[ids.length];
            for (int i = 0; i < eligible.length; i++) {
                eligible[i] = in.readBoolean();
            }
            return new ClickScores(
                    id, model, placement, eventTs, temperature, ids, scores, bids, eligible, unit);
        }
        double[] logits = readDoubles(in);
        String[] labels = readStrings(in);
        String label = readString(in);
        return new ClassLogits(
                id, model, placement, eventTs, temperature, logits, labels, label, unit);
    }

    @Override
    public TypeSerializerSnapshot<ScoringEvent> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<ScoringEvent> {
        public Snapshot() {
            super(CURRENT_FORMAT, ScoringEventSerializer::new);
        }
    }
}
