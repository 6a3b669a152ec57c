package io.flinksoftmax.operator;

import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.EventKind;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The scoring side's metrics and accumulators: decisions per kind, {@code candidates_placed},
 * {@code decisions_explored}, and the histogram {@code scoring_latency_ns}, and {@code
 * decisions_without_ts} (decided, but without event time they cannot be attributed to feedback).
 */
final class DecisionMetrics {

    /** Events in the latency histogram's sliding window. */
    private static final int LATENCY_WINDOW = 10_000;

    private final Map<EventKind, Counter> decisions = new EnumMap<>(EventKind.class);
    private final Counter placed;
    private final Counter explored;
    private final Histogram latency;
    private final LongCounter decisionsTotal = new LongCounter();
    private final Counter withoutTs;
    private final LongCounter withoutTsTotal = new LongCounter();

    DecisionMetrics(RuntimeContext context) {
        MetricGroup group = context.getMetricGroup().addGroup(ScoringMetrics.GROUP);
        for (EventKind kind : EventKind.values()) {
            decisions.put(kind, group.counter(ScoringMetrics.DECISIONS_PREFIX + kind.wireName()));
        }
        placed = group.counter(ScoringMetrics.CANDIDATES_PLACED);
        explored = group.counter(ScoringMetrics.DECISIONS_EXPLORED);
        latency =
                group.histogram(
                        ScoringMetrics.SCORING_LATENCY,
                        new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        context.addAccumulator(ScoringMetrics.ACC_DECISIONS, decisionsTotal);
        withoutTs = group.counter(ScoringMetrics.DECISIONS_WITHOUT_TS);
        context.addAccumulator(ScoringMetrics.ACC_DECISIONS_WITHOUT_TS, withoutTsTotal);
    }

    void decision(Decision decision, long nanos) {
        latency.update(nanos);
        decisions.get(decision.event().kind()).inc();
        decisionsTotal.add(1L);
        if (decision instanceof ClickDecision click) {
            placed.inc(click.placedCount());
            if (click.explored()) {
                explored.inc();
            }
        }
        if (!decision.event().hasEventTs()) {
            withoutTs.inc();
            withoutTsTotal.add(1L);
        }
    }
}
