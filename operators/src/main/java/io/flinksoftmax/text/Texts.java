package io.flinksoftmax.text;

import org.apache.flink.annotation.Internal;

/**
 * Makes user text safe to echo: valid Unicode (every unpaired UTF-16 surrogate replaced by U+FFFD,
 * as a UTF-8 decoder would) and bounded (cut to a few dozen code points, marked as cut). Messages
 * that quote a user's value use {@link #quote(String)}, so a dead letter never grows with the
 * record that caused it and never holds text that an encoder would refuse.
 *
 * <p>Stateless and thread safe.
 */
@Internal
public final class Texts {

    /**
     * How many code points of a user value a message quotes: enough to recognise a placement, label
     * or kind, far below any output size limit.
     */
    public static final int ECHO_CODE_POINTS = 64;

    /** Appended to a value that was cut, so that a reader never mistakes a prefix for the value. */
    public static final String CUT_MARK = "...(cut)";

    private static final char REPLACEMENT = '\uFFFD';

    private Texts() {}

    /** Whether {@code s} holds a high surrogate not followed by a low one, or a lone low one. */
    public static boolean hasUnpairedSurrogate(String s) {
        return firstUnpairedSurrogate(s) >= 0;
    }

    /** The index of the first unpaired surrogate in {@code s}, or {@code -1}. */
    public static int firstUnpairedSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself if none. */
    public static String wellFormed(String s) {
        int first = firstUnpairedSurrogate(s);
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        b.append(s, 0, first);
        int n = s.length();
        for (int i = first; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < n
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append(REPLACEMENT);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * At most {@code maxCodePoints} code points of {@code s} (never splitting a surrogate pair),
     * followed by {@link #CUT_MARK} when something was cut; well formed either way.
     */
    public static String cut(String s, int maxCodePoints) {
        if (s.length() <= maxCodePoints) {
            return wellFormed(s);
        }
        int end;
        try {
            end = s.offsetByCodePoints(0, maxCodePoints);
        } catch (IndexOutOfBoundsException fewerCodePoints) {
            return wellFormed(s);
        }
        if (end >= s.length()) {
            return wellFormed(s);
        }
        return wellFormed(s.substring(0, end)) + CUT_MARK;
    }

    /** A user value for a message: {@code 'value'}, cut to {@link #ECHO_CODE_POINTS}. */
    public static String quote(String value) {
        return value == null ? "null" : "'" + cut(value, ECHO_CODE_POINTS) + "'";
    }

    /** The number of code points in {@code s}, an unpaired surrogate counting as one. */
    public static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
