package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.calibration.Target;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.policy.Shadow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
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
 * placed candidate inside it counts for that candidate; when the watermark passes the window's end
 * the decision closes into {@link Outcome}s, as its target says ({@link Target}): a sigmoid
 * decision gives one per placed candidate (clicked or not); a softmax decision with exactly one
 * clicked candidate one per placed candidate, its probability renormalised over the placed; a class
 * decision with a true label one (right or wrong). The key's state is then cleared. Outcomes carry
 * the window's end as their timestamp, so the calibration windows downstream group decisions by
 * when their attribution closed.
 *
 * <p>Every record is counted once. Feedback by how it ended ({@link Count}): attributed, a repeat,
 * a click on a candidate that was not placed, a label the event did not have, before the decision's
 * time, after its window (late), or for an id with no decision within a window of the feedback's
 * time (unknown). Decisions by how they closed ({@link DecisionCount}): into outcomes, or without
 * (a softmax decision with no click or several, a class decision without a label), and also when
 * one arrived after its window had closed in event time (it still closes, at the next watermark,
 * and its outcomes may be late for calibration) or a second time for an id. Feedback that arrives
 * before its decision waits for it, up to one window.
 *
 * <p>State per id: the decision's {@link Impression} and what was attributed until the window
 * closes, then a marker for one more window (to tell late feedback from unknown ids); early
 * feedback until its decision or one window. Event-time timers clear all of it, and nothing expires
 * in processing time: a job stopped for a day and restored resolves every pending decision when
 * event time moves on (there is no state TTL; a watermark that never advances keeps state, as it
 * keeps every event-time window in Flink).
 */
@Internal
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
        UNKNOWN_ID;

        public String metricName() {
            return "feedback_" + code(this);
        }

        public String accumulatorName() {
            return ScoringMetrics.GROUP + ".feedback." + code(this);
        }
    }

    /**
     * How each decision ended in attribution. Metric {@code attribution_<name>}, accumulator too.
     * All but {@link #LATE_DECISION} add up to the decisions in; that one counts some of them
     * again.
     */
    public enum DecisionCount {
        /** Closed into outcomes for calibration. */
        CALIBRATED,
        /** A softmax decision without a click: a choice calibration has nothing to compare. */
        NO_CLICK,
        /** A softmax decision with two or more clicked candidates: not one choice. */
        SEVERAL_CLICKS,
        /**
         * A softmax decision with one click whose placed candidates all had probability 0 (scores
         * so far below the top that their shares underflow): there is no share to renormalise.
         */
        ZERO_MASS,
        /** A class decision whose true label never came. */
        NO_LABEL,
        /** A decision for an id that already had one (an at-least-once replay); ignored. */
        DUPLICATE_DECISION,
        /**
         * A decision that arrived after its window had closed in event time (behind the watermark
         * by more than the window). It still closes, at the next watermark; its outcomes are late
         * for calibration when their calibration window has closed too.
         */
        LATE_DECISION;

        public String metricName() {
            return "attribution_" + code(this);
        }

        public String accumulatorName() {
            return ScoringMetrics.GROUP + ".attribution." + code(this);
        }
    }

    /** A count's name in metric and accumulator names: {@code late_decision}. */
    private static String code(Enum<?> count) {
        return count.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The decision under attribution, and what was attributed to it so far. A POJO in keyed state:
     * internal, so that its layout can change with a state migration, not an API promise.
     */
    @Internal
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
    private transient Map<DecisionCount, Counter> decisionCounters;
    private transient Map<DecisionCount, LongCounter> decisionTotals;

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
        // No state TTL: Flink's TTL counts wall time, and a job stopped for longer than it would
        // restore pending decisions as expired. Event-time timers clear every entry.
        pending =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending", TypeInformation.of(Pending.class)));
        closedUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("closed-until", Types.LONG));
        early =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "early", TypeInformation.of(Feedback.class)));

        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        counters = new EnumMap<>(Count.class);
        totals = new EnumMap<>(Count.class);
        for (Count count : Count.values()) {
            counters.put(count, group.counter(count.metricName()));
            LongCounter total = new LongCounter();
            getRuntimeContext().addAccumulator(count.accumulatorName(), total);
            totals.put(count, total);
        }
        decisionCounters = new EnumMap<>(DecisionCount.class);
        decisionTotals = new EnumMap<>(DecisionCount.class);
        for (DecisionCount count : DecisionCount.values()) {
            decisionCounters.put(count, group.counter(count.metricName()));
            LongCounter total = new LongCounter();
            getRuntimeContext().addAccumulator(count.accumulatorName(), total);
            decisionTotals.put(count, total);
        }
    }

    @Override
    public void processElement1(Impression impression, Context ctx, Collector<Outcome> out)
            throws Exception {
        if (pending.value() != null || closedUntil.value() != null) {
            count(DecisionCount.DUPLICATE_DECISION);
            return;
        }
        Pending p = new Pending();
        p.impression = impression;
        p.clicked = impression.isClick() ? new boolean[impression.placed.length] : null;
        p.closesAt = after(impression.ts, window);
        if (p.closesAt <= ctx.timerService().currentWatermark()) {
            // Its timer is in the past and fires at the next watermark: it closes then.
            count(DecisionCount.LATE_DECISION);
        }
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
            evaluate(p, ctx);
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
        if (!i.isClick()) {
            if (p.label == null) {
                count(DecisionCount.NO_LABEL);
                return;
            }
            emit(
                    out,
                    i,
                    Outcome.label(
                            i.model,
                            i.placement,
                            i.topP,
                            p.label.equals(i.predicted),
                            i.probabilityOf(p.label)));
            count(DecisionCount.CALIBRATED);
            return;
        }
        if (Target.forImpression(i) == Target.CLICK) {
            for (int k = 0; k < i.placed.length; k++) {
                emit(
                        out,
                        i,
                        Outcome.of(Target.CLICK, i.model, i.placement, i.placedP[k], p.clicked[k]));
            }
            count(DecisionCount.CALIBRATED);
            return;
        }
        closeChoice(p, out);
    }

    /** {@code o}, from {@code i}'s decision, with its experiment arm (calibrated per variant). */
    private static void emit(Collector<Outcome> out, Impression i, Outcome o) {
        o.experiment = i.experiment;
        o.variant = i.variant;
        out.collect(o);
    }

    /**
     * A softmax decision: p is a share among the request's candidates, not P(click | shown), so it
     * is compared with which placed candidate was chosen, over requests with exactly one (DESIGN
     * §11): each placed candidate's p renormalised over the placed set, positive for the clicked
     * one.
     */
    private void closeChoice(Pending p, Collector<Outcome> out) {
        Impression i = p.impression;
        int clicks = 0;
        double placedMass = 0;
        for (int k = 0; k < i.placed.length; k++) {
            clicks += p.clicked[k] ? 1 : 0;
            placedMass += i.placedP[k];
        }
        if (clicks != 1) {
            count(clicks == 0 ? DecisionCount.NO_CLICK : DecisionCount.SEVERAL_CLICKS);
            return;
        }
        if (!(placedMass > 0)) {
            count(DecisionCount.ZERO_MASS);
            return;
        }
        for (int k = 0; k < i.placed.length; k++) {
            emit(
                    out,
                    i,
                    Outcome.of(
                            Target.CHOICE,
                            i.model,
                            i.placement,
                            i.placedP[k] / placedMass,
                            p.clicked[k]));
        }
        count(DecisionCount.CALIBRATED);
    }

    /**
     * A closed click decision's evaluation samples, one per target (the logging policy, weight 1,
     * then each shadow): every closed decision counts, clicked or not (DESIGN §13). The reward of
     * the top slot is a click on the slot-1 candidate, of the ranking the clicks on every placed
     * one; each click is worth 1, or its bid when the policy ranks by expected value.
     */
    private void evaluate(Pending p, OnTimerContext ctx) {
        Impression i = p.impression;
        if (!i.isClick()) {
            return;
        }
        double topReward = 0;
        double topBound = i.valueReward ? 0 : 1;
        double rankingReward = 0;
        double rankingBound = 0;
        for (int k = 0; k < i.placed.length; k++) {
            double value = i.valueReward ? bid(i, k) : 1;
            rankingBound += value;
            rankingReward += p.clicked[k] ? value : 0;
            if (k == 0) {
                topBound = value;
                topReward = p.clicked[0] ? value : 0;
            }
        }
        EvaluationSample served =
                sample(i, Shadow.LOGGING, 1, topReward, topBound, 1, rankingReward, rankingBound);
        served.arms = i.arms;
        served.armWeights = i.armWeights;
        ctx.output(OutputTags.EVALUATION_SAMPLES, served);
        // An impression from a savepoint of the release before shadows has none of these fields.
        int shadows = i.shadows == null ? 0 : i.shadows.length;
        for (int s = 0; s < shadows; s++) {
            ctx.output(
                    OutputTags.EVALUATION_SAMPLES,
                    sample(
                            i,
                            i.shadows[s],
                            i.topWeights[s],
                            topReward,
                            topBound,
                            i.rankingWeights[s],
                            rankingReward,
                            rankingBound));
        }
    }

    /** A placed candidate's bid, 0 without one (a library caller's event may lack it). */
    private static double bid(Impression i, int k) {
        double bid = i.placedBid == null ? 0 : i.placedBid[k];
        return bid >= 0 && bid < Double.POSITIVE_INFINITY ? bid : 0;
    }

    private static EvaluationSample sample(
            Impression i,
            String target,
            double topWeight,
            double topReward,
            double topBound,
            double rankingWeight,
            double rankingReward,
            double rankingBound) {
        EvaluationSample s = new EvaluationSample();
        s.placement = i.placement;
        s.version = i.version;
        s.experiment = i.experiment;
        s.variant = i.variant;
        s.valueReward = i.valueReward;
        s.target = target;
        s.topWeight = topWeight;
        s.topReward = topReward;
        s.topBound = topBound;
        s.rankingWeight = rankingWeight;
        s.rankingReward = rankingReward;
        s.rankingBound = rankingBound;
        return s;
    }

    private void count(DecisionCount count) {
        decisionCounters.get(count).inc();
        decisionTotals.get(count).add(1L);
    }

    private void count(Count count) {
        counters.get(count).inc();
        totals.get(count).add(1L);
    }
}
