package io.flinksoftmax.operator;

import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.event.EventKind;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The scoring operator: a validated event in, its {@link Decision} out (softmax or sigmoid
 * probabilities, slots or the predicted label, confidence). A thin Flink wrapper around {@link
 * Scorer}; the input must come from {@link ParseEventFunction} (or {@link
 * io.flinksoftmax.serde.EventParser}) with the same config.
 *
 * <pre>{@code
 * DataStream<Decision> decisions =
 *         events.map(new SoftmaxScoringFunction(config)).name("score").uid("score");
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): {@code decisions_click_scores}, {@code
 * decisions_class_logits}, {@code candidates_placed}, and the histogram {@code scoring_latency_ns}.
 */
public class SoftmaxScoringFunction extends RichMapFunction<ScoringEvent, Decision>
        implements ResultTypeQueryable<Decision> {

    private static final long serialVersionUID = 1L;

    /** Events in the latency histogram's sliding window. */
    private static final int LATENCY_WINDOW = 10_000;

    private final Scorer scorer;

    private transient Map<EventKind, Counter> decisions;
    private transient Counter placed;
    private transient Histogram latency;
    private transient LongCounter decisionsTotal;

    public SoftmaxScoringFunction(ScoringConfig config) {
        this.scorer = new Scorer(config);
    }

    @Override
    public TypeInformation<Decision> getProducedType() {
        return ScoringTypes.DECISION;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        decisions = new EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            decisions.put(kind, group.counter(ScoringMetrics.DECISIONS_PREFIX + kind.wireName()));
        }
        placed = group.counter(ScoringMetrics.CANDIDATES_PLACED);
        latency =
                group.histogram(
                        ScoringMetrics.SCORING_LATENCY,
                        new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        decisionsTotal = new LongCounter();
        getRuntimeContext().addAccumulator(ScoringMetrics.ACC_DECISIONS, decisionsTotal);
    }

    @Override
    public Decision map(ScoringEvent event) {
        long start = System.nanoTime();
        Decision decision = scorer.score(event, System.currentTimeMillis());
        latency.update(System.nanoTime() - start);
        decisions.get(event.kind()).inc();
        decisionsTotal.add(1L);
        if (decision instanceof ClickDecision click) {
            placed.inc(click.placedCount());
        }
        return decision;
    }
}
