package io.flinksoftmax.kernel;

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
public final class Softmax {

    /**
     * Below this exponent {@code StrictMath.exp} returns 0 whatever the tail: exp(-745.14) is half
     * the smallest subnormal. Checking it early also keeps an infinite quotient (tiny temperature)
     * away from the {@code fma} remainder, which would turn it into NaN.
     */
    private static final double EXP_UNDERFLOW = -746.0;

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
            double e = isEligible(eligible, i) ? shiftedExp(z[i], max, temperature, inverseT) : 0.0;
            probabilities[i] = e;
            double t = sum + e;
            // Both terms are >= 0, so the larger one is simply the bigger value.
            compensation += sum >= e ? (sum - t) + e : (e - t) + sum;
            sum = t;
        }
        double rest = sum + compensation;
        double restLo = twoSumError(sum, compensation, rest);
        // S = total + totalLo exactly (to the accuracy of the terms), as a double-double.
        double total = 1.0 + rest;
        double totalLo = twoSumError(1.0, rest, total) + restLo;
        double inverseTotal = 1.0 / total;
        for (int i = 0; i < n; i++) {
            probabilities[i] = divide(probabilities[i], total, totalLo, inverseTotal);
        }
        probabilities[top] = divide(1.0, total, totalLo, inverseTotal);

        if (logProbabilities != null) {
            double logTotal = StrictMath.log1p(rest + restLo);
            for (int i = 0; i < n; i++) {
                logProbabilities[i] =
                        isEligible(eligible, i)
                                ? shiftedLogit(z[i], max, temperature, inverseT) - logTotal
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
        boolean zIsTop = z >= 0.0;
        double inverseT = 1.0 / temperature;
        double e =
                zIsTop
                        ? shiftedExp(0.0, z, temperature, inverseT)
                        : shiftedExp(z, 0.0, temperature, inverseT);
        double total = 1.0 + e;
        double totalLo = twoSumError(1.0, e, total);
        return divide(zIsTop ? 1.0 : e, total, totalLo, 1.0 / total);
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
            return 0.0 - StrictMath.log1p(shiftedExp(0.0, z, temperature, inverseT));
        }
        return shiftedLogit(z, 0.0, temperature, inverseT)
                - StrictMath.log1p(shiftedExp(z, 0.0, temperature, inverseT));
    }

    /**
     * {@code exp((z - max) / t)} for {@code z <= max}, with the shift and the division carried
     * exactly to second order (see the class comment). {@code inverseT} is {@code 1 / t}: a
     * multiplication instead of a division, whose rounding the exact remainder corrects.
     */
    static double shiftedExp(double z, double max, double t, double inverseT) {
        double d = z - max;
        if (d == 0.0) {
            return 1.0;
        }
        double q;
        double qLo;
        if (d == Double.NEGATIVE_INFINITY) {
            // |z - max| is beyond Double.MAX_VALUE: halve both (exact) and scale back; the
            // result is 0 unless the temperature is enormous.
            q = 2.0 * ((0.5 * z - 0.5 * max) / t);
            qLo = 0.0;
        } else if (t == 1.0) {
            // The common case: no division at all, the tail is the TwoSum error.
            q = d;
            qLo = twoSumError(z, -max, d);
        } else {
            q = quotient(d, t, inverseT);
            if (q < EXP_UNDERFLOW) {
                return 0.0;
            }
            // fma gives the remainder d - q * t of the quotient, exactly or nearly so.
            qLo = quotient(Math.fma(-q, t, d) + twoSumError(z, -max, d), t, inverseT);
        }
        if (q < EXP_UNDERFLOW) {
            return 0.0;
        }
        double e = StrictMath.exp(q);
        return Math.fma(e, qLo, e);
    }

    /** {@code (z - max) / t} rounded once from its exact double-double value. */
    static double shiftedLogit(double z, double max, double t, double inverseT) {
        double d = z - max;
        if (d == Double.NEGATIVE_INFINITY) {
            return 2.0 * ((0.5 * z - 0.5 * max) / t);
        }
        double dLo = twoSumError(z, -max, d);
        if (t == 1.0) {
            return d + dLo;
        }
        double q = quotient(d, t, inverseT);
        if (!Double.isFinite(q)) {
            return q;
        }
        return q + quotient(Math.fma(-q, t, d) + dLo, t, inverseT);
    }

    /**
     * {@code d / t}, by multiplication where {@code 1 / t} is finite; a subnormal {@code t} has an
     * infinite inverse (and {@code 0 * Infinity} would be NaN), so it is divided.
     */
    private static double quotient(double d, double t, double inverseT) {
        return inverseT < Double.POSITIVE_INFINITY ? d * inverseT : d / t;
    }

    /**
     * {@code e / (total + totalLo)} rounded from its near-exact value: an approximate quotient,
     * plus the correction from the exact remainder ({@code fma}) and the low part.
     */
    private static double divide(double e, double total, double totalLo, double inverseTotal) {
        // A product instead of a quotient (several times cheaper); the correction term, from
        // the exact remainder, makes up for the rounding of both the inverse and the product.
        double r = e * inverseTotal;
        return r + (Math.fma(-r, total, e) - r * totalLo) * inverseTotal;
    }

    /** Knuth's TwoSum: the exact error {@code (a + b) - s} of the rounded sum {@code s}. */
    private static double twoSumError(double a, double b, double s) {
        double bVirtual = s - a;
        double aVirtual = s - bVirtual;
        return (a - aVirtual) + (b - bVirtual);
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
