package io.flinksoftmax.evaluation;

import org.apache.flink.annotation.Internal;

/**
 * Off-policy estimates of one target's mean reward from its {@link EvaluationSums} (DESIGN §13).
 *
 * <ul>
 *   <li>{@code ips} = Σwr / n: unbiased where the logging policy could make every choice the target
 *       makes (support), high variance when weights are large.
 *   <li>{@code snips} = Σwr / Σw, self-normalised: slightly biased, far steadier; the estimate to
 *       read.
 *   <li>{@code clippedIps} = Σ min(w, {@link EvaluationSums#WEIGHT_CLIP}) r / n: biased low where
 *       weights exceed the clip.
 *   <li>{@code ess} = (Σw)² / Σw²: how many on-policy decisions the weighted ones are worth.
 *   <li>{@code [ciLow, ciHigh]}: a confidence interval at level 1 - delta around {@code snips},
 *       from the empirical Bernstein bound (Maurer and Pontil, 2009, Theorem 4), not a normal
 *       approximation, which undercovers when weights are heavy. With E[w] = 1 under support, the
 *       target's value v is the one for which Z(v) = w (r - v) has mean 0; the interval holds every
 *       v whose sample mean of Z(v) lies within the two-sided bound, sqrt(2 V ln(4/δ) / n) + 7 B
 *       ln(4/δ) / (3 (n - 1)), V the sample variance of Z(v) and B its range, max w × max r. Both
 *       come from the sums. The largest weight seen stands in for the largest possible one.
 * </ul>
 *
 * NaN where a value has no meaning: {@code snips} when every weight is 0 (the target never agreed
 * with the logged choices), everything but {@code n} when there are no decisions, the interval when
 * the sums left the double range (click values near {@code Double.MAX_VALUE}).
 */
@Internal
public record Estimates(
        long n,
        double ips,
        double snips,
        double clippedIps,
        double ess,
        double ciLow,
        double ciHigh,
        double maxW) {

    /** The intervals' default level: 95 %. */
    public static final double DEFAULT_DELTA = 0.05;

    public static Estimates of(EvaluationSums s) {
        return of(s, DEFAULT_DELTA);
    }

    /**
     * @param delta one minus the interval's level, in (0, 1)
     */
    public static Estimates of(EvaluationSums s, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (s.n == 0) {
            return new Estimates(
                    0,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        }
        double n = s.n;
        double ips = s.sumWR / n;
        double snips = s.sumW > 0 ? s.sumWR / s.sumW : Double.NaN;
        double ess = s.sumW2 > 0 ? s.sumW * s.sumW / s.sumW2 : 0.0;
        double low = 0;
        double high = s.maxR;
        if (!finite(s)) {
            // Sums past the double range (rewards near Double.MAX_VALUE): no interval, rather
            // than one that NaN comparisons would make look exact.
            low = Double.NaN;
            high = Double.NaN;
        } else if (s.n >= 2 && s.sumW > 0) {
            Bound bound = new Bound(s, Math.log(4 / delta));
            low = bound.edge(snips, 0);
            high = bound.edge(snips, s.maxR);
        }
        return new Estimates(s.n, ips, snips, s.sumClippedWR / n, ess, low, high, s.maxW);
    }

    private static boolean finite(EvaluationSums s) {
        return Double.isFinite(s.sumW)
                && Double.isFinite(s.sumW2)
                && Double.isFinite(s.sumWR)
                && Double.isFinite(s.sumW2R)
                && Double.isFinite(s.sumW2R2)
                && Double.isFinite(s.maxR * s.maxW);
    }

    /** The half-width of the interval, or NaN. */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }

    /** The empirical Bernstein test of "the target's value is v", over the sums. */
    private record Bound(EvaluationSums s, double logTerm) {

        /**
         * How far the sample mean of Z(v) = w (r - v) lies past the bound, in absolute value:
         * {@code > 0} for a v outside the interval.
         */
        double excess(double v) {
            double n = s.n;
            double sumZ = s.sumWR - v * s.sumW;
            double sumZ2 = s.sumW2R2 - 2 * v * s.sumW2R + v * v * s.sumW2;
            double variance = Math.max(0, (sumZ2 - sumZ * sumZ / n) / (n - 1));
            double range = s.maxW * s.maxR;
            double bound =
                    Math.sqrt(2 * variance * logTerm / n) + 7 * range * logTerm / (3 * (n - 1));
            return Math.abs(sumZ / n) - bound;
        }

        /**
         * The end of the interval between {@code inside} (in it: the mean of Z is 0 there) and
         * {@code limit} (the reward range's end): {@code limit} when no v up to it is refused, else
         * the first refused v, found by bisection.
         */
        double edge(double inside, double limit) {
            if (excess(limit) <= 0) {
                return limit;
            }
            double in = inside;
            double out = limit;
            for (int i = 0; i < 100 && in != out; i++) {
                double mid = (in + out) / 2;
                if (mid == in || mid == out) {
                    break;
                }
                if (excess(mid) <= 0) {
                    in = mid;
                } else {
                    out = mid;
                }
            }
            return in;
        }
    }
}
