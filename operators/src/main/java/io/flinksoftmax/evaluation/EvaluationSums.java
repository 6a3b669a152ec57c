package io.flinksoftmax.evaluation;

import org.apache.flink.annotation.Internal;

/**
 * The mergeable sums off-policy evaluation needs for one target policy and one estimand (DESIGN
 * §13): per logged decision an importance weight {@code w = p_target / p_logged} and a reward
 * {@code r >= 0} with a known bound. Every estimate and interval of {@link Estimates} is a function
 * of these, so windows, subtasks and restores combine by adding them. A POJO, so that Flink keeps
 * it in window state without Kryo.
 */
@Internal
public final class EvaluationSums {

    /**
     * Clipped IPS caps each weight here: large enough to leave a well-supported target unbiased,
     * small enough that one rare decision cannot dominate a window.
     */
    public static final double WEIGHT_CLIP = 10.0;

    /**
     * The largest weight a decision adds: a logged choice so unlikely that its weight would pass
     * this says the logging policy all but never makes it, and one such decision would otherwise
     * decide a window alone (or overflow its squares).
     */
    public static final double MAX_WEIGHT = 1e6;

    public long n;
    public double sumW;
    public double sumW2;
    public double sumWR;
    public double sumW2R;
    public double sumW2R2;
    public double sumClippedWR;
    public double maxW;

    /** The largest reward any decision added could have had (1 for a click): the reward range. */
    public double maxR;

    public EvaluationSums() {}

    /**
     * The importance weight of a choice the target makes with probability {@code target} and the
     * logging policy made with {@code logged} ({@code > 0}): their ratio, at most {@link
     * #MAX_WEIGHT}.
     */
    public static double weight(double target, double logged) {
        if (!(logged > 0) || !(target >= 0)) {
            throw new IllegalArgumentException(
                    "a logged choice has a probability > 0, a target's >= 0; got "
                            + logged
                            + ", "
                            + target);
        }
        return Math.min(target / logged, MAX_WEIGHT);
    }

    /**
     * Adds one decision.
     *
     * @param w its importance weight, finite and {@code >= 0}
     * @param r its reward, in {@code [0, rBound]}
     * @param rBound the largest reward it could have had
     * @throws IllegalArgumentException for a weight or reward outside those ranges
     */
    public EvaluationSums add(double w, double r, double rBound) {
        if (!(w >= 0 && w < Double.POSITIVE_INFINITY) || !(r >= 0 && r <= rBound)) {
            throw new IllegalArgumentException(
                    "weight must be finite and >= 0 and reward in [0, "
                            + rBound
                            + "], got w="
                            + w
                            + " r="
                            + r);
        }
        n++;
        sumW += w;
        sumW2 += w * w;
        sumWR += w * r;
        sumW2R += w * w * r;
        sumW2R2 += w * w * r * r;
        sumClippedWR += Math.min(w, WEIGHT_CLIP) * r;
        maxW = Math.max(maxW, w);
        maxR = Math.max(maxR, rBound);
        return this;
    }

    /** Adds {@code other}'s decisions to these; returns this. */
    public EvaluationSums merge(EvaluationSums other) {
        n += other.n;
        sumW += other.sumW;
        sumW2 += other.sumW2;
        sumWR += other.sumWR;
        sumW2R += other.sumW2R;
        sumW2R2 += other.sumW2R2;
        sumClippedWR += other.sumClippedWR;
        maxW = Math.max(maxW, other.maxW);
        maxR = Math.max(maxR, other.maxR);
        return this;
    }
}
