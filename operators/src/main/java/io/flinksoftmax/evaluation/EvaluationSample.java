package io.flinksoftmax.evaluation;

import org.apache.flink.annotation.Internal;

/**
 * One closed decision as one target policy sees it (DESIGN §13): the importance weights and rewards
 * of the two estimands, the top slot and the whole ranking, with the largest reward each could have
 * had. Made when the decision's attribution window closes; summed per {@link EvaluationKey} and
 * window. A POJO, so that Flink serializes it without Kryo.
 */
@Internal
public final class EvaluationSample {

    /** The decision's policy (its placement) and that policy's version. */
    public String placement;

    public long version;

    /** The decision's experiment and variant ({@code null} without one), as its assignment. */
    public String experiment;

    public String variant;

    /**
     * The serving policy's sample ({@code logging}) in an experiment: the experiment's variants and
     * weights, for the sample-ratio check; {@code null} otherwise.
     */
    public String[] arms;

    public double[] armWeights;

    /** Whether rewards are click values (the policy ranks by expected value), not clicks. */
    public boolean valueReward;

    /** {@code logging} or a shadow's name. */
    public String target;

    /** Top slot: w = p_target(logged slot-1 choice) / p_logged(it); reward and its bound. */
    public double topWeight;

    public double topReward;
    public double topBound;

    /** Whole ranking: w = p_target(logged placement) / p_logged(it); reward and its bound. */
    public double rankingWeight;

    public double rankingReward;
    public double rankingBound;

    public EvaluationSample() {}

    public EvaluationKey key() {
        return new EvaluationKey(placement, version, experiment, variant, target);
    }

    @Override
    public String toString() {
        return placement
                + "/"
                + version
                + "/"
                + target
                + " top w="
                + topWeight
                + " r="
                + topReward
                + " ranking w="
                + rankingWeight
                + " r="
                + rankingReward;
    }
}
