package io.flinksoftmax.operator.types;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for the records that flow through the scoring job. Without it Flink would
 * fall back to Kryo for the sealed event and decision types, which is slow and cannot copy them
 * correctly; the operators declare these types themselves.
 *
 * <pre>{@code
 * DataStream<Decision> decisions = ...;            // typed by SoftmaxScoringFunction
 * stream.map(f).returns(ScoringTypes.DECISION);    // for a function of your own
 * }</pre>
 */
@PublicEvolving
public final class ScoringTypes {

    public static final TypeInformation<RawEvent> RAW_EVENT =
            new Info<>(RawEvent.class, RawEventSerializer.INSTANCE);
    public static final TypeInformation<ScoringEvent> EVENT =
            new Info<>(ScoringEvent.class, ScoringEventSerializer.INSTANCE);
    public static final TypeInformation<Decision> DECISION =
            new Info<>(Decision.class, DecisionSerializer.INSTANCE);
    public static final TypeInformation<EncodedDecision> ENCODED_DECISION =
            new Info<>(EncodedDecision.class, EncodedDecisionSerializer.INSTANCE);
    public static final TypeInformation<CandidateScore> CANDIDATE_SCORE =
            new Info<>(CandidateScore.class, CandidateScoreSerializer.INSTANCE);
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new Info<>(DeadLetter.class, DeadLetterSerializer.INSTANCE);

    private ScoringTypes() {}

    /** Type information that is a class and its (stateless) serializer; not a key type. */
    private static final class Info<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return "ScoringTypes<" + type.getSimpleName() + ">";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Info<?> other && other.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof Info;
        }
    }
}
