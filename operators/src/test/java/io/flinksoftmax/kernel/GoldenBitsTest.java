package io.flinksoftmax.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel's output bits, pinned: a few hundred input vectors (lengths 1..10,000, temperatures
 * from 1e-3 to 1e3, masks, values near exp's underflow, up to ±1e308) made by a generator whose
 * every step is specified (SplitMix64 and exact arithmetic), and a 64-bit FNV-1a digest of the raw
 * bits of their probabilities and log probabilities, checked in {@code golden/softmax-bits.txt}.
 *
 * <p>Besides the plain run in {@code mvn verify}, the operators module runs this class again with
 * the JIT's math intrinsics off ({@code -XX:-UseLibmIntrinsic}) and in the interpreter ({@code
 * -Xint}, the short vectors only): the bits must not depend on how the JVM computes. Regenerate
 * (only after a deliberate change of the kernel's results) with {@code -Dgolden.write=true}.
 */
class GoldenBitsTest {

    private static final String FILE = "golden/softmax-bits.txt";

    /** In the interpreter, vectors up to this length only: a full run would take minutes. */
    private static final int SUBSET_MAX_LENGTH = 100;

    @Test
    void outputBitsAreTheCheckedInOnes() throws IOException {
        List<Case> cases = cases();
        List<String> actual = new ArrayList<>();
        for (Case c : cases) {
            actual.add(c.name + " " + Long.toHexString(c.digest()));
        }
        if (Boolean.getBoolean("golden.write")) {
            Path out = Path.of("src/test/resources", FILE);
            Files.write(out, actual, StandardCharsets.UTF_8);
            return;
        }
        List<String> expected;
        try (InputStream in = getClass().getResourceAsStream("/" + FILE)) {
            assertThat(in).as(FILE).isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        // The extra runs prove they run under the flag they are for.
        String flag = System.getProperty("golden.jvmFlag");
        if (flag != null) {
            assertThat(
                            java.lang.management.ManagementFactory.getRuntimeMXBean()
                                    .getInputArguments())
                    .contains(flag);
        }
        boolean subset = Boolean.getBoolean("golden.subset");
        int compared = 0;
        for (int i = 0; i < cases.size(); i++) {
            if (subset && cases.get(i).z.length > SUBSET_MAX_LENGTH) {
                continue;
            }
            assertThat(actual.get(i)).as("case %s", cases.get(i).name).isEqualTo(expected.get(i));
            compared++;
        }
        assertThat(expected).hasSize(cases.size());
        assertThat(compared).isGreaterThan(subset ? 100 : 300);
    }

    /** One input: logits, an optional mask, a temperature; or a sigmoid argument (length 1). */
    private record Case(String name, double[] z, boolean[] eligible, double temperature) {
        long digest() {
            double[] p = new double[z.length];
            double[] logP = new double[z.length];
            Softmax.softmax(z, eligible, temperature, p, logP);
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < z.length; i++) {
                h = fnv(h, Double.doubleToRawLongBits(p[i]));
                h = fnv(h, Double.doubleToRawLongBits(logP[i]));
            }
            if (z.length == 1) {
                h = fnv(h, Double.doubleToRawLongBits(Softmax.sigmoid(z[0], temperature)));
                h = fnv(h, Double.doubleToRawLongBits(Softmax.logSigmoid(z[0], temperature)));
                h = fnv(h, Double.doubleToRawLongBits(Softmax.logSigmoid(-z[0], temperature)));
            }
            return h;
        }
    }

    private static long fnv(long h, long bits) {
        for (int b = 0; b < 8; b++) {
            h ^= (bits >>> (8 * b)) & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static final double[] TEMPERATURES = {1.0, 0.5, 2.0, 1e-3, 7.3, 1e3, 0.1};
    private static final int[] LENGTHS = {1, 2, 3, 5, 10, 32, 100, 1000, 10_000};
    private static final double[] SCALES = {1e-3, 1, 10, 100, 700, 1e4};

    static List<Case> cases() {
        SplitMix64 random = new SplitMix64(20261127L);
        List<Case> cases = new ArrayList<>();
        int k = 0;
        for (int length : LENGTHS) {
            for (double scale : SCALES) {
                int repeats = length >= 1000 ? 1 : 4;
                for (int r = 0; r < repeats; r++) {
                    double t = TEMPERATURES[random.nextInt(TEMPERATURES.length)];
                    double[] z = new double[length];
                    for (int i = 0; i < length; i++) {
                        z[i] = (random.nextDouble() * 2 - 1) * scale;
                    }
                    boolean[] mask = null;
                    if (length > 1 && random.nextInt(3) == 0) {
                        mask = new boolean[length];
                        for (int i = 0; i < length; i++) {
                            mask[i] = random.nextInt(4) != 0;
                        }
                        mask[random.nextInt(length)] = true;
                    }
                    cases.add(new Case("c" + (k++) + "-n" + length + "-s" + scale, z, mask, t));
                }
            }
        }
        // Near exp's underflow, ties, huge and opposite values, a spread that keeps one entry.
        double[][] extremes = {
            {0, -745.0, -745.1, -745.2, -744.9},
            {0, -708.3, -709.8, -10},
            {1e308, 1e308},
            {1e308, -1e308},
            {-1e308, -1e308, -1e308},
            {1000, 0, -1000},
            {20, 300, 5000},
            {2, 3, 5},
            {0.1, 0.1, 0.1, 0.1},
            {1e-300, -1e-300, 0},
            {36.7, 36.8, 709.7, -709.7},
        };
        for (double[] z : extremes) {
            for (double t : TEMPERATURES) {
                cases.add(new Case("x" + (k++), z.clone(), null, t));
            }
        }
        // Sigmoid arguments across the range where exp and log1p change regime.
        for (int i = 0; i < 60; i++) {
            double z = (random.nextDouble() * 2 - 1) * (i < 30 ? 40 : 800);
            cases.add(new Case("s" + (k++), new double[] {z}, null, TEMPERATURES[i % 7]));
        }
        return cases;
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): every step is integer arithmetic, so are the draws. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) with 53 random bits: exact. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        int nextInt(int bound) {
            return (int) Long.remainderUnsigned(nextLong(), bound);
        }
    }
}
