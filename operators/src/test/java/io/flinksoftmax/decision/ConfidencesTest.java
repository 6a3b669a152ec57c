package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.policy.Mode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The normalised entropy is the entropy over {@code StrictMath.log} of the eligible count, to the
 * bit, whether that logarithm comes from the table of small counts or is computed: checked for
 * every count across the table's end, on random distributions with some candidates ineligible.
 */
class ConfidencesTest {

    @Test
    void normalisedEntropyDividesByTheLogOfTheEligibleCount() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n = 1; n <= 300; n++) {
            double[] p = new double[n];
            double[] logP = new double[n];
            boolean[] eligible = new boolean[n];
            Arrays.fill(eligible, true);
            int count = n;
            for (int i = 1; i < n; i++) {
                if (r.nextInt(5) == 0) {
                    eligible[i] = false;
                    count--;
                }
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = eligible[i] ? 0.01 + r.nextDouble() : 0.0;
                sum += p[i];
            }
            double entropy = 0;
            for (int i = 0; i < n; i++) {
                p[i] /= sum;
                logP[i] = StrictMath.log(p[i]);
                entropy += p[i] > 0 ? -p[i] * logP[i] : 0.0;
            }
            Confidence c = Confidences.of(Mode.SOFTMAX, p, logP, null, eligible);
            double max = StrictMath.log(count);
            double expected = max > 0 ? Math.min(1.0, entropy / max) : 0.0;
            assertThat(c.entropy()).isEqualTo(entropy);
            assertThat(Double.doubleToRawLongBits(c.normalizedEntropy()))
                    .as("n = %d, %d eligible", n, count)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }
}
