package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.FeedbackParser;
import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.policy.Limits;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Feedback records in, {@link Feedback} out; a bad record is one dead letter on {@link
 * OutputTags#DEAD_LETTERS}, with the reasons of {@link FeedbackParser}. Never throws. Metrics
 * {@code feedback_in} and {@code feedback_dead_letters}; the same as accumulators for the embedded
 * run's summary.
 */
@Internal
public class ParseFeedbackFunction extends ProcessFunction<RawEvent, Feedback>
        implements ResultTypeQueryable<Feedback> {

    private static final long serialVersionUID = 1L;

    public static final String ACC_FEEDBACK_IN = ScoringMetrics.GROUP + ".feedback.records_in";
    public static final String ACC_FEEDBACK_DEAD_LETTERS =
            ScoringMetrics.GROUP + ".feedback.dead_letters";

    private final Limits limits;

    private transient FeedbackParser parser;
    private transient Counter in;
    private transient Counter rejected;
    private transient LongCounter inTotal;
    private transient LongCounter rejectedTotal;

    public ParseFeedbackFunction(Limits limits) {
        this.limits = limits;
    }

    @Override
    public TypeInformation<Feedback> getProducedType() {
        return TypeInformation.of(Feedback.class);
    }

    @Override
    public void open(OpenContext openContext) {
        parser = new FeedbackParser(limits);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        in = group.counter("feedback_in");
        rejected = group.counter("feedback_dead_letters");
        inTotal = new LongCounter();
        rejectedTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ACC_FEEDBACK_IN, inTotal);
        getRuntimeContext().addAccumulator(ACC_FEEDBACK_DEAD_LETTERS, rejectedTotal);
    }

    @Override
    public void processElement(RawEvent raw, Context ctx, Collector<Feedback> out) {
        in.inc();
        inTotal.add(1L);
        FeedbackParser.Result result;
        long now = System.currentTimeMillis();
        try {
            result = parser.parse(raw.payload(), raw.payload().length, raw.payloadBytes(), now);
        } catch (RuntimeException e) { // a bug; keep the record and the job
            result = new FeedbackParser.Rejected(Reason.INTERNAL_ERROR, e.toString(), null);
        }
        if (result instanceof FeedbackParser.Accepted accepted) {
            out.collect(accepted.feedback());
            return;
        }
        FeedbackParser.Rejected r = (FeedbackParser.Rejected) result;
        rejected.inc();
        rejectedTotal.add(1L);
        ctx.output(
                OutputTags.DEAD_LETTERS,
                DeadLetter.of(raw, r.reason(), "feedback: " + r.message(), r.id(), now));
    }
}
