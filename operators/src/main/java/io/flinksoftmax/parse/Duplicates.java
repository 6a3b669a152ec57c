package io.flinksoftmax.parse;

import io.flinksoftmax.text.Texts;
import java.util.Arrays;

/**
 * Finds the first repeated value among ids or labels, for a message that names both places:
 * pairwise for short lists, by sorting a copy for long ones (no boxing, no map).
 */
final class Duplicates {

    /** Up to this many entries, a pairwise scan finds duplicates faster than a hash map. */
    private static final int PAIRWISE_DUPLICATE_SCAN = 32;

    private Duplicates() {}

    /** A message naming a repeated value and where it stands, or {@code null} if all differ. */
    static String find(String[] values, int n, String nameFormat) {
        if (n <= PAIRWISE_DUPLICATE_SCAN) {
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    if (values[i].equals(values[j])) {
                        return duplicateMessage(values, i, j, nameFormat);
                    }
                }
            }
            return null;
        }
        // Sort a copy: equal values become neighbours, without boxing indices into a map.
        String[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        for (int k = 1; k < n; k++) {
            if (sorted[k].equals(sorted[k - 1])) {
                int first = -1;
                for (int i = 0; i < n; i++) {
                    if (values[i].equals(sorted[k])) {
                        if (first >= 0) {
                            return duplicateMessage(values, i, first, nameFormat);
                        }
                        first = i;
                    }
                }
            }
        }
        return null;
    }

    private static String duplicateMessage(String[] values, int i, int j, String nameFormat) {
        return String.format(nameFormat, i)
                + " "
                + Texts.quote(values[i])
                + " repeats "
                + String.format(nameFormat, j);
    }
}
