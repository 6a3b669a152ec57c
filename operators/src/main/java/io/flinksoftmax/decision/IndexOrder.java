package io.flinksoftmax.decision;

/**
 * Orders indices by a {@code double} key, highest first, equal keys by lowest index: the
 * deterministic tie-break of the contract. Works on primitive arrays, so nothing is boxed.
 */
final class IndexOrder {

    /** Below this length insertion sort beats merge sort. */
    private static final int INSERTION_SORT_MAX = 24;

    private IndexOrder() {}

    /** All indices of {@code keys}, ordered. Keys must not be NaN. */
    static int[] sorted(double[] keys) {
        return sorted(keys, new int[keys.length]);
    }

    /** {@link #sorted(double[])} into {@code order}, of the keys' length; returns it. */
    static int[] sorted(double[] keys, int[] order) {
        int n = keys.length;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n <= INSERTION_SORT_MAX) {
            insertionSort(keys, order, 0, n);
        } else {
            mergeSort(keys, order, order.clone(), 0, n);
        }
        return order;
    }

    /** The {@code k} highest-keyed indices (fewer if there are fewer keys), ordered. */
    static int[] top(double[] keys, int k) {
        int size = 0;
        int[] best = new int[Math.min(k, keys.length)];
        for (int i = 0; i < keys.length; i++) {
            double key = keys[i];
            // Strictly greater: an equal key at a later index never displaces an earlier one.
            if (size == best.length && !(key > keys[best[size - 1]])) {
                continue;
            }
            int j = size == best.length ? size - 1 : size++;
            while (j > 0 && key > keys[best[j - 1]]) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        return best;
    }

    private static void insertionSort(double[] keys, int[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int index = a[i];
            double key = keys[index];
            int j = i;
            // Indices arrive in ascending order, so stopping at equal keys keeps the tie-break.
            while (j > from && key > keys[a[j - 1]]) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = index;
        }
    }

    /** Stable top-down merge sort of {@code a[from, to)}; {@code scratch} starts as a copy. */
    private static void mergeSort(double[] keys, int[] a, int[] scratch, int from, int to) {
        if (to - from <= INSERTION_SORT_MAX) {
            insertionSort(keys, a, from, to);
            return;
        }
        int mid = (from + to) >>> 1;
        // Sort both halves into scratch, then merge them back into a.
        mergeSort(keys, scratch, a, from, mid);
        mergeSort(keys, scratch, a, mid, to);
        int i = from;
        int j = mid;
        for (int out = from; out < to; out++) {
            if (j >= to || (i < mid && keys[scratch[i]] >= keys[scratch[j]])) {
                a[out] = scratch[i++];
            } else {
                a[out] = scratch[j++];
            }
        }
    }
}
