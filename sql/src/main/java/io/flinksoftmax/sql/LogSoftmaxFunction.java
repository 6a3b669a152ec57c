package io.flinksoftmax.sql;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code LOG_SOFTMAX(logits ARRAY<DOUBLE> [, temperature DOUBLE]) -> ARRAY<DOUBLE>}: the log of the
 * tempered softmax, computed as {@code (z - max) / T - log(sum)} (never as {@code log(p)}), bit for
 * bit the kernel's: {@code LOG_SOFTMAX([1000, 0, -1000])} is {@code [0, -1000, -2000]}.
 *
 * <p>NULL on the inputs where {@link SoftmaxFunction} is NULL.
 */
@PublicEvolving
public final class LogSoftmaxFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double[] eval(Double[] logits) {
        return eval(logits, 1.0);
    }

    public Double[] eval(Double[] logits, Double temperature) {
        return Logits.softmax(logits, temperature, true);
    }
}
