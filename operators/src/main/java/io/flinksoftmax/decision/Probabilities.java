package io.flinksoftmax.decision;

import io.flinksoftmax.kernel.Softmax;
import io.flinksoftmax.policy.Mode;

/**
 * The probabilities of one event's scores under a policy's mode, with their logarithms: softmax
 * over the eligible entries, or an independent sigmoid per entry (and then also {@code log(1 - p)},
 * which the entropy of a yes/no needs). An ineligible entry has {@code p = 0} and {@code log p =
 * -Infinity}.
 *
 * @param p the probabilities
 * @param logP {@code log p}, accurate where {@code p} underflows or rounds to 1
 * @param logComplement {@code log(1 - p)} in sigmoid mode, {@code null} in softmax mode
 */
record Probabilities(Mode mode, double[] p, double[] logP, double[] logComplement) {

    /**
     * @param eligible which entries take part, or {@code null} for all
     */
    static Probabilities of(Mode mode, double[] z, boolean[] eligible, double temperature) {
        return of(mode, z, eligible, temperature, DecisionArrays.FRESH);
    }

    /** {@link #of(Mode, double[], boolean[], double)} into arrays from {@code arrays}. */
    static Probabilities of(
            Mode mode, double[] z, boolean[] eligible, double temperature, DecisionArrays arrays) {
        int n = z.length;
        double[] p = arrays.doubles(DecisionArrays.PROBABILITIES, n);
        double[] logP = arrays.doubles(DecisionArrays.LOG_PROBABILITIES, n);
        if (mode == Mode.SOFTMAX) {
            Softmax.softmax(z, eligible, temperature, p, logP);
            return new Probabilities(mode, p, logP, null);
        }
        double[] logComplement = arrays.doubles(DecisionArrays.LOG_COMPLEMENTS, n);
        Softmax.sigmoid(z, eligible, temperature, p, logP, logComplement);
        return new Probabilities(mode, p, logP, logComplement);
    }

    /** How sure the distribution is, over the eligible entries ({@code null}: all). */
    Confidence confidence(boolean[] eligible) {
        return Confidences.of(mode, p, logP, logComplement, eligible);
    }
}
