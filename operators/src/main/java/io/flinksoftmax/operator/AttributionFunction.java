package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins decisions with their feedback in event time, keyed by request id (README "Feedback and
 * calibration"). A decision's attribution window is [its time, its time + window]: a click on a
 * placed candidate inside it makes that impression a positive; when the watermark passes the
 * window's end, every placed candidate becomes one {@link Outcome} (clicked or not), or a class
 * decision with a true label one outcome (right or wrong), and the key's state is cleared. The
 * outcomes carry the window's end as their timestamp, so the calibration windows downstream group
 * impressions by when their attribution closed.
 *
 * <p>Feedback is never an error; each record is counted once, by kind ({@link Count}): attributed,
 * a repeat (a second click on the same candidate, a second label), a click on a candidate that was
 * not placed, a label the event did not have, before the decision's time, after its window (late),
 * or for an id with no decision within a window of the feedback's time (unknown). Feedback that
 * arrives before its decision waits for it, up to one window.
 *
 * <p>State per id: the decision's {@link Impression} and what was attributed until the window
 * closes, then a marker for one more window (to tell late feedback from unknown ids); early
 * feedback until its decision or one window. Timers clear all of it; a state TTL of three windows
 * is the backstop.
 */
@PublicEvolving
public class AttributionFunction
        extends KeyedCoProcessFunction<String, Impression, Feedback, Outcome> {

    private static final long serialVersionUID = 1L;

    /** How each feedback record ended. Metric {@code feedback_<name>}, accumulator too. */
    public enum Count {
        ATTRIBUTED,
        REPEATED,
        NOT_PLACED,
        UNKNOWN_LABEL,
        BEFORE_DECISION,
        LATE,
        UNKNOWN_ID,
        /** Not feedback: a decision seen again for an id (an at-least-once replay). */
        DUPLICATE_DECISION;

        public String metricName() {
            return "feedback_" + name().toLowerCase(Locale.ROOT);
        }

        public String accumulatorName() {
            return ScoringMetrics.GROUP + ".feedback." + name().toLowerCase(Locale.ROOT);
        }
    }

    /** The decision under attribution, and what was attributed to it so far. A POJO. */
    public static final class Pending {
        public Impression impression;
        public boolean[] clicked;
        public String label;
        public long closesAt;

        public Pending() {}
    }

    private final long window;

    private transient ValueState<Pending> pending;
    private transient ValueState<Long> closedUntil;
    private transient ListState<Feedback> early;
    private transient Map<Count, Counter> counters;
    private transient Map<Count, LongCounter> totals;

    /**
     * @param attributionWindow how long after a decision its feedback counts
     */
    public AttributionFunction(Duration attributionWindow) {
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException("the attribution window must be positive");
        }
        this.window = attributionWindow.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(3 * window)).build();
        ValueStateDescriptor<Pending> pendingDescriptor =
                new ValueStateDescriptor<>("pending", TypeInformation.of(Pending.class));
        pendingDescriptor.enableTimeToLive(ttl);
        pending = getRuntimeContext().getState(pendingDescriptor);
        ValueStateDescriptor<Long> closedDescriptor =
                new ValueStateDescriptor<>("closed-until", Types.LONG);
        closedDescriptor.enableTimeToLive(ttl);
        closedUntil = getRuntimeContext().getState(closedDescriptor);
        ListStateDescriptor<Feedback> earlyDescriptor =
                new ListStateDescriptor<>("early", TypeInformation.of(Feedback.class));
        earlyDescriptor.enableTimeToLive(ttl);
        early = getRuntimeContext().getListState(earlyDescriptor);

        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        counters = new EnumMap<>(Count.class);
        totals = new EnumMap<>(Count.class);
        for (Count count : Count.values()) {
            counters.put(count, group.counter(count.metricName()));
            LongCounter total = new LongCounter();
            getRuntimeContext().addAccumulator(count.accumulatorName(), total);
            totals.put(count, total);
        }
    }

    @Override
    public void processElement1(Impression impression, Context ctx, Collector<Outcome> out)
            throws Exception {
        if (pending.value() != null || closedUntil.value() != null) {
            count(Count.DUPLICATE_DECISION);
            return;
        }
        Pending p = new Pending();
        p.impression = impression;
        p.clicked = impression.isClick() ? new boolean[impression.placed.length] : null;
        p.closesAt = after(impression.ts, window);
        ctx.timerService().registerEventTimeTimer(p.closesAt);
        List<Feedback> waiting = new ArrayList<>();
        for (Feedback f : early.get()) {
            waiting.add(f);
        }
        early.clear();
        for (Feedback f : waiting) {
            attribute(p, f);
        }
        pending.update(p);
    }

    @Override
    public void processElement2(Feedback feedback, Context ctx, Collector<Outcome> out)
            throws Exception {
        Pending p = pending.value();
        if (p != null) {
            attribute(p, feedback);
            pending.update(p);
            return;
        }
        if (closedUntil.value() != null) {
            count(Count.LATE);
            return;
        }
        // Before its decision: wait for it, up to one window from the feedback's time.
        early.add(feedback);
        ctx.timerService().registerEventTimeTimer(after(feedback.ts, window));
    }

    private void attribute(Pending p, Feedback f) {
        Impression impression = p.impression;
        if (f.ts < impression.ts) {
            count(Count.BEFORE_DECISION);
            return;
        }
        if (f.ts > p.closesAt) {
            count(Count.LATE);
            return;
        }
        if (f.isClick() != impression.isClick()) {
            count(f.isClick() ? Count.NOT_PLACED : Count.UNKNOWN_LABEL);
            return;
        }
        if (f.isClick()) {
            int k = impression.placedIndex(f.candidate);
            if (k < 0) {
                count(Count.NOT_PLACED);
            } else if (p.clicked[k]) {
                count(Count.REPEATED);
            } else {
                p.clicked[k] = true;
                count(Count.ATTRIBUTED);
            }
            return;
        }
        if (impression.probabilityOf(f.label) < 0) {
            count(Count.UNKNOWN_LABEL);
        } else if (p.label != null) {
            count(Count.REPEATED);
        } else {
            p.label = f.label;
            count(Count.ATTRIBUTED);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out)
            throws Exception {
        Pending p = pending.value();
        if (p != null && timestamp >= p.closesAt) {
            close(p, out);
            pending.clear();
            closedUntil.update(after(p.closesAt, window));
            ctx.timerService().registerEventTimeTimer(after(p.closesAt, window));
            return;
        }
        Long until = closedUntil.value();
        if (until != null && timestamp >= until) {
            closedUntil.clear();
        }
        if (p == null) {
            expireEarly(timestamp);
        }
    }

    /**
     * {@code time + span}, or {@link Long#MAX_VALUE} where that overflows: a {@code ts} near the
     * end of time (a clock read in microseconds, a device in 2100) closes at the end of input,
     * never in the past (an overflowed sum is negative, and its timer would fire at once).
     */
    static long after(long time, long span) {
        long sum = time + span;
        return ((time ^ sum) & (span ^ sum)) < 0
                ? (span >= 0 ? Long.MAX_VALUE : Long.MIN_VALUE)
                : sum;
    }

    /** Feedback that waited a whole window without its decision: an unknown id. */
    private void expireEarly(long now) throws Exception {
        List<Feedback> keep = new ArrayList<>();
        for (Feedback f : early.get()) {
            if (after(f.ts, window) <= now) {
                count(Count.UNKNOWN_ID);
            } else {
                keep.add(f);
            }
        }
        if (keep.isEmpty()) {
            early.clear();
        } else {
            early.update(keep);
        }
    }

    private void close(Pending p, Collector<Outcome> out) {
        Impression i = p.impression;
        if (i.isClick()) {
            for (int k = 0; k < i.placed.length; k++) {
                out.collect(Outcome.click(i.model, i.placement, i.placedP[k], p.clicked[k]));
            }
        } else if (p.label != null) {
            out.collect(
                    Outcome.label(
                            i.model,
                            i.placement,
                            i.topP,
                            p.label.equals(i.predicted),
                            i.probabilityOf(p.label)));
        }
    }

    private void count(Count count) {
        counters.get(count).inc();
        totals.get(count).add(1L);
    }
}
