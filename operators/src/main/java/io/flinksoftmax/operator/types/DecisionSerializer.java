package io.flinksoftmax.operator.types;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes both kinds of {@link Decision}, including the event and policy they refer to. */
public final class DecisionSerializer extends ImmutableValueSerializer<Decision> {

    private static final long serialVersionUID = 1L;

    static final DecisionSerializer INSTANCE = new DecisionSerializer();

    @Override
    public void serialize(Decision d, DataOutputView out) throws IOException {
        ScoringEventSerializer.INSTANCE.serialize(d.event(), out);
        writePolicy(d.policy(), out);
        out.writeDouble(d.temperature());
        out.writeLong(d.scoredTs());
        writeDoubles(d.probabilities(), out);
        writeDoubles(d.logProbabilities(), out);
        Confidence c = d.confidence();
        out.writeDouble(c.topProbability());
        out.writeDouble(c.margin());
        out.writeDouble(c.entropy());
        out.writeDouble(c.normalizedEntropy());
        if (d instanceof ClickDecision click) {
            writeInts(click.order(), out);
            writeInts(click.slots(), out);
            out.writeInt(click.placedCount());
        } else {
            ClassDecision label = (ClassDecision) d;
            writeInts(label.topK(), out);
            out.writeDouble(label.loss());
        }
    }

    @Override
    public Decision deserialize(DataInputView in) throws IOException {
        var event = ScoringEventSerializer.INSTANCE.deserialize(in);
        ScoringPolicy policy = readPolicy(in);
        double temperature = in.readDouble();
        long scoredTs = in.readLong();
        double[] p = readDoubles(in);
        double[] logP = readDoubles(in);
        Confidence c =
                new Confidence(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        if (event instanceof ClickScores click) {
            int[] order = readInts(in);
            int[] slots = readInts(in);
            int placed = in.readInt();
            return new ClickDecision(
                    click, policy, temperature, p, logP, order, slots, placed, c, scoredTs);
        }
        int[] topK = readInts(in);
        double loss = in.readDouble();
        return new ClassDecision(
                (ClassLogits) event, policy, temperature, p, logP, topK, c, loss, scoredTs);
    }

    private static void writePolicy(ScoringPolicy policy, DataOutputView out) throws IOException {
        writeString(policy.name(), out);
        out.writeByte(policy.mode().ordinal());
        out.writeDouble(policy.temperature());
        out.writeInt(policy.slots());
        out.writeByte(policy.rankBy().ordinal());
        out.writeDouble(policy.minProbability());
        out.writeInt(policy.topK());
    }

    private static ScoringPolicy readPolicy(DataInputView in) throws IOException {
        return new ScoringPolicy(
                readString(in),
                Mode.values()[in.readByte()],
                in.readDouble(),
                in.readInt(),
                RankBy.values()[in.readByte()],
                in.readDouble(),
                in.readInt());
    }

    @Override
    public TypeSerializerSnapshot<Decision> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint or savepoint. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Decision> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
