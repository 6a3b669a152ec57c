package io.flinksoftmax.calibration;

import org.apache.flink.annotation.Internal;

/**
 * Running sums over a set of {@link Outcome}s of one target, from which every calibration metric
 * follows (README "Feedback and calibration"). Mergeable: the sums of two sets add. A POJO with
 * public fields, as Flink's window state keeps it.
 *
 * <p>Definitions, over n outcomes with predicted p_i and outcome y_i in {0, 1}:
 *
 * <ul>
 *   <li>observed rate = Σy / n; mean predicted = Σp / n; calibration ratio = observed / predicted;
 *   <li>ECE = Σ_b (n_b / n)·|mean y in b − mean p in b|, over 10 equal-width bins of p: [0, 0.1),
 *       ..., [0.9, 1.0] (p = 1 in the last);
 *   <li>log loss = −(1/n)·Σ [y log q + (1−y) log(1−q)], and for classes the mean of −log q of the
 *       true label, with q = p clamped to [1e-15, 1 − 1e-15] so that one confident miss gives a
 *       large, finite loss (as scikit-learn's {@code log_loss} did);
 *   <li>Brier score = (1/n)·Σ (p − y)².
 * </ul>
 */
@Internal
public final class CalibrationStats {

    /** Equal-width bins of the expected calibration error. */
    public static final int BINS = 10;

    /** Probabilities are clamped to [EPSILON, 1 − EPSILON] inside logarithms. */
    public static final double EPSILON = 1e-15;

    public long count;
    public long positives;
    public double sumP;
    public double sumLogLoss;
    public double sumBrier;
    public long[] binCount = new long[BINS];
    public double[] binSumP = new double[BINS];
    public long[] binPositives = new long[BINS];

    public CalibrationStats() {}

    /** Adds one outcome. */
    public CalibrationStats add(Outcome o) {
        double p = o.p;
        int y = o.positive ? 1 : 0;
        count++;
        positives += y;
        sumP += p;
        sumBrier += (p - y) * (p - y);
        if (o.isLabel()) {
            sumLogLoss -= Math.log(clamp(o.labelProbability));
        } else {
            double q = clamp(p);
            sumLogLoss -= y == 1 ? Math.log(q) : Math.log1p(-q);
        }
        int bin = bin(p);
        binCount[bin]++;
        binSumP[bin] += p;
        binPositives[bin] += y;
        return this;
    }

    /** Adds another set's sums to this one. */
    public CalibrationStats merge(CalibrationStats other) {
        count += other.count;
        positives += other.positives;
        sumP += other.sumP;
        sumLogLoss += other.sumLogLoss;
        sumBrier += other.sumBrier;
        for (int b = 0; b < BINS; b++) {
            binCount[b] += other.binCount[b];
            binSumP[b] += other.binSumP[b];
            binPositives[b] += other.binPositives[b];
        }
        return this;
    }

    /** Σy / n: click-through rate, or accuracy; NaN when empty. */
    public double observedRate() {
        return (double) positives / count;
    }

    /** Σp / n; NaN when empty. */
    public double meanPredicted() {
        return sumP / count;
    }

    /** observed / predicted: 1 when calibrated, 0.5 when the model predicts twice what happens. */
    public double calibrationRatio() {
        return observedRate() / meanPredicted();
    }

    /** The expected calibration error over {@value #BINS} equal-width bins; NaN when empty. */
    public double expectedCalibrationError() {
        if (count == 0) {
            return Double.NaN;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (binCount[b] > 0) {
                double gap = (double) binPositives[b] / binCount[b] - binSumP[b] / binCount[b];
                ece += (double) binCount[b] / count * Math.abs(gap);
            }
        }
        return ece;
    }

    /** Mean log loss (clicks) or mean −log p(true label) (classes); NaN when empty. */
    public double meanLogLoss() {
        return sumLogLoss / count;
    }

    /** Mean (p − y)²; NaN when empty. */
    public double brierScore() {
        return sumBrier / count;
    }

    /** The bin of probability p: floor(10·p), with p = 1 (and anything above) in the last. */
    static int bin(double p) {
        int b = (int) (p * BINS);
        return Math.max(0, Math.min(BINS - 1, b));
    }

    private static double clamp(double p) {
        if (!(p >= EPSILON)) { // NaN too
            return EPSILON;
        }
        return Math.min(p, 1 - EPSILON);
    }
}
