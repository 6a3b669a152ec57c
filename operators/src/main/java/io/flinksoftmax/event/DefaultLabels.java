package io.flinksoftmax.event;

/** The labels {@code "0"..."n-1"} of events that bring none, cached so scoring allocates none. */
final class DefaultLabels {

    /** Covers the class counts of common classifiers (ImageNet-21k has 21,841). */
    private static final String[] CACHE = new String[1 << 15];

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = Integer.toString(i);
        }
    }

    private DefaultLabels() {}

    static String of(int i) {
        return i < CACHE.length ? CACHE[i] : Integer.toString(i);
    }

    /** The index {@code label} names among {@code n} default labels, or -1. */
    static int indexOf(String label, int n) {
        // Only canonical decimal forms match: "07" and "+7" are not labels.
        if (label.isEmpty() || label.length() > 10) {
            return -1;
        }
        for (int k = 0; k < label.length(); k++) {
            char c = label.charAt(k);
            if (c < '0' || c > '9' || (k == 0 && c == '0' && label.length() > 1)) {
                return -1;
            }
        }
        long value = Long.parseLong(label);
        return value < n ? (int) value : -1;
    }
}
