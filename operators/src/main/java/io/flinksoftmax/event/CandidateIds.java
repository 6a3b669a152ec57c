package io.flinksoftmax.event;

import io.flinksoftmax.text.Texts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The ids of a request's candidates, in input order, held as UTF-8 in one byte array: the parser
 * copies them out of the record without making a {@code String} per id, and the decision writer
 * copies them back into the output. A {@code String} is made only where one is asked for ({@link
 * #get}). Immutable.
 *
 * <p>Ids are valid Unicode by construction: {@link #of} replaces an unpaired UTF-16 surrogate by
 * U+FFFD (as the decision writer always has), and the parser refuses records that hold one.
 *
 * <pre>{@code
 * CandidateIds ids = CandidateIds.of("ad-1", "ad-2");
 * String second = ids.get(1);
 * }</pre>
 */
@PublicEvolving
public final class CandidateIds {

    private final byte[] utf8;

    /** {@code ends[i]} is where id {@code i} ends in {@link #utf8}; it starts where i - 1 ends. */
    private final int[] ends;

    private CandidateIds(byte[] utf8, int[] ends) {
        this.utf8 = utf8;
        this.ends = ends;
    }

    /** The ids {@code ids}, in that order; none may be {@code null}. */
    public static CandidateIds of(String... ids) {
        byte[][] encoded = new byte[ids.length][];
        int total = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null) {
                throw new IllegalArgumentException("candidate id " + i + " is null");
            }
            encoded[i] = Texts.wellFormed(ids[i]).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        byte[] utf8 = new byte[total];
        int[] ends = new int[ids.length];
        int at = 0;
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(encoded[i], 0, utf8, at, encoded[i].length);
            at += encoded[i].length;
            ends[i] = at;
        }
        return new CandidateIds(utf8, ends);
    }

    /**
     * Ids held in this class's layout, taken over, not copied: id {@code i} is {@code utf8[ends[i -
     * 1], ends[i])} (from 0 for the first), valid UTF-8. Bytes of {@code utf8} after the last end
     * are never read. The caller does not change either array while the ids are in use.
     */
    @Internal
    public static CandidateIds ofUtf8(byte[] utf8, int[] ends) {
        return new CandidateIds(utf8, ends);
    }

    /** How many ids. */
    public int size() {
        return ends.length;
    }

    /** Id {@code i}, decoded: a new {@code String} per call. */
    public String get(int i) {
        int start = start(i);
        return new String(utf8, start, ends[i] - start, StandardCharsets.UTF_8);
    }

    /** All ids, decoded. */
    public String[] toArray() {
        String[] all = new String[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = get(i);
        }
        return all;
    }

    /** Where id {@code i} starts in {@link #utf8()}. */
    @Internal
    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** Where id {@code i} ends in {@link #utf8()}. */
    @Internal
    public int end(int i) {
        return ends[i];
    }

    /**
     * The ids' UTF-8 bytes, shared: read only, and only up to {@code end(size() - 1)}; the array
     * may be longer.
     */
    @Internal
    public byte[] utf8() {
        return utf8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CandidateIds other
                && Arrays.equals(ends, other.ends)
                && Arrays.equals(utf8, 0, total(), other.utf8, 0, other.total());
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(ends);
        for (int i = 0, n = total(); i < n; i++) {
            h = 31 * h + utf8[i];
        }
        return h;
    }

    /** How many bytes the ids take. */
    private int total() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    @Override
    public String toString() {
        return Arrays.toString(toArray());
    }
}
