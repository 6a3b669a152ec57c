package io.flinksoftmax.pipeline;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.DecisionArrays;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.flink.annotation.Internal;

/**
 * Parse, validate, score and encode one raw record; a total function. Every record gives exactly
 * one {@link Outcome}: an encoded decision within {@code limits.max_output_bytes}, or a dead
 * letter. Bad input is a dead letter with its reason (docs/events-and-decisions.md "Dead letters");
 * a decision too large for the sinks is {@code output_too_large}; an exception anywhere on the way
 * (a bug) is {@code internal_error} with the exception's class and message, never a throw. So no
 * record can fail the operator or a sink, and records in = decisions + dead letters.
 *
 * <p>Encoding happens here, not in the sink, because here a record that cannot be written can still
 * be routed to the dead letters; a sink can only fail.
 *
 * <p>Not thread safe (parser, decisions and writer reuse buffers): one per operator instance. The
 * {@link Outcome.Scored#decision()} of a record (its event too) is valid until the next call: read
 * it (metrics, impressions) before processing another record.
 *
 * <pre>{@code
 * RecordPipeline pipeline = new RecordPipeline(config);
 * Outcome outcome = pipeline.process(RawEvent.of(bytes), System.currentTimeMillis());
 * }</pre>
 */
@Internal
public final class RecordPipeline {

    private final ScoringConfig config;
    private final EventParser parser;
    private final Scorer scorer;

    /** Each decision is encoded before the next is made, so its arrays are reused. */
    private final DecisionArrays arrays = DecisionArrays.reusing();

    private final BiFunction<Decision, RawEvent.Assembly, byte[]> encoder;

    public RecordPipeline(ScoringConfig config) {
        this(config, new DecisionJson(config.output())::toJson);
    }

    /** With another decision encoder: tests use one that fails, to see the failure contained. */
    RecordPipeline(ScoringConfig config, BiFunction<Decision, RawEvent.Assembly, byte[]> encoder) {
        this.config = config;
        // Each event is scored and encoded before the next record is parsed (the decision's
        // lifetime, below), so its arrays are reused too.
        this.parser = EventParser.reusing(config);
        this.scorer = new Scorer(config);
        this.encoder = encoder;
    }

    /**
     * The outcome of one record.
     *
     * @param raw the record as read
     * @param now the time to stamp on the decision or dead letter, epoch milliseconds
     */
    public Outcome process(RawEvent raw, long now) {
        String id = null;
        try {
            ParseResult parsed =
                    parser.parse(raw.payload(), raw.payload().length, raw.payloadBytes(), now);
            if (parsed instanceof ParseResult.Rejected rejected) {
                return reject(raw, rejected.reason(), rejected.message(), rejected.id(), now);
            }
            if (parsed instanceof ParseResult.Candidate candidate) {
                return new Outcome.Candidate(candidate.candidate().withRaw(raw, now));
            }
            var event = ((ParseResult.Accepted) parsed).event();
            id = event.id();
            Decision decision = scorer.score(event, now, arrays);
            byte[] key = id.getBytes(StandardCharsets.UTF_8);
            byte[] value = encoder.apply(decision, raw.assembly());
            long size = (long) key.length + value.length;
            int max = config.limits().maxOutputBytes();
            if (size > max) {
                return reject(
                        raw,
                        Reason.OUTPUT_TOO_LARGE,
                        "the decision is "
                                + size
                                + " bytes (key and value); limits.max_output_bytes is "
                                + max
                                + ": send fewer candidates or shorter ids, or raise the limit"
                                + " together with the sink's max.request.size",
                        id,
                        now);
            }
            return new Outcome.Scored(decision, new EncodedDecision(key, value));
        } catch (RuntimeException | StackOverflowError e) {
            // A bug, not bad input: keep the record (and the job) and say what happened.
            return reject(raw, Reason.INTERNAL_ERROR, describe(e), id, now);
        }
    }

    private static Outcome reject(
            RawEvent raw, Reason reason, String message, String id, long now) {
        return new Outcome.Rejected(DeadLetter.of(raw, reason, message, id, now));
    }

    /** The exception's class and message, and where it was thrown: enough to file a bug. */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getName());
        if (e.getMessage() != null) {
            b.append(": ").append(e.getMessage());
        }
        StackTraceElement[] trace = e.getStackTrace();
        if (trace.length > 0) {
            b.append(" at ").append(trace[0]);
        }
        return b.toString();
    }
}
