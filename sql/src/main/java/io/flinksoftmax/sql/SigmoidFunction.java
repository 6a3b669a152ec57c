package io.flinksoftmax.sql;

import io.flinksoftmax.kernel.Softmax;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code SIGMOID(logit DOUBLE [, temperature DOUBLE]) -> DOUBLE}: the logistic function of {@code
 * logit / temperature}, bit for bit {@code SOFTMAX([logit, 0], temperature)[1]} and the job's
 * sigmoid mode; it never overflows for a finite logit.
 *
 * <p>NULL when the logit is NULL, NaN or infinite, or the temperature is NULL, not finite or {@code
 * <= 0}.
 */
@PublicEvolving
public final class SigmoidFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    public Double eval(Double logit) {
        return eval(logit, 1.0);
    }

    public Double eval(Double logit, Double temperature) {
        if (logit == null || !Double.isFinite(logit) || !Logits.isTemperature(temperature)) {
            return null;
        }
        return Softmax.sigmoid(logit, temperature);
    }
}
