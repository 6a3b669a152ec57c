package io.flinksoftmax.encode;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.flinksoftmax.event.CandidateIds;
import io.flinksoftmax.text.Texts;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal JSON writer into a reusable byte array, for the per-record output path: field names are
 * pre-encoded tokens, plain ASCII strings are copied as they are, and numbers are written without
 * the bookkeeping of a general-purpose generator. Strings that need escaping go through Jackson's
 * {@link JsonStringEncoder}, doubles through {@link ShortestDouble} (the digits and layout of
 * Jackson's fast double writer, without its {@code String} per number), so the output is exactly
 * what Jackson would write. Total: any string can be written (an unpaired surrogate becomes
 * U+FFFD), and the output is always strict JSON in valid UTF-8. Not thread safe.
 */
final class JsonBuffer {

    private static final byte[] NULL = token("null");
    private static final byte[] TRUE = token("true");
    private static final byte[] FALSE = token("false");
    private static final byte[] ZERO = token("0.0");
    private static final byte[] ONE = token("1.0");
    private static final byte[] POSITIVE_INFINITY = token("\"Infinity\"");
    private static final byte[] NEGATIVE_INFINITY = token("\"-Infinity\"");

    private byte[] buf = new byte[4096];
    private int len;

    /** The bytes of an ASCII token such as {@code ,"probability":}. */
    static byte[] token(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    void reset() {
        len = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Bytes written since the last {@link #reset()}. */
    int length() {
        return len;
    }

    JsonBuffer raw(byte[] token) {
        ensure(token.length);
        System.arraycopy(token, 0, buf, len, token.length);
        len += token.length;
        return this;
    }

    JsonBuffer raw(char ascii) {
        ensure(1);
        buf[len++] = (byte) ascii;
        return this;
    }

    /** A quoted string, or {@code null}. */
    JsonBuffer string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        int n = s.length();
        if (isPlainAscii(s, n)) {
            ensure(n + 2);
            buf[len++] = '"';
            for (int i = 0; i < n; i++) {
                buf[len++] = (byte) s.charAt(i);
            }
            buf[len++] = '"';
            return this;
        }
        raw('"');
        // The encoder throws on an unpaired surrogate; the parser refuses them in input, and
        // replacing any that slip through keeps this writer total (a throw here would fail the
        // sink on every replay: a poison pill).
        raw(JsonStringEncoder.getInstance().quoteAsUTF8(Texts.wellFormed(s)));
        return raw('"');
    }

    /**
     * Candidate {@code i} of {@code ids} as a quoted string: the same bytes as {@link
     * #string(String)} of that id, copied straight from its UTF-8 when it is plain ASCII.
     */
    JsonBuffer id(CandidateIds ids, int i) {
        byte[] utf8 = ids.utf8();
        int from = ids.start(i);
        int to = ids.end(i);
        for (int k = from; k < to; k++) {
            byte b = utf8[k];
            if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') { // non-ASCII bytes are negative
                return string(ids.get(i));
            }
        }
        int n = to - from;
        ensure(n + 2);
        buf[len++] = '"';
        System.arraycopy(utf8, from, buf, len, n);
        len += n;
        buf[len++] = '"';
        return this;
    }

    /** A number in the shortest form that reads back to the same double; null if not finite. */
    JsonBuffer number(double d) {
        if (d == 0.0 && Double.doubleToRawLongBits(d) == 0L) {
            return raw(ZERO);
        }
        if (d == 1.0) {
            return raw(ONE);
        }
        if (!Double.isFinite(d)) {
            return raw(NULL);
        }
        ensure(ShortestDouble.MAX_BYTES);
        len = ShortestDouble.write(d, buf, len);
        return this;
    }

    /**
     * Like {@link #number(double)}, but an infinity is written as the string {@code "Infinity"} or
     * {@code "-Infinity"}: for values where infinity is a legitimate result (a log-probability that
     * underflowed, an infinite loss) and {@code null} already means "no value".
     */
    JsonBuffer numberOrInfinity(double d) {
        if (d == Double.POSITIVE_INFINITY) {
            return raw(POSITIVE_INFINITY);
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return raw(NEGATIVE_INFINITY);
        }
        return number(d);
    }

    JsonBuffer number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) { // its negation overflows
                return ascii(Long.toString(v));
            }
            raw('-');
            v = -v;
        }
        return digits(v);
    }

    /**
     * {@code v} (at least 0) in decimal: below 10^8 digit by digit, else its head (recursively: at
     * most twice, 19 digits) and then its last 8 digits as one word, a timestamp's 13 thus in two
     * steps.
     */
    private JsonBuffer digits(long v) {
        if (v >= 100_000_000) {
            long head = v / 100_000_000;
            digits(head);
            ensure(Long.BYTES);
            len = ShortestDouble.eightDigits((int) (v - head * 100_000_000), buf, len);
            return this;
        }
        int small = (int) v;
        int digits = 1;
        for (int rest = small; rest >= 10; rest /= 10) {
            digits++;
        }
        ensure(digits);
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + small % 10);
            small /= 10;
        }
        len = end;
        return this;
    }

    JsonBuffer bool(boolean b) {
        return raw(b ? TRUE : FALSE);
    }

    JsonBuffer nullValue() {
        return raw(NULL);
    }

    private JsonBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Printable ASCII without the two characters JSON escapes: copied byte for byte. */
    private static boolean isPlainAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
