package io.flinksoftmax.operator.types;

import io.flinksoftmax.decision.Assignment;
import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes both kinds of {@link Decision}, including the event (in {@link
 * ScoringEventSerializer}'s current format: a change there is a new format here too) and the policy
 * they refer to. Record formats: 1 (release 0.1) wrote the policy's mode and rank_by as enum
 * ordinals; 2 writes their wire names; 3 adds the policy's exploration and version and each click
 * decision's propensities; 4 writes the event in the event serializer's format 2 (with its unit)
 * and the decision's experiment assignment. Decisions of formats 1 and 2 read as greedy decisions
 * of version 0: propensity 1 for each placed candidate. The policy's shadows are not written: they
 * are configuration that judges a decision, not part of it, and a decision read back has a policy
 * without shadows.
 */
@Internal
public final class DecisionSerializer extends ValueSerializer<Decision> {

    private static final long serialVersionUID = 1L;

    /** The record format this release writes. */
    static final int CURRENT_FORMAT = 4;

    static final DecisionSerializer INSTANCE = new DecisionSerializer(CURRENT_FORMAT);

    DecisionSerializer(int format) {
        super(format);
    }

    @Override
    public void serialize(Decision d, DataOutputView out) throws IOException {
        events().serialize(d.event(), out);
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
            if (format() >= 3) {
                writeDoubles(click.propensities(), out);
                out.writeDouble(click.rankingPropensity());
            }
        } else {
            ClassDecision label = (ClassDecision) d;
            writeInts(label.topK(), out);
            out.writeDouble(label.loss());
        }
        if (format() >= 4) {
            Assignment a = d.assignment();
            out.writeBoolean(a != null);
            if (a != null) {
                writeString(a.experiment(), out);
                writeString(a.variant(), out);
            }
        }
    }

    /** Release 0.1's events, inside decisions of formats 1 to 3. */
    private static final ScoringEventSerializer EVENTS_WITHOUT_UNIT = new ScoringEventSerializer(1);

    /** The events inside: format 1 until decisions of format 4, which carry the unit. */
    private ScoringEventSerializer events() {
        return format() >= 4 ? ScoringEventSerializer.INSTANCE : EVENTS_WITHOUT_UNIT;
    }

    private Assignment readAssignment(DataInputView in) throws IOException {
        if (format() < 4 || !in.readBoolean()) {
            return null;
        }
        return new Assignment(readString(in), readString(in));
    }

    @Override
    public Decision deserialize(DataInputView in) throws IOException {
        var event = events().deserialize(in);
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
            double[] propensities;
            double rankingPropensity;
            if (format() >= 3) {
                propensities = readDoubles(in);
                rankingPropensity = in.readDouble();
            } else { // greedy: each placed candidate had propensity 1
                propensities = new double[slots.length];
                for (int i = 0; i < slots.length; i++) {
                    propensities[i] = slots[i] > 0 ? 1.0 : 0.0;
                }
                rankingPropensity = 1.0;
            }
            return new ClickDecision(
                    click,
                    policy,
                    temperature,
                    p,
                    logP,
                    order,
                    slots,
                    placed,
                    propensities,
                    rankingPropensity,
                    c,
                    scoredTs,
                    readAssignment(in));
        }
        int[] topK = readInts(in);
        double loss = in.readDouble();
        return new ClassDecision(
                (ClassLogits) event,
                policy,
                temperature,
                p,
                logP,
                topK,
                c,
                loss,
                scoredTs,
                readAssignment(in));
    }

    private void writePolicy(ScoringPolicy policy, DataOutputView out) throws IOException {
        writeString(policy.name(), out);
        if (format() == 1) {
            out.writeByte(policy.mode().ordinal());
        } else {
            writeString(policy.mode().wireName(), out);
        }
        out.writeDouble(policy.temperature());
        out.writeInt(policy.slots());
        if (format() == 1) {
            out.writeByte(policy.rankBy().ordinal());
        } else {
            writeString(policy.rankBy().wireName(), out);
        }
        out.writeDouble(policy.minProbability());
        out.writeInt(policy.topK());
        if (format() >= 3) {
            Exploration exploration = policy.exploration();
            writeString(exploration.kind().wireName(), out);
            out.writeDouble(exploration.epsilon());
            out.writeLong(exploration.seed());
            out.writeLong(policy.version());
        }
    }

    private ScoringPolicy readPolicy(DataInputView in) throws IOException {
        String name = readString(in);
        // Format 1's ordinals are those of release 0.1, where the order was as it is now.
        Mode mode = format() == 1 ? Mode.values()[in.readByte()] : wire(Mode.class, in);
        double temperature = in.readDouble();
        int slots = in.readInt();
        RankBy rankBy = format() == 1 ? RankBy.values()[in.readByte()] : wire(RankBy.class, in);
        double minProbability = in.readDouble();
        int topK = in.readInt();
        if (format() < 3) {
            return new ScoringPolicy(name, mode, temperature, slots, rankBy, minProbability, topK);
        }
        Exploration exploration =
                new Exploration(wire(Exploration.Kind.class, in), in.readDouble(), in.readLong());
        return new ScoringPolicy(
                name,
                mode,
                temperature,
                slots,
                rankBy,
                minProbability,
                topK,
                exploration,
                in.readLong());
    }

    private static <E extends Enum<E>> E wire(Class<E> type, DataInputView in) throws IOException {
        String name = readString(in);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                return constant;
            }
        }
        throw new IOException("unknown " + type.getSimpleName() + " '" + name + "'");
    }

    @Override
    public TypeSerializerSnapshot<Decision> snapshotConfiguration() {
        return new Snapshot().withFormat(format());
    }

    /** Restores the serializer from a checkpoint or savepoint; see {@link VersionedSnapshot}. */
    public static final class Snapshot extends VersionedSnapshot<Decision> {
        public Snapshot() {
            super(CURRENT_FORMAT, DecisionSerializer::new);
        }
    }
}
