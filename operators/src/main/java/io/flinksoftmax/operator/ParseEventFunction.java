package io.flinksoftmax.operator;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.serde.EventParser;
import io.flinksoftmax.serde.ParseResult;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates raw records: valid events go to the main output, every other record becomes
 * one {@link DeadLetter} on {@link #DEAD_LETTERS}. No record makes it throw, so a poison pill never
 * restarts the job, and records in = events out + dead letters.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<ScoringEvent> events =
 *         raw.process(new ParseEventFunction(config)).name("parse").uid("parse");
 * DataStream<DeadLetter> deadLetters = events.getSideOutput(ParseEventFunction.DEAD_LETTERS);
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): {@code records_in}, and {@code dead_letters} per {@code
 * reason}.
 */
public class ParseEventFunction extends ProcessFunction<RawEvent, ScoringEvent>
        implements ResultTypeQueryable<ScoringEvent> {

    private static final long serialVersionUID = 1L;

    /** The side output for records that cannot be scored. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", ScoringTypes.DEAD_LETTER);

    private final ScoringConfig config;

    private transient EventParser parser;
    private transient Counter recordsIn;
    private transient Map<Reason, Counter> deadLetters;
    private transient LongCounter recordsInTotal;
    private transient Map<Reason, LongCounter> deadLetterTotals;

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
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        recordsIn = group.counter(ScoringMetrics.RECORDS_IN);
        recordsInTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ScoringMetrics.ACC_RECORDS_IN, recordsInTotal);
        deadLetters = new EnumMap<>(Reason.class);
        deadLetterTotals = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            deadLetters.put(
                    reason,
                    group.addGroup("reason", reason.code()).counter(ScoringMetrics.DEAD_LETTERS));
            LongCounter total = new LongCounter();
            getRuntimeContext()
                    .addAccumulator(ScoringMetrics.ACC_DEAD_LETTERS_PREFIX + reason.code(), total);
            deadLetterTotals.put(reason, total);
        }
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<ScoringEvent> out) {
        recordsIn.inc();
        recordsInTotal.add(1L);
        byte[] payload = raw.payload();
        ParseResult result = parser.parse(payload, payload.length, raw.payloadBytes());
        if (result instanceof ParseResult.Accepted accepted) {
            out.collect(accepted.event());
            return;
        }
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        deadLetters.get(rejected.reason()).inc();
        deadLetterTotals.get(rejected.reason()).add(1L);
        ctx.output(
                DEAD_LETTERS,
                DeadLetter.of(
                        rejected.reason(),
                        rejected.message(),
                        rejected.id(),
                        payload,
                        payload.length,
                        raw.payloadBytes(),
                        raw.source(),
                        System.currentTimeMillis()));
    }
}
