package io.flinksoftmax.decision;

import io.flinksoftmax.policy.Mode;

/** Computes {@link Confidence} from probabilities and their (accurate) logarithms. */
final class Confidences {

    private static final double LOG_2 = StrictMath.log(2.0);

    /**
     * {@code StrictMath.log(n)} for the counts most requests have, taken once: the same bits, and
     * one {@code log} fewer per decision.
     */
    private static final double[] LOG_COUNT = new double[129];

    static {
        for (int n = 0; n < LOG_COUNT.length; n++) {
            LOG_COUNT[n] = StrictMath.log(n);
        }
    }

    private Confidences() {}

    /**
     * @param logProbabilities {@code log p}, and in sigmoid mode also {@code log(1 - p)} via {@code
     *     logComplements}
     * @param logComplements {@code log(1 - p)} per entry in sigmoid mode, ignored in softmax mode
     * @param eligible {@code null} when every entry is eligible
     */
    static Confidence of(
            Mode mode,
            double[] probabilities,
            double[] logProbabilities,
            double[] logComplements,
            boolean[] eligible) {
        double top = 0.0;
        double second = 0.0;
        double entropy = 0.0;
        int count = 0;
        for (int i = 0; i < probabilities.length; i++) {
            if (eligible != null && !eligible[i]) {
                continue;
            }
            count++;
            double p = probabilities[i];
            if (p > top) {
                second = top;
                top = p;
            } else if (p > second) {
                second = p;
            }
            entropy += plogp(p, logProbabilities[i]);
            if (mode == Mode.SIGMOID) {
                entropy += plogp(1.0 - p, logComplements[i]);
            }
        }
        double maxEntropy = mode == Mode.SIGMOID ? count * LOG_2 : logCount(count);
        // Rounding can push an almost uniform distribution a hair past its maximum.
        double normalized = maxEntropy > 0 ? Math.min(1.0, entropy / maxEntropy) : 0.0;
        return new Confidence(top, top - second, entropy, normalized);
    }

    private static double logCount(int n) {
        return n < LOG_COUNT.length ? LOG_COUNT[n] : StrictMath.log(n);
    }

    /** {@code -p log p}, with the limit 0 at {@code p = 0}. */
    private static double plogp(double p, double logP) {
        return p > 0.0 ? -p * logP : 0.0;
    }
}
