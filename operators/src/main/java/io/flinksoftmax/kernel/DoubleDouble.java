package io.flinksoftmax.kernel;

/**
 * The kernel's exact-to-second-order steps: the shifted, tempered exponent {@code (z - max) / t}
 * carried as a double-double (Knuth's TwoSum for the shift, the {@link Math#fma} remainder for the
 * division), its exponential with the tail folded back in, and a quotient corrected by its exact
 * remainder. Only operations whose results Java fixes bit for bit, so {@link Softmax} stays
 * reproducible.
 */
final class DoubleDouble {

    /**
     * Below this exponent {@code StrictMath.exp} returns 0 whatever the tail: exp(-745.14) is half
     * the smallest subnormal. Checking it early also keeps an infinite quotient (tiny temperature)
     * away from the {@code fma} remainder, which would turn it into NaN.
     */
    private static final double EXP_UNDERFLOW = -746.0;

    private DoubleDouble() {}

    /**
     * {@code exp((z - max) / t)} for {@code z <= max}, with the shift and the division carried
     * exactly to second order (see {@link Softmax}, "Accuracy"). {@code inverseT} is {@code 1 / t}:
     * a multiplication instead of a division, whose rounding the exact remainder corrects.
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
        if (t == 1.0) {
            // z - max rounded once; d + dLo would round to d again (bits as before).
            return d;
        }
        double dLo = twoSumError(z, -max, d);
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
    static double divide(double e, double total, double totalLo, double inverseTotal) {
        // A product instead of a quotient (several times cheaper); the correction term, from
        // the exact remainder, makes up for the rounding of both the inverse and the product.
        double r = e * inverseTotal;
        return r + (Math.fma(-r, total, e) - r * totalLo) * inverseTotal;
    }

    /** Knuth's TwoSum: the exact error {@code (a + b) - s} of the rounded sum {@code s}. */
    static double twoSumError(double a, double b, double s) {
        double bVirtual = s - a;
        double aVirtual = s - bVirtual;
        return (a - aVirtual) + (b - bVirtual);
    }
}
