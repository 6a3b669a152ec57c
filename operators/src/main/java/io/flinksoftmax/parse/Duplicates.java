package io.flinksoftmax.parse;

import io.flinksoftmax.text.Texts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the earliest repeat among ids or labels, for a message that names both places: the smallest
 * index {@code i} whose value appeared before, and that value's first index. The same answer
 * whatever the length; how it is found depends on the length.
 */
final class Duplicates {

    /** Up to this many entries, a pairwise scan finds duplicates faster than a hash map. */
    private static final int PAIRWISE_DUPLICATE_SCAN = 32;

    private Duplicates() {}

    /** A message naming the earliest repeat and where it stands, or {@code null} if all differ. */
    static String find(String[] values, int n, String nameFormat) {
        if (n <= PAIRWISE_DUPLICATE_SCAN) {
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (values[i].equals(values[j])) {
                        return message(values, i, j, nameFormat);
                    }
                }
            }
            return null;
        }
        // The common case, all distinct, is decided by sorting a copy: no map, no boxing.
        String[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        boolean repeats = false;
        for (int k = 1; k < n && !repeats; k++) {
            repeats = sorted[k].equals(sorted[k - 1]);
        }
        if (!repeats) {
            return null;
        }
        // A record to reject: find the earliest repeat as the pairwise scan would.
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Integer j = firstIndex.putIfAbsent(values[i], i);
            if (j != null) {
                return message(values, i, j, nameFormat);
            }
        }
        throw new IllegalStateException("sorting found a repeat that the scan did not");
    }

    /**
     * {@link #find} for the candidates' ids of {@code f}, compared by hash, then as UTF-8 bytes
     * (equal strings have equal bytes): a hash table of indices for long lists, so no {@code
     * String} is made unless one repeats.
     */
    static String findIds(Fields f, int n) {
        byte[] b = f.idBytes();
        // Hashes first, in loops of int compares: the bytes only when two are equal.
        int[] hashes = f.idHashes();
        if (n <= PAIRWISE_DUPLICATE_SCAN) {
            for (int i = 1; i < n; i++) {
                int hash = hashes[i];
                for (int j = 0; j < i; j++) {
                    if (hashes[j] == hash && sameId(f, b, i, j)) {
                        return idMessage(f, i, j);
                    }
                }
            }
            return null;
        }
        // Indices plus one, 0 for empty; at most half full. Scanning in input order, the first
        // index to meet an equal id is the earliest repeat, and the one it meets its first place.
        int size = Integer.highestOneBit(n) << 2;
        int[] table = f.duplicateTable(size);
        int mask = size - 1;
        for (int i = 0; i < n; i++) {
            int hash = hashes[i];
            int slot = hash & mask;
            while (table[slot] != 0) {
                int j = table[slot] - 1;
                if (hashes[j] == hash && sameId(f, b, i, j)) {
                    return idMessage(f, i, j);
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return null;
    }

    /** Whether ids {@code i} and {@code j} have the same bytes. */
    private static boolean sameId(Fields f, byte[] b, int i, int j) {
        return Arrays.equals(b, f.idStart(i), f.idEnd(i), b, f.idStart(j), f.idEnd(j));
    }

    private static String idMessage(Fields f, int i, int j) {
        return "candidates["
                + i
                + "].id "
                + Texts.quote(f.candidateId(i))
                + " repeats candidates["
                + j
                + "].id";
    }

    private static String message(String[] values, int i, int j, String nameFormat) {
        return String.format(nameFormat, i)
                + " "
                + Texts.quote(values[i])
                + " repeats "
                + String.format(nameFormat, j);
    }
}
