package io.flinksoftmax.evaluation;

import io.flinksoftmax.experiment.SampleRatio;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * The decisions of one experiment in one window, per variant, for the sample-ratio-mismatch check
 * (DESIGN §14): counted from the serving policy's evaluation samples, with the experiment's
 * variants and weights as the samples carry them. A POJO, so that Flink keeps it in window state
 * without Kryo.
 */
@Internal
public final class SampleRatioCounts {

    /** The variants and their weights, in the experiment's order; {@code null} before a sample. */
    public String[] arms;

    public double[] weights;

    /** Decisions per variant, same order. */
    public long[] counts;

    /** Decisions of units outside the coverage. */
    public long outside;

    /** Decisions of a variant these arms do not list (none unless a sample is inconsistent). */
    public long unknown;

    public SampleRatioCounts() {}

    public SampleRatioCounts add(EvaluationSample s) {
        if (arms == null) {
            arms = s.arms.clone();
            weights = s.armWeights.clone();
            counts = new long[arms.length];
        }
        if (s.variant == null) {
            outside++;
            return this;
        }
        int i = Arrays.asList(arms).indexOf(s.variant);
        if (i < 0) {
            unknown++;
        } else {
            counts[i]++;
        }
        return this;
    }

    public SampleRatioCounts merge(SampleRatioCounts other) {
        if (other.arms == null) {
            return this;
        }
        if (arms == null) {
            arms = other.arms.clone();
            weights = other.weights.clone();
            counts = other.counts.clone();
        } else {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
        }
        outside += other.outside;
        unknown += other.unknown;
        return this;
    }

    /**
     * The chi-square p-value of the counts against the weights, over the variants of weight above 0
     * (a variant of weight 0 gets no units by construction); 1 without decisions.
     */
    public double pValue() {
        if (arms == null) {
            return 1.0;
        }
        int k = 0;
        for (double w : weights) {
            k += w > 0 ? 1 : 0;
        }
        long[] observed = new long[k];
        double[] expected = new double[k];
        for (int i = 0, j = 0; i < arms.length; i++) {
            if (weights[i] > 0) {
                observed[j] = counts[i];
                expected[j++] = weights[i];
            }
        }
        return SampleRatio.pValue(observed, expected);
    }
}
