package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDouble} against its oracle, Jackson's fast double writer, which the output
 * contract names: byte-equal for random bit patterns over the whole finite range, the values the
 * job writes most (probabilities, their logarithms), and every boundary where the algorithm or the
 * layout changes branch. Each output also parses back to the same double.
 */
class ShortestDoubleTest {

    private final byte[] buf = new byte[64];

    @Test
    void randomBitPatternsOverTheWholeRangeMatchJackson() {
        SplittableRandom random = new SplittableRandom(20261127L);
        for (int i = 0; i < 3_000_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            check(d);
        }
    }

    @Test
    void probabilitiesAndTheirLogarithmsMatchJackson() {
        SplittableRandom random = new SplittableRandom(11L);
        for (int i = 0; i < 1_000_000; i++) {
            double p = random.nextDouble();
            check(p);
            check(Math.log(p));
            check(p * p * p * 1e-300);
            check(Math.exp(-random.nextDouble() * 750)); // down through the subnormals
        }
    }

    @Test
    void shortDecimalsAndIntegersMatchJackson() {
        SplittableRandom random = new SplittableRandom(5L);
        for (int i = 0; i < 300_000; i++) {
            int digits = 1 + random.nextInt(17);
            long f = random.nextLong(1, (long) Math.pow(10, Math.min(digits, 18)));
            int e = random.nextInt(-330, 310);
            check(Double.parseDouble(f + "E" + e));
            check((double) random.nextLong(1L << 54));
        }
    }

    @Test
    void boundariesOfTheAlgorithmAndTheLayoutMatchJackson() {
        double[] specials = {
            0.0,
            -0.0,
            Double.MIN_VALUE,
            2 * Double.MIN_VALUE,
            3 * Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE,
            1.0,
            0.1,
            0.3,
            2.0 / 3,
            1e-3,
            1e7,
            9_999_999.999999998,
            1e23,
            5e-324,
            4.9e-324,
            1.0E22,
            9007199254740992.0,
            9007199254740993.0,
            123456789012345678.0
        };
        for (double d : specials) {
            check(d);
            check(-d);
        }
        for (int e = -325; e <= 309; e++) {
            double d = Double.parseDouble("1E" + e);
            check(d);
            check(Math.nextUp(d));
            check(Math.nextDown(d));
        }
        for (int q = -1074; q <= 1023; q++) { // powers of two: the asymmetric interval
            double d = Math.scalb(1.0, q);
            check(d);
            check(Math.nextUp(d));
            check(Math.nextDown(d));
        }
        for (long n = 0; n < 100_000; n++) { // small integers: the exact-integer path
            check(n);
            check(n / 8.0);
        }
    }

    @Test
    void eightDigitWordsAreExactForEveryValueBelow10To8() {
        // Every input of the SWAR digit writer, against the digits by plain division.
        for (int v = 0; v < 100_000_000; v++) {
            long word = ShortestDouble.eightDigits(v);
            int rest = v;
            for (int k = 7; k >= 0; k--) {
                if ((word >>> (8 * k) & 0xFF) != '0' + rest % 10) {
                    fail("digit %d of %d in %s", k, v, Long.toHexString(word));
                }
                rest /= 10;
            }
        }
    }

    @Test
    void refusesWhatIsNotFinite() {
        for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1 / 0.0}) {
            assertThatThrownBy(() -> ShortestDouble.write(d, buf, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writesAtTheGivenOffsetWithinMaxBytes() {
        byte[] small = new byte[3 + ShortestDouble.MAX_BYTES];
        int end = ShortestDouble.write(-1.2345678901234567E-308, small, 3);
        assertThat(end).isEqualTo(small.length);
        assertThat(new String(small, 3, end - 3, StandardCharsets.US_ASCII))
                .isEqualTo("-1.2345678901234567E-308");
    }

    /** Our bytes equal Jackson's and parse back to {@code d}; values past the range are skipped. */
    private void check(double d) {
        if (!Double.isFinite(d)) { // 1E309, nextUp(MAX_VALUE): the callers write these themselves
            return;
        }
        int end = ShortestDouble.write(d, buf, 0);
        String ours = new String(buf, 0, end, StandardCharsets.US_ASCII);
        String jackson = NumberOutput.toString(d, true);
        if (!ours.equals(jackson)) { // assertThat per value would dominate the run time
            assertThat(ours).as("bits %016x", Double.doubleToRawLongBits(d)).isEqualTo(jackson);
        }
        if (Double.doubleToRawLongBits(Double.parseDouble(ours)) != Double.doubleToRawLongBits(d)) {
            assertThat(Double.parseDouble(ours)).as(ours).isEqualTo(d);
        }
        assertThat(end).isLessThanOrEqualTo(ShortestDouble.MAX_BYTES);
    }
}
