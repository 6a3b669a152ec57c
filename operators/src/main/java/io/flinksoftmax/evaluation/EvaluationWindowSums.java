package io.flinksoftmax.evaluation;

import org.apache.flink.annotation.Internal;

/** The sums of one key and window: for the top slot, and for the whole ranking. A POJO. */
@Internal
public final class EvaluationWindowSums {

    public EvaluationSums top = new EvaluationSums();
    public EvaluationSums ranking = new EvaluationSums();

    /** Whether the rewards are click values ({@link EvaluationSample#valueReward}). */
    public boolean valueReward;

    public EvaluationWindowSums() {}

    public EvaluationWindowSums add(EvaluationSample s) {
        valueReward |= s.valueReward;
        top.add(s.topWeight, s.topReward, s.topBound);
        ranking.add(s.rankingWeight, s.rankingReward, s.rankingBound);
        return this;
    }

    public EvaluationWindowSums merge(EvaluationWindowSums other) {
        valueReward |= other.valueReward;
        top.merge(other.top);
        ranking.merge(other.ranking);
        return this;
    }
}
