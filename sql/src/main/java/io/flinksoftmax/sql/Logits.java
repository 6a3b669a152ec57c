package io.flinksoftmax.sql;

import io.flinksoftmax.kernel.Softmax;

/**
 * SQL values to the kernel's inputs, and the one rule on them: a NULL, NaN or infinite input, an
 * empty array, or a temperature that is not a finite number {@code > 0} has no distribution, and
 * the function answers NULL (a SQL NULL, not an exception: one bad row must not fail the job).
 */
final class Logits {

    private Logits() {}

    /**
     * The array as doubles, or {@code null} when it is NULL, empty, or holds NULL or non-finite.
     */
    static double[] of(Double[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        double[] z = new double[values.length];
        for (int i = 0; i < z.length; i++) {
            Double v = values[i];
            if (v == null || !Double.isFinite(v)) {
                return null;
            }
            z[i] = v;
        }
        return z;
    }

    /** Whether a SQL temperature is usable: not NULL, finite and {@code > 0}. */
    static boolean isTemperature(Double t) {
        return t != null && t > 0 && Double.isFinite(t);
    }

    /**
     * The tempered softmax of a SQL array, or its log with {@code log}; {@code null} where {@link
     * #of} or {@link #isTemperature} refuse the inputs.
     */
    static Double[] softmax(Double[] logits, Double temperature, boolean log) {
        double[] z = of(logits);
        if (z == null || !isTemperature(temperature)) {
            return null;
        }
        double[] p = new double[z.length];
        double[] logP = log ? new double[z.length] : null;
        Softmax.softmax(z, null, temperature, p, logP);
        return boxed(log ? logP : p);
    }

    /** Boxes for SQL's {@code ARRAY<DOUBLE>}. */
    static Double[] boxed(double[] values) {
        Double[] out = new Double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
