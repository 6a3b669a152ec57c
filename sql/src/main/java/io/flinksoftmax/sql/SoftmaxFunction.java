package io.flinksoftmax.sql;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SOFTMAX(logits ARRAY<DOUBLE> [, temperature DOUBLE]) -> ARRAY<DOUBLE>}: the tempered
 * softmax of the array, bit for bit what the scoring job's kernel ({@link
 * io.flinksoftmax.kernel.Softmax}) computes.
 *
 * <p>NULL when the array is NULL or empty or holds a NULL, NaN or infinite entry, or when the
 * temperature is NULL, not finite or {@code <= 0}. Register with {@code CREATE TEMPORARY SYSTEM
 * FUNCTION SOFTMAX AS 'io.flinksoftmax.sql.SoftmaxFunction'}.
 */
@PublicEvolving
public final class SoftmaxFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double[] eval(Double[] logits) {
        return eval(logits, 1.0);
    }

    public Double[] eval(Double[] logits, Double temperature) {
        return Logits.softmax(logits, temperature, false);
    }
}
