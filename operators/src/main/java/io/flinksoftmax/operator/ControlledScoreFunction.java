package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.PolicyDocuments;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ScoreRecordsFunction} with policies that change while the job runs (README "Changing
 * policies at runtime"): the first input is the events, the second, broadcast, input the policy
 * documents ({@link PolicyDocuments}). A document with a version above the one in force replaces
 * all policies on every subtask for the records that follow; one with a version not above it is
 * ignored and counted; an invalid one is refused whole, the policies in force stay, and subtask 0
 * writes it to {@link OutputTags#DEAD_LETTERS} as {@code invalid_policy}. No control record can
 * fail the job.
 *
 * <p>The document in force is kept in broadcast state ({@link #POLICY_STATE}), so a restart from a
 * checkpoint or a savepoint scores with the version it had, without re-reading the control input;
 * the {@code --scoring-config} file is version 0, the start value. Limits and the output format
 * always come from the config the function was made with.
 *
 * <pre>{@code
 * BroadcastStream<RawEvent> policies = updates.broadcast(ControlledScoreFunction.POLICY_STATE);
 * SingleOutputStreamOperator<EncodedDecision> decisions =
 *         events.connect(policies).process(new ControlledScoreFunction(config))
 *                 .name("softmax-score").uid("softmax-score-controlled");
 * }</pre>
 *
 * <p>Metrics: those of {@link ScoreRecordsFunction}, plus {@code policy_version} (gauge) and {@code
 * policy_updates_applied}, {@code _ignored}, {@code _rejected} per subtask.
 */
@PublicEvolving
public class ControlledScoreFunction
        extends BroadcastProcessFunction<RawEvent, RawEvent, EncodedDecision>
        implements ResultTypeQueryable<EncodedDecision>, CheckpointListener, CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ControlledScoreFunction.class);

    /** The broadcast state: one entry, {@value #IN_FORCE}, the JSON of the document in force. */
    public static final MapStateDescriptor<String, String> POLICY_STATE =
            new MapStateDescriptor<>("policy-document", Types.STRING, Types.STRING);

    private static final String IN_FORCE = "in-force";

    private final ScoringConfig base;
    private final boolean impressions;

    private transient RecordScoring scoring;
    private transient PolicyMetrics metrics;

    /**
     * The document in force in the state this subtask was restored with, read in {@link
     * #initializeState} (before {@code open}) and applied in {@code open}: from the first moment
     * the subtask runs, before any record, it scores with (and its {@code policy_version} gauge
     * shows) the restored version.
     */
    private transient String restoredDocument;

    /**
     * @param base the {@code --scoring-config} policies (version 0), limits and output format
     */
    public ControlledScoreFunction(ScoringConfig base) {
        this(base, false);
    }

    /**
     * @param impressions whether to emit each decision's {@link Impression} on {@link
     *     OutputTags#IMPRESSIONS}, for feedback attribution
     */
    public ControlledScoreFunction(ScoringConfig base, boolean impressions) {
        this.base = base;
        this.impressions = impressions;
    }

    @Override
    public TypeInformation<EncodedDecision> getProducedType() {
        return ScoringTypes.ENCODED_DECISION;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        restoredDocument =
                context.getOperatorStateStore().getBroadcastState(POLICY_STATE).get(IN_FORCE);
    }

    /** Nothing to add: the broadcast state is written where a document is applied. */
    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void open(OpenContext openContext) {
        scoring = new RecordScoring(getRuntimeContext(), base, impressions);
        metrics = new PolicyMetrics(getRuntimeContext(), () -> scoring.config().version());
        if (restoredDocument != null) {
            restore(restoredDocument);
            restoredDocument = null;
        }
    }

    /** The version in force on this subtask (the {@code policy_version} gauge's value). */
    long versionInForce() {
        return scoring.config().version();
    }

    /** Reports the completed checkpoint to {@link CheckpointHeartbeat} (embedded liveness). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        CheckpointHeartbeat.beat(getRuntimeContext().getJobInfo().getJobId());
    }

    @Override
    public void processElement(RawEvent raw, ReadOnlyContext ctx, Collector<EncodedDecision> out)
            throws Exception {
        Outcome outcome = scoring.score(raw, out);
        if (outcome instanceof Outcome.Rejected rejected) {
            ctx.output(OutputTags.DEAD_LETTERS, rejected.deadLetter());
            return;
        }
        Impression impression = scoring.impression((Outcome.Scored) outcome);
        if (impression != null) {
            ctx.output(OutputTags.IMPRESSIONS, impression);
        }
    }

    /**
     * Applies, ignores or refuses one control record. Never throws: a bug met on the way (an
     * exception reading or applying the document) leaves the version in force, and is logged and
     * written as an {@code internal_error} dead letter, like one met by an event, instead of
     * failing the job on every restart (the record would be read again each time).
     */
    @Override
    public void processBroadcastElement(RawEvent raw, Context ctx, Collector<EncodedDecision> out)
            throws Exception {
        long inForce = scoring.config().version();
        try {
            apply(raw, ctx, inForce);
        } catch (RuntimeException | StackOverflowError e) {
            metrics.rejected();
            String message =
                    "policy document refused by an internal error; version "
                            + inForce
                            + " stays in force: "
                            + RecordPipeline.describe(e);
            LOG.error(message, e);
            if (metrics.countsForTheJob()) {
                ctx.output(
                        OutputTags.DEAD_LETTERS,
                        DeadLetter.of(
                                raw,
                                Reason.INTERNAL_ERROR,
                                message,
                                null,
                                System.currentTimeMillis()));
            }
        }
    }

    private void apply(RawEvent raw, Context ctx, long inForce) throws Exception {
        BroadcastState<String, String> state = ctx.getBroadcastState(POLICY_STATE);
        PolicyDocuments.Result result = read(raw);
        if (result instanceof PolicyDocuments.Valid valid) {
            if (valid.version() <= inForce) {
                metrics.ignored();
                LOG.info(
                        "policy document version {} ignored: version {} is in force",
                        valid.version(),
                        inForce);
                return;
            }
            // Scoring first: if it could not take the document, the state must not claim it.
            scoring.use(valid.config());
            state.put(IN_FORCE, new String(raw.payload(), StandardCharsets.UTF_8));
            metrics.applied();
            LOG.info("policy document version {} applied (was {})", valid.version(), inForce);
            return;
        }
        PolicyDocuments.Invalid invalid = (PolicyDocuments.Invalid) result;
        metrics.rejected();
        String message =
                (invalid.version() < 0
                                ? "policy document refused"
                                : "policy document version " + invalid.version() + " refused")
                        + "; version "
                        + inForce
                        + " stays in force: "
                        + invalid.message();
        LOG.warn(message);
        if (metrics.countsForTheJob()) { // every subtask sees it; one dead letter is enough
            ctx.output(
                    OutputTags.DEAD_LETTERS,
                    DeadLetter.of(
                            raw, Reason.INVALID_POLICY, message, null, System.currentTimeMillis()));
        }
    }

    /** Reads one control record; package-private so that a test can make it fail like a bug. */
    PolicyDocuments.Result read(RawEvent raw) {
        long max = base.limits().maxPayloadBytes();
        if (raw.payloadBytes() > max || raw.payload().length > max) {
            return new PolicyDocuments.Invalid(
                    "the document is "
                            + Math.max(raw.payloadBytes(), raw.payload().length)
                            + " bytes; limits.max_payload_bytes is "
                            + max,
                    -1);
        }
        return PolicyDocuments.read(raw.payload(), raw.payload().length, base);
    }

    /** Applies the document restored from a checkpoint. */
    private void restore(String restored) {
        byte[] bytes = restored.getBytes(StandardCharsets.UTF_8);
        PolicyDocuments.Result result = PolicyDocuments.read(bytes, bytes.length, base);
        if (result instanceof PolicyDocuments.Valid valid) {
            scoring.use(valid.config());
            LOG.info("policy document version {} restored from the checkpoint", valid.version());
        } else {
            // Only a release that reads policies differently can get here; say so loudly, and
            // score with the config file rather than fail every restart.
            LOG.error(
                    "the policy document in the checkpoint no longer reads ({}); scoring with the"
                            + " --scoring-config file (version 0) until the next update",
                    ((PolicyDocuments.Invalid) result).message());
        }
    }
}
