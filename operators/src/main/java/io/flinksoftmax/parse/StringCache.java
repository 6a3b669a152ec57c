package io.flinksoftmax.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code String}s of short values that repeat from record to record (kinds, models, placements,
 * class labels), so that a record does not make a new one for each: a direct-mapped table keyed by
 * the value's UTF-8 bytes, where a new value simply replaces the one in its slot. Bounded by
 * construction: a fixed number of slots, each holding at most {@value #MAX_BYTES} bytes; longer
 * values are decoded every time. Not thread safe.
 */
final class StringCache {

    /** Longer values are not kept: a record may hold any value up to its size limit. */
    static final int MAX_BYTES = 64;

    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    /**
     * @param slots a power of two
     */
    StringCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        keys = new byte[slots][];
        values = new String[slots];
        mask = slots - 1;
    }

    /** The string of the valid UTF-8 {@code utf8[from, to)}. */
    String get(byte[] utf8, int from, int to) {
        int n = to - from;
        if (n > MAX_BYTES) {
            return new String(utf8, from, n, StandardCharsets.UTF_8);
        }
        int h = n;
        for (int k = from; k < to; k++) {
            h = 31 * h + utf8[k];
        }
        int slot = (h ^ (h >>> 16)) & mask;
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, utf8, from, to)) {
            return values[slot];
        }
        keys[slot] = Arrays.copyOfRange(utf8, from, to);
        values[slot] = new String(utf8, from, n, StandardCharsets.UTF_8);
        return values[slot];
    }
}
