package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InputSelectable;
import org.apache.flink.streaming.api.operators.InputSelection;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The scoring operator: raw records in, encoded decisions out, every other record one {@link
 * DeadLetter} on {@link OutputTags#DEAD_LETTERS}. A thin wrapper around {@link RecordPipeline},
 * which is total: no record can make it throw, the decisions it emits are within {@code
 * limits.max_output_bytes}, and records in = decisions out + dead letters.
 *
 * <p>One operator for both shapes of the graph. With one input it scores with the config it was
 * made with, chained to its source. With a second, broadcast input of policy documents, the
 * policies change while the job runs ({@link PolicyControl}, README "Changing policies at
 * runtime"); the document in force is kept in broadcast state ({@link #POLICY_STATE}) and applied
 * in {@code open}, so a restart from a checkpoint or savepoint scores with the version it had
 * before any record.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<EncodedDecision> decisions =
 *         raw.transform("softmax-score", ScoringTypes.ENCODED_DECISION, new ScoringOperator(config))
 *                 .uid("softmax-score");
 * // or, with policy documents:
 *         raw.connect(documents.broadcast())
 *                 .transform("softmax-score", ScoringTypes.ENCODED_DECISION,
 *                         new ScoringOperator(config))
 *                 .uid("softmax-score-controlled");
 * DataStream<DeadLetter> deadLetters = decisions.getSideOutput(OutputTags.DEAD_LETTERS);
 * }</pre>
 *
 * <p>Output records keep their input's timestamp. Metrics (group {@code softmax}): those of {@link
 * ParseEventFunction} and {@link SoftmaxScoringFunction} together, {@code policy_version} (gauge),
 * and {@code policy_updates_applied}, {@code _ignored}, {@code _rejected}. The first {@value
 * RecordScoring#LOGGED_INTERNAL_ERRORS} {@code internal_error}s of a subtask are also logged.
 */
@PublicEvolving
public class ScoringOperator extends AbstractStreamOperator<EncodedDecision>
        implements OneInputStreamOperator<RawEvent, EncodedDecision>,
                TwoInputStreamOperator<RawEvent, RawEvent, EncodedDecision> {

    private static final long serialVersionUID = 1L;

    /**
     * The broadcast state of the policy input: one entry, the JSON of the document in force. Its
     * name is the one the earlier {@code ControlledScoreFunction} used: its savepoints restore.
     */
    public static final MapStateDescriptor<String, String> POLICY_STATE =
            new MapStateDescriptor<>("policy-document", Types.STRING, Types.STRING);

    private static final String IN_FORCE = "in-force";

    private final ScoringConfig config;
    private final boolean impressions;

    /**
     * Whether this instance scores the requests of a {@link RequestAssembler} rather than a
     * source's records: it then counts candidates, not records, and leaves the control input's
     * accounting (and its dead letters) to the events' scoring operator, which sees every document
     * too.
     */
    private final boolean assembled;

    private transient RecordScoring scoring;
    private transient PolicyControl control;

    /**
     * The document in force in the state this subtask was restored with, read in {@link
     * #initializeState} (before {@code open}) and applied in {@code open}.
     */
    private transient String restoredDocument;

    /**
     * A scoring operator that reads all of its (bounded) policy input before the first event: a
     * file of policy documents is the history to score under, as Flink's batch broadcast operator
     * reads its broadcast side first. Only for a bounded policy input: an operator that selects its
     * inputs cannot take part in checkpoints (Flink refuses the graph), and an unbounded input
     * would never let the events through.
     */
    public static ScoringOperator readingPoliciesFirst(ScoringConfig config, boolean impressions) {
        return new PoliciesFirst(config, impressions, false);
    }

    /**
     * The scoring operator behind a {@link RequestAssembler}: it decides the assembled requests
     * (each a {@code click_scores} event with {@link RawEvent#assembly()}), writes their decisions
     * with {@code "assembly":{...}}, and when one cannot be decided writes one dead letter per
     * candidate, each with that candidate's payload and source.
     *
     * @param policiesFirst as {@link #readingPoliciesFirst}: for a bounded policy input
     */
    public static ScoringOperator forAssembledRequests(
            ScoringConfig config, boolean impressions, boolean policiesFirst) {
        return policiesFirst
                ? new PoliciesFirst(config, impressions, true)
                : new ScoringOperator(config, impressions, true);
    }

    /**
     * @param config the policies (version 0 when policy documents follow), limits and output format
     */
    public ScoringOperator(ScoringConfig config) {
        this(config, false);
    }

    /**
     * @param impressions whether to emit each decision's {@link Impression} on {@link
     *     OutputTags#IMPRESSIONS}, for feedback attribution
     */
    public ScoringOperator(ScoringConfig config, boolean impressions) {
        this(config, impressions, false);
    }

    private ScoringOperator(ScoringConfig config, boolean impressions, boolean assembled) {
        this.config = config;
        this.impressions = impressions;
        this.assembled = assembled;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Registered only when there is something to restore, or on the first document: a graph
        // without policy documents keeps no state here.
        if (context.getOperatorStateStore()
                .getRegisteredBroadcastStateNames()
                .contains(POLICY_STATE.getName())) {
            restoredDocument = policyState().get(IN_FORCE);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        scoring = new RecordScoring(getRuntimeContext(), config, impressions);
        control =
                control(
                        scoring,
                        new PolicyMetrics(
                                getRuntimeContext(), () -> scoring.config().version(), !assembled));
        if (restoredDocument != null) {
            control.restore(restoredDocument);
            restoredDocument = null;
        }
    }

    /** The control of this subtask; a test may return one that fails like a bug. */
    PolicyControl control(RecordScoring scoring, PolicyMetrics metrics) {
        return new PolicyControl(config, scoring, metrics, this::keepInForce);
    }

    /** The policy version in force on this subtask (the {@code policy_version} gauge's value). */
    long versionInForce() {
        return scoring.config().version();
    }

    /** An event. */
    @Override
    public void processElement(StreamRecord<RawEvent> element) {
        RawEvent raw = element.getValue();
        Outcome outcome = scoring.score(raw);
        if (outcome instanceof Outcome.Scored scored) {
            Impression impression = scoring.impression(scored);
            if (impression != null) {
                output.collect(OutputTags.IMPRESSIONS, stamped(impression, element));
            }
            output.collect(element.replace(scored.encoded()));
        } else if (outcome instanceof Outcome.Candidate candidate) {
            emit(OutputTags.CANDIDATES, candidate.candidate(), element);
        } else if (raw.assembly() == null) {
            emit(OutputTags.DEAD_LETTERS, ((Outcome.Rejected) outcome).deadLetter(), element);
        } else {
            // Each candidate was one record in: each is one dead letter, with its own payload.
            DeadLetter request = ((Outcome.Rejected) outcome).deadLetter();
            RawEvent.Assembly assembly = raw.assembly();
            String message =
                    "its request, assembled from "
                            + assembly.received()
                            + " of "
                            + assembly.expected()
                            + " candidates, cannot be decided: "
                            + request.message();
            for (RawEvent candidate : assembly.candidates()) {
                output.collect(
                        OutputTags.DEAD_LETTERS,
                        stamped(
                                DeadLetter.of(
                                        candidate,
                                        request.reason(),
                                        message,
                                        request.id(),
                                        request.at()),
                                element));
            }
        }
    }

    /** An event, when there is a policy input. */
    @Override
    public void processElement1(StreamRecord<RawEvent> element) {
        processElement(element);
    }

    /** A policy document. */
    @Override
    public void processElement2(StreamRecord<RawEvent> element) {
        DeadLetter letter = control.accept(element.getValue());
        if (letter != null) {
            emit(OutputTags.DEAD_LETTERS, letter, element);
        }
    }

    private <T> void emit(OutputTag<T> tag, T value, StreamRecord<RawEvent> element) {
        output.collect(tag, element.replace(value));
    }

    private static <T> StreamRecord<T> stamped(T value, StreamRecord<?> element) {
        return element.hasTimestamp()
                ? new StreamRecord<>(value, element.getTimestamp())
                : new StreamRecord<>(value);
    }

    private void keepInForce(String document) {
        try {
            policyState().put(IN_FORCE, document);
        } catch (Exception e) {
            throw new IllegalStateException("cannot keep the policy document in state", e);
        }
    }

    private BroadcastState<String, String> policyState() throws Exception {
        return getOperatorStateBackend().getBroadcastState(POLICY_STATE);
    }

    /** {@link #readingPoliciesFirst}. */
    private static final class PoliciesFirst extends ScoringOperator
            implements InputSelectable, BoundedMultiInput {

        private static final long serialVersionUID = 1L;

        private transient boolean policiesRead;

        PoliciesFirst(ScoringConfig config, boolean impressions, boolean assembled) {
            super(config, impressions, assembled);
        }

        @Override
        public InputSelection nextSelection() {
            return policiesRead ? InputSelection.ALL : InputSelection.SECOND;
        }

        @Override
        public void endInput(int inputId) {
            if (inputId == 2) {
                policiesRead = true;
            }
        }
    }
}
