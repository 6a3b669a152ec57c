package io.flinksoftmax.bench;

import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

/**
 * The identity variant's "scoring": a decision of the same shape and size as the real one, built
 * without the kernel or any ordering (scores stand in for probabilities). Parse and serialize stay
 * exactly as in the real job, so the difference is the cost of scoring.
 */
final class UnscoredDecisions
        implements MapFunction<ScoringEvent, Decision>, ResultTypeQueryable<Decision> {

    private static final long serialVersionUID = 1L;
    private static final Confidence NONE = new Confidence(0, 0, 0, 0);

    private final ScoringConfig config;

    UnscoredDecisions(ScoringConfig config) {
        this.config = config;
    }

    @Override
    public Decision map(ScoringEvent event) {
        var policy = config.policyFor(event.placement());
        int n = event.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (event instanceof ClickScores click) {
            int[] slots = new int[n];
            double[] propensities = new double[n];
            for (int i = 0; i < Math.min(n, policy.slots()); i++) {
                slots[i] = i + 1;
                propensities[i] = 1.0;
            }
            return new ClickDecision(
                    click,
                    policy,
                    1.0,
                    click.scores(),
                    click.scores(),
                    order,
                    slots,
                    Math.min(n, policy.slots()),
                    propensities,
                    1.0,
                    NONE,
                    0L);
        }
        ClassLogits item = (ClassLogits) event;
        int[] topK = java.util.Arrays.copyOf(order, Math.min(n, policy.topK()));
        return new ClassDecision(
                item, policy, 1.0, item.logits(), item.logits(), topK, NONE, 0.0, 0L);
    }

    @Override
    public TypeInformation<Decision> getProducedType() {
        return ScoringTypes.DECISION;
    }
}
