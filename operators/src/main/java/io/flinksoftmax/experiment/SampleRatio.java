package io.flinksoftmax.experiment;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The sample-ratio-mismatch check of an experiment (DESIGN §14): Pearson's chi-square test of the
 * units (or decisions) observed per variant against the variants' weights. A split that works gives
 * p-values spread over (0, 1); a lost or duplicated share of one variant's traffic gives tiny ones.
 * GrowthBook flags p below {@link #THRESHOLD}.
 */
@PublicEvolving
public final class SampleRatio {

    /** GrowthBook's default: below this p-value the split is reported as mismatched. */
    public static final double THRESHOLD = 0.001;

    private SampleRatio() {}

    /**
     * The p-value of {@code observed} counts per variant under the proportions of {@code weights}
     * (positive; they need not add up to 1): P(χ²(k − 1) ≥ Σ (o − e)² / e). 1 with fewer than two
     * variants or no observations.
     *
     * @throws IllegalArgumentException when the arrays differ in length, a count is negative or a
     *     weight is not a finite number > 0
     */
    public static double pValue(long[] observed, double[] weights) {
        if (observed.length != weights.length) {
            throw new IllegalArgumentException("one count per weight");
        }
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0 || !(weights[i] > 0 && weights[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException(
                        "counts must be >= 0 and weights finite and > 0");
            }
            total += observed[i];
            weightSum += weights[i];
        }
        if (observed.length < 2 || total == 0) {
            return 1.0;
        }
        double chiSquare = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * weights[i] / weightSum;
            double d = observed[i] - expected;
            chiSquare += d * d / expected;
        }
        return upperRegularizedGamma((observed.length - 1) / 2.0, chiSquare / 2);
    }

    /**
     * Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0: by its series below a + 1 and by its
     * continued fraction (modified Lentz) above, each to double precision (Numerical Recipes, 3rd
     * ed., §6.2).
     */
    static double upperRegularizedGamma(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        double logPrefix = a * Math.log(x) - x - logGamma(a);
        if (x < a + 1) {
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < 10_000; n++) {
                term *= x / (a + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return Math.max(0, 1 - sum * Math.exp(logPrefix));
        }
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.min(1, Math.exp(logPrefix) * h);
    }

    /** ln Γ(a) for a > 0: Lanczos (g = 7, 9 terms), about 15 significant digits. */
    static double logGamma(double a) {
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double x = a - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };
}
