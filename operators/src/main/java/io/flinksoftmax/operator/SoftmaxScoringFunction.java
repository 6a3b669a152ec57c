package io.flinksoftmax.operator;

import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * The scoring operator: a validated event in, its {@link Decision} out (softmax or sigmoid
 * probabilities, slots or the predicted label, confidence). A thin Flink wrapper around {@link
 * Scorer}; the input must come from {@link ParseEventFunction} (or {@link
 * io.flinksoftmax.parse.EventParser}) with the same config.
 *
 * <pre>{@code
 * DataStream<Decision> decisions =
 *         events.map(new SoftmaxScoringFunction(config)).name("score").uid("score");
 * }</pre>
 *
 * <p>Metrics (group {@code softmax}): {@code decisions_click_scores}, {@code
 * decisions_class_logits}, {@code candidates_placed}, and the histogram {@code scoring_latency_ns}.
 */
@PublicEvolving
public class SoftmaxScoringFunction extends RichMapFunction<ScoringEvent, Decision>
        implements ResultTypeQueryable<Decision> {

    private static final long serialVersionUID = 1L;

    private final Scorer scorer;

    private transient DecisionMetrics metrics;

    public SoftmaxScoringFunction(ScoringConfig config) {
        this.scorer = new Scorer(config);
    }

    @Override
    public TypeInformation<Decision> getProducedType() {
        return ScoringTypes.DECISION;
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = new DecisionMetrics(getRuntimeContext());
    }

    @Override
    public Decision map(ScoringEvent event) {
        long start = System.nanoTime();
        Decision decision = scorer.score(event, System.currentTimeMillis());
        metrics.decision(decision, System.nanoTime() - start);
        return decision;
    }
}
