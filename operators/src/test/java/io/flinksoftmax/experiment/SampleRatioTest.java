package io.flinksoftmax.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The chi-square p-value against tabulated quantiles, and the check on simulated splits. */
class SampleRatioTest {

    /** Critical values of the chi-square distribution (standard tables), df 1 to 4. */
    @Test
    void pValuesMatchTheChiSquareTables() {
        double[][] table = { // df, x, upper tail
            {1, 3.841459, 0.05}, {1, 6.634897, 0.01}, {1, 10.827566, 0.001},
            {2, 5.991465, 0.05}, {2, 13.815511, 0.001}, {3, 7.814728, 0.05},
            {3, 16.266236, 0.001}, {4, 9.487729, 0.05}, {4, 0.710723, 0.95},
            {1, 0.000157, 0.99}
        };
        for (double[] row : table) {
            assertThat(SampleRatio.upperRegularizedGamma(row[0] / 2, row[1] / 2))
                    .as("df %s, x %s", row[0], row[1])
                    .isCloseTo(row[2], within(row[2] * 1e-4));
        }
        assertThat(SampleRatio.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(SampleRatio.logGamma(0.5))
                .isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-13));
    }

    /**
     * 10,000 units split 20/30/50 by the real assignment: over 200 seeds the check flags about none
     * (p < 0.001 in at most 2); dropping 10 % of one variant's units flags every seed.
     */
    @Test
    void aCorrectSplitPassesAndOneMissingATenthOfAVariantIsFlagged() {
        double[] weights = {0.2, 0.3, 0.5};
        double[][] ranges = Buckets.ranges(3, 1, weights);
        int falseAlarms = 0;
        int caught = 0;
        for (int seed = 0; seed < 100; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            long[] counts = new long[3];
            long[] skewed = new long[3];
            for (int u = 0; u < 30_000; u++) {
                int v = Buckets.choose(Buckets.hash("srm", "u-" + random.nextLong(), 2), ranges);
                counts[v]++;
                if (v != 1 || random.nextDouble() >= 0.10) {
                    skewed[v]++;
                }
            }
            falseAlarms += SampleRatio.pValue(counts, weights) < SampleRatio.THRESHOLD ? 1 : 0;
            caught += SampleRatio.pValue(skewed, weights) < SampleRatio.THRESHOLD ? 1 : 0;
        }
        assertThat(falseAlarms).isLessThanOrEqualTo(2);
        assertThat(caught).isEqualTo(100);
    }

    @Test
    void edgeCasesAndRefusals() {
        assertThat(SampleRatio.pValue(new long[] {0, 0}, new double[] {1, 1})).isEqualTo(1.0);
        assertThat(SampleRatio.pValue(new long[] {5}, new double[] {1})).isEqualTo(1.0);
        assertThat(SampleRatio.pValue(new long[] {500, 500}, new double[] {1, 1})).isEqualTo(1.0);
        assertThat(SampleRatio.pValue(new long[] {1000, 0}, new double[] {1, 1}))
                .isLessThan(1e-100);
        assertThatThrownBy(() -> SampleRatio.pValue(new long[] {1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatio.pValue(new long[] {1, -1}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleRatio.pValue(new long[] {1, 1}, new double[] {1, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
