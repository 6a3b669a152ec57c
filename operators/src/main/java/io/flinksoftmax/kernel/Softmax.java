package io.flinksoftmax.kernel;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Numerically stable softmax, log-softmax and sigmoid over {@code double} logits.
 *
 * <p>For logits {@code z}, an optional eligibility mask and a temperature {@code T > 0}:
 *
 * <pre>
 *   p_i     = exp((z_i - M) / T) / S,   S = sum_j exp((z_j - M) / T),   M = max over eligible z
 *   log p_i = (z_i - M) / T - log S
 * </pre>
 *
 * <p>The shift by {@code M} comes first and the division by {@code T} second, so that no
 * intermediate overflows for tiny temperatures. Ineligible entries get probability 0 and log
 * probability {@code -Infinity} (the mask is the same as a logit of {@code -Infinity}).
 *
 * <h2>Accuracy</h2>
 *
 * The textbook shifted formula loses accuracy in two places: {@code z_i - M} is rounded (at {@code
 * |z| ~ 700} that is an absolute error of ~1e-13 in the exponent, i.e. hundreds of ulp in {@code
 * exp}), and the plain sum of {@code n} terms carries an error that grows with {@code n}. This
 * kernel removes both:
 *
 * <ul>
 *   <li>the shift is split into an exact double-double {@code d + dLo} with Knuth's TwoSum, the
 *       division by {@code T} keeps its exact remainder through {@link Math#fma}, and the tail is
 *       folded back with {@code exp(q + qLo) = exp(q) * (1 + qLo)} (the neglected {@code qLo^2/2}
 *       is below 1e-24 where it matters);
 *   <li>the sum uses Neumaier's compensated summation (Neumaier 1974, "Rundungsfehleranalyse
 *       einiger Verfahren zur Summation endlicher Summen"), and leaves out the top term, which is
 *       exactly 1, so that {@code log S = log1p(rest)} keeps full relative precision for the top
 *       entry's log probability.
 * </ul>
 *
 * Every probability is then within a few ulp of the exactly rounded value (the tests bound it by 4
 * ulp against a BigDecimal reference, for lengths up to 10,000 and logits up to ±1e4).
 *
 * <h2>Reproducibility</h2>
 *
 * The same inputs give the same output bits on every JVM and CPU: the kernel uses only operations
 * whose results the Java specification fixes — {@code +}, {@code -}, {@code *}, {@code /}, {@link
 * Math#fma} and comparisons (exactly rounded) and {@link StrictMath#exp}, {@link StrictMath#log1p}
 * (fdlibm, bit-for-bit specified). {@code Math.exp} and {@code Math.log1p} may differ by an ulp
 * between platforms and between JIT intrinsics and the interpreter; a replay, an audit or an
 * exploration draw compared with a cumulative probability must not. {@code GoldenBitsTest} pins the
 * bits, with and without the JIT's math intrinsics and in the interpreter.
 *
 * <h2>IEEE contract</h2>
 *
 * For finite logits and a finite temperature {@code T > 0} every probability is finite and in [0,
 * 1], the probabilities sum to 1 within {@code 1e-15 * n}, ties get bit-identical probabilities,
 * and log probabilities are finite except where the exact value is below {@code -Double.MAX_VALUE}
 * (an ineligible entry, or an extreme {@code |z| / T}). NaN or infinite logits, an empty or
 * all-ineligible vector, a non-finite or non-positive temperature, and arrays of mismatched length
 * are programming errors (validation happens before the kernel) and throw {@link
 * IllegalArgumentException}.
 *
 * <p>The class is stateless and thread safe; the methods allocate nothing unless they say so.
 *
 * <pre>{@code
 * double[] p = new double[3];
 * double[] logP = new double[3];
 * Softmax.softmax(new double[] {2, 3, 5}, null, 1.0, p, logP);
 * // p = [0.04201006613406605, 0.11419519938459448, 0.8437947344813395]
 * }</pre>
 */
@PublicEvolving
public final class Softmax {

    private Softmax() {}

    /**
     * Computes the tempered, masked softmax of {@code z} into {@code probabilities} and,
     * optionally, the log-softmax into {@code logProbabilities}.
     *
     * @param z finite logits, at least one of them eligible
     * @param eligible {@code null} when every entry is eligible; otherwise same length as {@code
     *     z}, {@code false} entries get probability 0
     * @param temperature finite and {@code > 0}; 1 is the plain softmax
     * @param probabilities output, same length as {@code z}
     * @param logProbabilities output or {@code null}, same length as {@code z}
     * @throws IllegalArgumentException on non-finite logits, no eligible entry, a bad temperature
     *     or mismatched lengths
     */
    public static void softmax(
            double[] z,
            boolean[] eligible,
            double temperature,
            double[] probabilities,
            double[] logProbabilities) {
        int n = z.length;
        checkArguments(z, eligible, temperature, probabilities, logProbabilities);

        int top = argmaxEligible(z, eligible);
        double max = z[top];
        double inverseT = 1.0 / temperature;

        // Neumaier summation of every term but the top one, which is exactly exp(0) = 1.
        double sum = 0.0;
        double compensation = 0.0;
        for (int i = 0; i < n; i++) {
            if (i == top) {
                continue;
            }
            double e =
                    isEligible(eligible, i)
                            ? DoubleDouble.shiftedExp(z[i], max, temperature, inverseT)
                            : 0.0;
            probabilities[i] = e;
            double t = sum + e;
            // Both terms are >= 0, so the larger one is simply the bigger value.
            compensation += sum >= e ? (sum - t) + e : (e - t) + sum;
            sum = t;
        }
        double rest = sum + compensation;
        double restLo = DoubleDouble.twoSumError(sum, compensation, rest);
        // S = total + totalLo exactly (to the accuracy of the terms), as a double-double.
        double total = 1.0 + rest;
        double totalLo = DoubleDouble.twoSumError(1.0, rest, total) + restLo;
        double inverseTotal = 1.0 / total;
        for (int i = 0; i < n; i++) {
            probabilities[i] = DoubleDouble.divide(probabilities[i], total, totalLo, inverseTotal);
        }
        probabilities[top] = DoubleDouble.divide(1.0, total, totalLo, inverseTotal);

        if (logProbabilities != null) {
            // Of rest alone: rest + restLo rounds to rest (restLo is rest's own rounding error),
            // so the low part cannot be passed to log1p as a sum (bits as before, GoldenBitsTest).
            double logTotal = StrictMath.log1p(rest);
            for (int i = 0; i < n; i++) {
                logProbabilities[i] =
                        isEligible(eligible, i)
                                ? DoubleDouble.shiftedLogit(z[i], max, temperature, inverseT)
                                        - logTotal
                                : Double.NEGATIVE_INFINITY;
            }
            // 0.0 - x rather than -x: a certain entry gets +0.0, not -0.0.
            logProbabilities[top] = 0.0 - logTotal;
        }
    }

    /**
     * Convenience form of {@link #softmax(double[], boolean[], double, double[], double[])}: every
     * entry eligible, temperature 1, a new array returned.
     */
    public static double[] softmax(double[] z) {
        double[] p = new double[z.length];
        softmax(z, null, 1.0, p, null);
        return p;
    }

    /** Log-softmax of {@code z} at temperature 1, every entry eligible, in a new array. */
    public static double[] logSoftmax(double[] z) {
        double[] p = new double[z.length];
        double[] logP = new double[z.length];
        softmax(z, null, 1.0, p, logP);
        return logP;
    }

    /**
     * The logistic function of {@code z / temperature}, equal bit for bit to {@code softmax([z, 0],
     * temperature)[0]}; never overflows for finite {@code z}.
     *
     * @throws IllegalArgumentException on a non-finite {@code z} or a bad temperature
     */
    public static double sigmoid(double z, double temperature) {
        checkScalar(z, temperature);
        // Same operations, in the same order, as softmax over {z, 0}: the larger entry is the
        // top (exp = 1), the other one is the only term of "rest".
        return logistic(z, expOfMinusAbs(z, temperature, 1.0 / temperature));
    }

    /**
     * {@code log(sigmoid(z / temperature))}, with full relative precision also where the result is
     * close to 0 (large positive {@code z}).
     *
     * @throws IllegalArgumentException on a non-finite {@code z} or a bad temperature
     */
    public static double logSigmoid(double z, double temperature) {
        checkScalar(z, temperature);
        double inverseT = 1.0 / temperature;
        if (z >= 0.0) {
            return 0.0 - StrictMath.log1p(DoubleDouble.shiftedExp(0.0, z, temperature, inverseT));
        }
        return DoubleDouble.shiftedLogit(z, 0.0, temperature, inverseT)
                - StrictMath.log1p(DoubleDouble.shiftedExp(z, 0.0, temperature, inverseT));
    }

    /**
     * Independent sigmoids of {@code z / temperature}: probabilities, their logs and the logs of
     * their complements, bit for bit what {@link #sigmoid}, {@link #logSigmoid} at {@code z} and
     * {@link #logSigmoid} at {@code -z} give, from one {@code exp} and one {@code log1p} per entry
     * instead of three each. An ineligible entry gets {@code p = 0}, {@code log p = -Infinity} and
     * {@code log(1 - p) = 0}.
     *
     * @param eligible {@code null} when every entry is eligible
     * @throws IllegalArgumentException on a non-finite logit, a bad temperature or mismatched
     *     lengths
     */
    public static void sigmoid(
            double[] z,
            boolean[] eligible,
            double temperature,
            double[] probabilities,
            double[] logProbabilities,
            double[] logComplements) {
        checkTemperature(temperature);
        int n = z.length;
        if (probabilities.length != n
                || logProbabilities.length != n
                || logComplements.length != n
                || (eligible != null && eligible.length != n)) {
            throw new IllegalArgumentException(
                    "array lengths differ: logits have " + n + " entries");
        }
        double inverseT = 1.0 / temperature;
        for (int i = 0; i < n; i++) {
            double zi = z[i];
            if (!Double.isFinite(zi)) {
                throw new IllegalArgumentException("logit " + i + " is not finite: " + zi);
            }
            if (!isEligible(eligible, i)) {
                probabilities[i] = 0.0;
                logProbabilities[i] = Double.NEGATIVE_INFINITY;
                logComplements[i] = 0.0;
                continue;
            }
            // exp(-|z| / T): the one exponential all three need (see sigmoid and logSigmoid).
            boolean zIsTop = zi >= 0.0;
            double e = expOfMinusAbs(zi, temperature, inverseT);
            probabilities[i] = logistic(zi, e);
            double log1pE = StrictMath.log1p(e);
            if (zIsTop) {
                logProbabilities[i] = 0.0 - log1pE;
                logComplements[i] =
                        zi == 0.0
                                ? 0.0 - log1pE
                                : DoubleDouble.shiftedLogit(-zi, 0.0, temperature, inverseT)
                                        - log1pE;
            } else {
                logProbabilities[i] =
                        DoubleDouble.shiftedLogit(zi, 0.0, temperature, inverseT) - log1pE;
                logComplements[i] = 0.0 - log1pE;
            }
        }
    }

    /** {@code exp(-|z| / t)}: the smaller of the two shifted terms of a softmax over {z, 0}. */
    private static double expOfMinusAbs(double z, double t, double inverseT) {
        return z >= 0.0
                ? DoubleDouble.shiftedExp(0.0, z, t, inverseT)
                : DoubleDouble.shiftedExp(z, 0.0, t, inverseT);
    }

    /**
     * The sigmoid from {@code e = exp(-|z| / t)}: {@code 1 / (1 + e)} for {@code z >= 0}, else
     * {@code e / (1 + e)}, each divided as {@link #softmax} divides.
     */
    private static double logistic(double z, double e) {
        double total = 1.0 + e;
        double totalLo = DoubleDouble.twoSumError(1.0, e, total);
        return DoubleDouble.divide(z >= 0.0 ? 1.0 : e, total, totalLo, 1.0 / total);
    }

    private static int argmaxEligible(double[] z, boolean[] eligible) {
        int top = -1;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            double v = z[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("logit " + i + " is not finite: " + v);
            }
            // Strict '>' keeps the first of tied maxima: ties are broken by input position.
            if (isEligible(eligible, i) && (top < 0 || v > max)) {
                top = i;
                max = v;
            }
        }
        if (top < 0) {
            throw new IllegalArgumentException("softmax needs at least one eligible entry");
        }
        return top;
    }

    private static boolean isEligible(boolean[] eligible, int i) {
        return eligible == null || eligible[i];
    }

    private static void checkArguments(
            double[] z,
            boolean[] eligible,
            double temperature,
            double[] probabilities,
            double[] logProbabilities) {
        checkTemperature(temperature);
        int n = z.length;
        if (n == 0) {
            throw new IllegalArgumentException("softmax of an empty vector");
        }
        if (probabilities.length != n
                || (eligible != null && eligible.length != n)
                || (logProbabilities != null && logProbabilities.length != n)) {
            throw new IllegalArgumentException(
                    "array lengths differ: logits have " + n + " entries");
        }
    }

    private static void checkScalar(double z, double temperature) {
        checkTemperature(temperature);
        if (!Double.isFinite(z)) {
            throw new IllegalArgumentException("logit is not finite: " + z);
        }
    }

    private static void checkTemperature(double temperature) {
        if (!(temperature > 0.0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException(
                    "temperature must be finite and > 0, got " + temperature);
        }
    }
}
