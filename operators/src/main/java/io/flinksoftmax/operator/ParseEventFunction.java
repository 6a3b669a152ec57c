package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates raw records: valid events go to the main output, every other record becomes
 * one {@link DeadLetter} on {@link OutputTags#DEAD_LETTERS}. No record makes it throw, so a poison
 * pill never restarts the job, and records in = events out + dead letters.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<ScoringEvent> events =
 *         raw.process(new ParseEventFunction(config)).name("parse").uid("parse");
 * DataStream<DeadLetter> deadLetters = events.getSideOutput(OutputTags.DEAD_LETTERS);
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): {@code records_in}, and {@code dead_letters} per {@code
 * reason}.
 */
@PublicEvolving
public class ParseEventFunction extends ProcessFunction<RawEvent, ScoringEvent>
        implements ResultTypeQueryable<ScoringEvent> {

    private static final long serialVersionUID = 1L;

    /**
     * The side output for records that cannot be scored.
     *
     * @deprecated the same tag as {@link OutputTags#DEAD_LETTERS}; use that
     */
    @Deprecated public static final OutputTag<DeadLetter> DEAD_LETTERS = OutputTags.DEAD_LETTERS;

    private final ScoringConfig config;

    private transient EventParser parser;
    private transient InputMetrics metrics;

    public ParseEventFunction(ScoringConfig config) {
        this.config = config;
    }

    @Override
    public TypeInformation<ScoringEvent> getProducedType() {
        return ScoringTypes.EVENT;
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new EventParser(config);
        metrics = new InputMetrics(getRuntimeContext());
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<ScoringEvent> out) {
        metrics.recordIn();
        byte[] payload = raw.payload();
        long now = System.currentTimeMillis();
        ParseResult result = parser.parse(payload, payload.length, raw.payloadBytes(), now);
        if (result instanceof ParseResult.Accepted accepted) {
            out.collect(accepted.event());
            return;
        }
        ParseResult.Rejected rejected =
                result instanceof ParseResult.Rejected r
                        ? r
                        : new ParseResult.Rejected(
                                Reason.UNKNOWN_KIND,
                                "candidate_score events are put together into requests by the"
                                        + " ScoringOperator's assembly (docs/library.md); this"
                                        + " two-step path scores whole events only",
                                ((ParseResult.Candidate) result).candidate().request());
        metrics.deadLetter(rejected.reason());
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.of(raw, rejected.reason(), rejected.message(), rejected.id(), now));
    }
}
