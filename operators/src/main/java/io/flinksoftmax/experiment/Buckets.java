package io.flinksoftmax.experiment;

import org.apache.flink.annotation.PublicEvolving;

/**
 * GrowthBook's assignment of units to variants (DESIGN §14), so that a GrowthBook SDK, a warehouse
 * query or another service computes the same variant as the job: a unit hashes into [0, 1), each
 * variant owns a range of it, and the unit gets the variant whose range holds its hash, or none.
 * Checked against GrowthBook's published SDK test cases ({@code ExperimentBucketsTest}).
 *
 * <p>Hash version 2: n = (fnv1a32(decimal string of fnv1a32(seed + unit)) mod 10000) / 10000.
 * FNV-1a 32-bit runs over the string's UTF-16 code units, as JavaScript's {@code charCodeAt} does.
 * Version 1 (GrowthBook's first, biased one) is here for the published cases only.
 */
@PublicEvolving
public final class Buckets {

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Buckets() {}

    /**
     * Where {@code unit} falls in [0, 1) for {@code seed}, by hash {@code version}; {@code NaN} for
     * a version other than 1 or 2.
     */
    public static double hash(String seed, String unit, int version) {
        return switch (version) {
            case 2 -> (fnv1a32(Long.toString(fnv1a32(seed + unit))) % 10_000) / 10_000.0;
            case 1 -> (fnv1a32(unit + seed) % 1_000) / 1_000.0;
            default -> Double.NaN;
        };
    }

    /** FNV-1a, 32 bits, over UTF-16 code units, as an unsigned value. */
    static long fnv1a32(String s) {
        int h = FNV_OFFSET;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= FNV_PRIME;
        }
        return Integer.toUnsignedLong(h);
    }

    /**
     * The bucket range of each of {@code variants} variants: variant i owns [c_i, c_i + coverage ×
     * w_i), c_i the sum of the weights before it. As GrowthBook does with odd input: coverage is
     * clamped to [0, 1]; weights that are missing ({@code null}), of another count, or that do not
     * add up to 1 within 0.01 are replaced by equal weights.
     *
     * @return {@code [variants][2]}: start and end of each range
     */
    public static double[][] ranges(int variants, double coverage, double[] weights) {
        double c = coverage < 0 ? 0 : Math.min(coverage, 1);
        double[] w = weights;
        if (w == null || w.length != variants || !(Math.abs(sum(w) - 1) <= 0.01)) {
            w = new double[variants];
            java.util.Arrays.fill(w, 1.0 / variants);
        }
        double[][] ranges = new double[variants][];
        double start = 0;
        for (int i = 0; i < variants; i++) {
            ranges[i] = new double[] {start, start + c * w[i]};
            start += w[i];
        }
        return ranges;
    }

    /** The first variant whose range holds {@code n} (start included, end not), or -1. */
    public static int choose(double n, double[][] ranges) {
        for (int i = 0; i < ranges.length; i++) {
            if (n >= ranges[i][0] && n < ranges[i][1]) {
                return i;
            }
        }
        return -1;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
