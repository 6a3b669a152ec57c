package io.flinksoftmax.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SoftmaxTest {

    /** The accuracy contract of docs/numerics.md "Numerics". */
    private static final long MAX_ULP = 4;

    @Test
    void matchesKnownValues() {
        // The middle value is 1 ulp above the exactly rounded 0.11419519938459448: the rounding
        // of exp(-2) itself, well inside the 4 ulp contract.
        double[] p = Softmax.softmax(new double[] {2, 3, 5});
        double[] expected = {0.04201006613406605, 0.11419519938459448, 0.8437947344813395};
        for (int i = 0; i < 3; i++) {
            assertThat(ulpDistance(p[i], expected[i])).as("entry %d", i).isLessThanOrEqualTo(1);
        }
        assertThat(Softmax.softmax(new double[] {2.0, 1.0, 0.1}))
                .containsExactly(new double[] {0.659, 0.242, 0.099}, within(5e-4));
    }

    @Test
    void doesNotOverflowOnLargeLogits() {
        assertThat(Softmax.softmax(new double[] {20, 300, 5000})).containsExactly(0, 0, 1);
        assertThat(Softmax.softmax(new double[] {1e308, 1e308})).containsExactly(0.5, 0.5);
        assertThat(Softmax.softmax(new double[] {-1e308, 1e308})).containsExactly(0, 1);
        assertThat(Softmax.softmax(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}))
                .containsExactly(0, 1);
    }

    @Test
    void logProbabilitiesStayExactForFarApartLogits() {
        assertThat(Softmax.logSoftmax(new double[] {1000, 0, -1000}))
                .containsExactly(0, -1000, -2000);
    }

    @Test
    void topLogProbabilityKeepsFullRelativePrecision() {
        // log(1 / (1 + e^-40)) = -4.248354255291589e-18; log(p_top) would give exactly 0.
        double[] logP = Softmax.logSoftmax(new double[] {0, -40});
        double[] exact = ExactSoftmax.logProbabilities(new double[] {0, -40}, null, 1.0);
        assertThat(logP[0]).isNotZero();
        assertThat(ulpDistance(logP[0], exact[0])).isLessThanOrEqualTo(1);
    }

    @Test
    void isWithinFourUlpOfTheExactValueOnRandomVectors() {
        // 300 vectors against the exact (BigDecimal) reference: ~10 s of every build's budget.
        accuracy(20261127L, 300);
    }

    /** The long run ({@code mvn verify -Pfuzz}): 10,000 vectors from a fresh seed. */
    @Test
    @Tag("long-fuzz")
    void isWithinFourUlpOfTheExactValueOnRandomVectorsLongRun() {
        long seed = System.nanoTime();
        System.out.println("SoftmaxTest long run, seed " + seed);
        accuracy(seed, 10_000);
    }

    private static void accuracy(long seed, int vectors) {
        SplittableRandom random = new SplittableRandom(seed);
        long worstProbability = 0;
        long worstLog = 0;
        for (int v = 0; v < vectors; v++) {
            double[] z = randomVector(random);
            double temperature = v % 10 == 9 ? randomTemperature(random) : 1.0;
            double[] p = new double[z.length];
            double[] logP = new double[z.length];
            Softmax.softmax(z, null, temperature, p, logP);

            double[] exactP = ExactSoftmax.probabilities(z, null, temperature);
            double[] exactLogP = ExactSoftmax.logProbabilities(z, null, temperature);
            for (int i = 0; i < z.length; i++) {
                long ulp = ulpDistance(p[i], exactP[i]);
                long logUlp = ulpDistance(logP[i], exactLogP[i]);
                worstProbability = Math.max(worstProbability, ulp);
                worstLog = Math.max(worstLog, logUlp);
                if (ulp > MAX_ULP || logUlp > MAX_ULP) {
                    throw new AssertionError(
                            String.format(
                                    "seed %d, entry %d off by %d ulp (log: %d ulp): got %s / %s,"
                                            + " exact %s / %s; T=%s, z=%s",
                                    seed,
                                    i,
                                    ulp,
                                    logUlp,
                                    p[i],
                                    logP[i],
                                    exactP[i],
                                    exactLogP[i],
                                    temperature,
                                    Arrays.toString(z)));
                }
            }
        }
        System.out.printf(
                "softmax accuracy: worst %d ulp (probabilities), %d ulp (log)%n",
                worstProbability, worstLog);
    }

    @Test
    void textbookFormulaIsHundredsOfUlpOffWhereThisKernelIsNot() {
        // Documents why the kernel compensates: at |z| ~ 700 the rounded z - max costs ulps.
        double[] z = {700.1, 0.3, 1.7, 699.9 - 1e-9, 700.1 - 698.3};
        double[] exact = ExactSoftmax.probabilities(z, null, 1.0);
        double[] ours = Softmax.softmax(z);
        double max = 700.1;
        double[] textbook = new double[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            textbook[i] = Math.exp(z[i] - max);
            sum += textbook[i];
        }
        long worstTextbook = 0;
        for (int i = 0; i < z.length; i++) {
            worstTextbook = Math.max(worstTextbook, ulpDistance(textbook[i] / sum, exact[i]));
            assertThat(ulpDistance(ours[i], exact[i])).isLessThanOrEqualTo(MAX_ULP);
        }
        assertThat(worstTextbook).isGreaterThan(100);
    }

    @Test
    void sumsToOne() {
        SplittableRandom random = new SplittableRandom(7);
        for (int v = 0; v < 200; v++) {
            double[] z = randomVector(random);
            double[] p = Softmax.softmax(z);
            double sum = 0;
            for (double x : p) {
                sum += x;
            }
            assertThat(sum)
                    .as("sum for z=%s", Arrays.toString(z))
                    .isCloseTo(1.0, within(1e-15 * z.length));
        }
    }

    @Test
    void isInvariantUnderExactShifts() {
        SplittableRandom random = new SplittableRandom(11);
        for (int v = 0; v < 100; v++) {
            int n = 1 + random.nextInt(200);
            double[] z = new double[n];
            double[] shifted = new double[n];
            double c = random.nextInt(-5000, 5000);
            for (int i = 0; i < n; i++) {
                // Multiples of 1/64 below 2^20: every sum and difference is exact.
                z[i] = random.nextInt(-64 * 3000, 64 * 3000) / 64.0;
                shifted[i] = z[i] + c;
            }
            assertThat(Softmax.softmax(shifted)).containsExactly(Softmax.softmax(z));
        }
    }

    @Test
    void preservesOrder() {
        SplittableRandom random = new SplittableRandom(13);
        for (int v = 0; v < 200; v++) {
            double[] z = randomVector(random);
            double[] p = Softmax.softmax(z);
            for (int i = 1; i < z.length; i++) {
                if (z[i - 1] < z[i]) {
                    assertThat(p[i - 1]).isLessThanOrEqualTo(p[i]);
                } else if (z[i - 1] > z[i]) {
                    assertThat(p[i - 1]).isGreaterThanOrEqualTo(p[i]);
                }
            }
        }
    }

    @Test
    void everyFiniteInputGivesFiniteOutput() {
        SplittableRandom random = new SplittableRandom(17);
        double[] specials = {
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MIN_NORMAL,
            0.0,
            -0.0,
            1e308,
            -1e308,
            709.78,
            -745.2,
            1e-300
        };
        double[] temperatures = {Double.MIN_VALUE, 1e-300, 1e-6, 1.0, 1e6, 1e300, Double.MAX_VALUE};
        for (int v = 0; v < 2000; v++) {
            int n = 1 + random.nextInt(8);
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] =
                        random.nextBoolean()
                                ? specials[random.nextInt(specials.length)]
                                : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(309));
            }
            double t = temperatures[random.nextInt(temperatures.length)];
            double[] p = new double[n];
            double[] logP = new double[n];
            Softmax.softmax(z, null, t, p, logP);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                assertThat(p[i]).as("z=%s T=%s", Arrays.toString(z), t).isBetween(0.0, 1.0);
                assertThat(logP[i]).as("z=%s T=%s", Arrays.toString(z), t).isNotNaN();
                assertThat(logP[i]).isLessThanOrEqualTo(0.0);
                sum += p[i];
            }
            assertThat(sum)
                    .as("z=%s T=%s", Arrays.toString(z), t)
                    .isCloseTo(1.0, within(1e-15 * n));
        }
    }

    @Test
    void tiesGetEqualProbabilities() {
        double[] p = Softmax.softmax(new double[] {1.5, 3.0, 1.5, 3.0, -2.0});
        assertThat(p[0]).isEqualTo(p[2]);
        assertThat(p[1]).isEqualTo(p[3]);
        assertThat(Softmax.softmax(new double[] {4, 4, 4, 4})).containsOnly(0.25);
    }

    @Test
    void singleEntryIsCertain() {
        assertThat(Softmax.softmax(new double[] {-123.4})).containsExactly(1.0);
        assertThat(Softmax.logSoftmax(new double[] {9e300})).containsExactly(0.0);
    }

    @Test
    void masksIneligibleEntries() {
        double[] z = {3.2, 2.0, 1.0, 0.1};
        boolean[] eligible = {false, true, true, true};
        double[] p = new double[4];
        double[] logP = new double[4];
        Softmax.softmax(z, eligible, 1.0, p, logP);

        assertThat(p[0]).isZero();
        assertThat(logP[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Arrays.copyOfRange(p, 1, 4))
                .containsExactly(Softmax.softmax(new double[] {2.0, 1.0, 0.1}));
    }

    @Test
    void nearZeroTemperatureBecomesArgmax() {
        double[] p = new double[3];
        double[] logP = new double[3];
        Softmax.softmax(new double[] {1.0, 1.0 + 1e-12, -5}, null, 1e-300, p, logP);
        assertThat(p).containsExactly(0, 1, 0);
        assertThat(logP[1]).isZero();
        assertThat(logP[0]).isEqualTo(-1e-12 / 1e-300, within(1e288));
    }

    @Test
    void largeTemperatureFlattensTowardsUniform() {
        double[] p = new double[3];
        Softmax.softmax(new double[] {100, 0, -100}, null, 1e300, p, null);
        assertThat(p).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(1e-15));
    }

    @Test
    void temperatureDividesTheShiftedLogits() {
        double[] p = new double[2];
        Softmax.softmax(new double[] {2.0, 0.0}, null, 2.0, p, null);
        assertThat(p).containsExactly(Softmax.softmax(new double[] {1.0, 0.0}));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-800, -30, 0, 30, 800, 1e-9, -1e300})
    void sigmoidIsTheTwoClassSoftmax(double z) {
        for (double t : new double[] {1.0, 0.5, 3.0}) {
            double[] p = new double[2];
            double[] logP = new double[2];
            Softmax.softmax(new double[] {z, 0.0}, null, t, p, logP);
            assertThat(Softmax.sigmoid(z, t)).isEqualTo(p[0]);
            assertThat(Softmax.logSigmoid(z, t)).isEqualTo(logP[0]);
        }
    }

    @Test
    void sigmoidIsAccurateInBothTails() {
        assertThat(Softmax.sigmoid(800, 1.0)).isEqualTo(1.0);
        assertThat(Softmax.sigmoid(-800, 1.0)).isZero();
        assertThat(Softmax.sigmoid(-30, 1.0)).isCloseTo(9.357622968839299e-14, within(1e-28));
        assertThat(Softmax.logSigmoid(40, 1.0)).isEqualTo(-4.248354255291589e-18);
        assertThat(Softmax.logSigmoid(-800, 1.0)).isEqualTo(-800.0);
    }

    @Test
    void rejectsWhatValidationShouldHaveCaught() {
        double[] out = new double[2];
        assertThatThrownBy(() -> Softmax.softmax(new double[] {1, Double.NaN}, null, 1, out, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("logit 1 is not finite");
        assertThatThrownBy(() -> Softmax.softmax(new double[] {1, 2}, null, 0.0, out, null))
                .hasMessageContaining("temperature");
        assertThatThrownBy(
                        () ->
                                Softmax.softmax(
                                        new double[] {1, 2},
                                        new boolean[] {false, false},
                                        1,
                                        out,
                                        null))
                .hasMessageContaining("eligible");
        assertThatThrownBy(() -> Softmax.softmax(new double[0], null, 1, new double[0], null))
                .hasMessageContaining("empty");
    }

    @Test
    void theVectorSigmoidEqualsTheScalarFunctionsBitForBit() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 20_000;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] =
                    switch (i % 5) {
                        case 0 -> random.nextGaussian() * 3;
                        case 1 -> random.nextGaussian() * 800;
                        case 2 -> random.nextDouble(-1e-300, 1e-300);
                        case 3 ->
                                (random.nextBoolean() ? 1 : -1)
                                        * Math.pow(10, random.nextDouble(-20, 300));
                        default -> i % 10 == 4 ? 0.0 : -0.0;
                    };
        }
        boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            eligible[i] = i % 7 != 3;
        }
        for (double t : new double[] {1.0, 0.3, 2.5, 1e-3, 1e5}) {
            double[] p = new double[n];
            double[] logP = new double[n];
            double[] logC = new double[n];
            Softmax.sigmoid(z, eligible, t, p, logP, logC);
            for (int i = 0; i < n; i++) {
                if (!eligible[i]) {
                    assertThat(p[i]).isZero();
                    assertThat(logP[i]).isEqualTo(Double.NEGATIVE_INFINITY);
                    assertThat(logC[i]).isZero();
                    continue;
                }
                assertThat(Double.doubleToRawLongBits(p[i]))
                        .as("p, z=%s, T=%s", z[i], t)
                        .isEqualTo(Double.doubleToRawLongBits(Softmax.sigmoid(z[i], t)));
                assertThat(Double.doubleToRawLongBits(logP[i]))
                        .as("log p, z=%s, T=%s", z[i], t)
                        .isEqualTo(Double.doubleToRawLongBits(Softmax.logSigmoid(z[i], t)));
                assertThat(Double.doubleToRawLongBits(logC[i]))
                        .as("log(1 - p), z=%s, T=%s", z[i], t)
                        .isEqualTo(Double.doubleToRawLongBits(Softmax.logSigmoid(-z[i], t)));
            }
        }
        assertThatThrownBy(
                        () ->
                                Softmax.sigmoid(
                                        new double[] {Double.NaN},
                                        null,
                                        1.0,
                                        new double[1],
                                        new double[1],
                                        new double[1]))
                .hasMessageContaining("logit 0 is not finite");
        assertThatThrownBy(
                        () ->
                                Softmax.sigmoid(
                                        new double[2],
                                        null,
                                        1.0,
                                        new double[2],
                                        new double[1],
                                        new double[2]))
                .hasMessageContaining("array lengths differ");
    }

    @Test
    void theScalarFunctionsRejectWhatValidationShouldHaveCaught() {
        assertThatThrownBy(() -> Softmax.sigmoid(Double.NaN, 1.0))
                .hasMessageContaining("logit is not finite");
        assertThatThrownBy(() -> Softmax.logSigmoid(Double.POSITIVE_INFINITY, 1.0))
                .hasMessageContaining("logit is not finite");
        assertThatThrownBy(() -> Softmax.sigmoid(1.0, 0.0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> Softmax.logSigmoid(1.0, Double.POSITIVE_INFINITY))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> Softmax.softmax(new double[] {1, 2}, null, 1, new double[3], null))
                .hasMessageContaining("array lengths differ");
    }

    @Test
    void logitsWhoseDifferenceOverflowsAreStillScaledByTheTemperature() {
        // z_1 - z_0 is beyond Double.MAX_VALUE; divided by T it is -3.4.
        double[] p = new double[2];
        double[] logP = new double[2];
        Softmax.softmax(new double[] {1.7e308, -1.7e308}, null, 1e308, p, logP);
        double e = Math.exp(-3.4);
        assertThat(p[1]).isCloseTo(e / (1 + e), within(1e-16));
        assertThat(p[0]).isCloseTo(1 / (1 + e), within(1e-16));
        assertThat(logP[1]).isCloseTo(-3.4 - Math.log1p(e), within(1e-15));
        assertThat(logP[0]).isCloseTo(-Math.log1p(e), within(1e-16));
    }

    /** Lengths log-uniform in 1..10,000; values up to ±1e4 at spreads from 1e-3 to 1e4. */
    private static double[] randomVector(SplittableRandom random) {
        int n = (int) Math.round(Math.exp(random.nextDouble() * Math.log(10_000)));
        double spread = Math.pow(10, random.nextDouble(-3, 4));
        double center = random.nextDouble(-1e4 + spread, 1e4 - spread + 1e-9);
        if (random.nextInt(4) == 0) {
            center = 700 * (random.nextBoolean() ? 1 : -1); // where rounding of z - max hurts
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = Math.max(-1e4, Math.min(1e4, center + spread * (2 * random.nextDouble() - 1)));
            if (random.nextInt(50) == 0 && i > 0) {
                z[i] = z[random.nextInt(i)]; // some ties
            }
        }
        return z;
    }

    private static double randomTemperature(SplittableRandom random) {
        return Math.pow(10, random.nextDouble(-2, 2));
    }

    /** Distance in units in the last place between two doubles of the same sign. */
    static long ulpDistance(double a, double b) {
        if (a == b) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b) || Math.signum(a) * Math.signum(b) < 0) {
            return Long.MAX_VALUE;
        }
        return Math.abs(
                Double.doubleToLongBits(Math.abs(a)) - Double.doubleToLongBits(Math.abs(b)));
    }
}
