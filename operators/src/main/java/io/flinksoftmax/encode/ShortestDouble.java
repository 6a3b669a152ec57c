package io.flinksoftmax.encode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Writes a finite double in the shortest decimal form that reads back to the same double, straight
 * into a byte array: no {@code String}, no buffer, no object per number. The digits are those of
 * Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020), which is what
 * Jackson's fast double writer and {@code Double.toString} since Java 19 use; the layout is {@code
 * Double.toString}'s: plain ({@code 0.001}, {@code 1234567.0}) for magnitudes in [1e-3, 1e7),
 * otherwise computerized scientific ({@code 1.0E-5}, {@code -2.5E300}). {@code ShortestDoubleTest}
 * holds every output byte-equal to Jackson's {@code NumberOutput.toString(d, true)}.
 *
 * <p>Why our own: the per-record encoder formats one double per probability, and Jackson's public
 * API returns each as a new {@code String} (after allocating a formatter and its buffer), which was
 * the largest single allocation of the hot path.
 *
 * <p>Outline, for double {@code v = c·2^q}: the decimal exponent {@code k} is chosen so that {@code
 * v·10^-k} has 17 or fewer integer digits; the scaled value and the two ends of the interval of
 * reals that round to {@code v} are computed with a 126-bit approximation {@code g} of {@code
 * 10^-k} (rounding to odd, which keeps every comparison exact); then the shortest decimal inside
 * that interval is picked, preferring one digit fewer, and else the one closest to {@code v}.
 */
final class ShortestDouble {

    /** Upper bound of the bytes one double takes: {@code -1.2345678901234567E-308}. */
    static final int MAX_BYTES = 24;

    private static final int P = 53; // significand bits, the hidden one included
    private static final int Q_MIN = -1074; // exponent of the smallest subnormal
    private static final long C_MIN = 1L << (P - 1); // smallest normal significand
    private static final long T_MASK = C_MIN - 1;
    private static final int BQ_MASK = 0x7FF;

    /**
     * Subnormal significands below this are scaled by 10 first, so that the interval still holds a
     * decimal of the right length (4.9E-324 and 9.9E-324).
     */
    private static final long C_TINY = 3;

    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final int DIGITS = 17; // every double needs at most 17 significant digits
    private static final long MASK_63 = (1L << 63) - 1;

    /** Eight bytes of an array written as one {@code long}, at any offset. */
    private static final VarHandle WORDS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Powers of ten up to 10^17. */
    private static final long[] POW10 = new long[DIGITS + 1];

    /**
     * {@code g(k) = floor(10^-k · 2^-r) + 1} with r such that g is in [2^125, 2^126), in 63-bit
     * halves.
     */
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
        BigInteger mask63 = BigInteger.valueOf(MASK_63);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int shift = 125 - flog2pow10(-k); // = -r
            BigInteger g;
            if (k <= 0) {
                BigInteger p = BigInteger.TEN.pow(-k);
                g = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
            } else {
                g = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(k));
            }
            g = g.add(BigInteger.ONE);
            int at = 2 * (k - K_MIN);
            G[at] = g.shiftRight(63).longValueExact();
            G[at + 1] = g.and(mask63).longValueExact();
        }
    }

    private ShortestDouble() {}

    /**
     * Writes {@code v} at {@code buf[at]}.
     *
     * @param v a finite double (callers write non-finite values their own way)
     * @param buf where to write, with at least {@link #MAX_BYTES} bytes free from {@code at}
     * @return the index after the last byte written
     */
    static int write(double v, byte[] buf, int at) {
        long bits = Double.doubleToRawLongBits(v);
        int bq = (int) (bits >>> (P - 1)) & BQ_MASK;
        if (bq == BQ_MASK) {
            throw new IllegalArgumentException("not a finite double: " + v);
        }
        int pos = at;
        if (bits < 0) {
            buf[pos++] = '-';
        }
        long t = bits & T_MASK;
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq; // v = c·2^-mq
            long c = C_MIN | t;
            if (0 < mq && mq < P) {
                long f = c >> mq;
                if (f << mq == c) { // an integer below 2^53: its digits are exact
                    return layout(f, 0, buf, pos);
                }
            }
            return decimal(-mq, c, 0, buf, pos);
        }
        if (t != 0) {
            return t < C_TINY
                    ? decimal(Q_MIN, 10 * t, -1, buf, pos)
                    : decimal(Q_MIN, t, 0, buf, pos);
        }
        buf[pos++] = '0';
        buf[pos++] = '.';
        buf[pos++] = '0';
        return pos;
    }

    /** The shortest decimal for {@code c·2^q·10^-dk}, laid out at {@code buf[pos]}. */
    private static int decimal(int q, long c, int dk, byte[] buf, int pos) {
        int out = (int) c & 1; // an odd significand rounds away: its interval ends are excluded
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else { // at a power of two the interval below is half as wide
            cbl = cb - 1;
            k = flog10ThreeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        int at = 2 * (k - K_MIN);
        long g1 = G[at];
        long g0 = G[at + 1];
        // v, and the interval's ends, times 10^-k, times 4, rounded to odd
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // one digit fewer: is exactly one of the two neighbouring multiples of 10 inside?
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return layout(upin ? sp10 : tp10, k, buf, pos);
            }
        }
        long tt = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (tt << 2) + out <= vbr;
        if (uin != win) {
            return layout(uin ? s : tt, k + dk, buf, pos);
        }
        // both inside: the closer one, the even one on a tie
        long cmp = vb - ((s + tt) << 1);
        return layout(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk, buf, pos);
    }

    /** {@code floor(g·cp / 2^127)}, its lowest bit set if the division was not exact. */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** Lays out the decimal {@code f·10^e} ({@code f > 0}) as {@code Double.toString} does. */
    private static int layout(long f, int e, byte[] buf, int pos) {
        int len = flog10pow2(Long.SIZE - Long.numberOfLeadingZeros(f));
        if (f >= POW10[len]) {
            len++;
        }
        // f as exactly 17 digits; e becomes the exponent of a "0.ddd" form
        f *= POW10[DIGITS - len];
        e += len;
        if (0 < e && e <= 7) { // dd.ddd: the point after digit e
            seventeenDigits(f, buf, pos + 1);
            movePointIn(buf, pos, e);
            return trim(buf, pos + DIGITS + 1, pos + e + 2);
        }
        if (-3 < e && e <= 0) { // 0.00ddd
            buf[pos++] = '0';
            buf[pos++] = '.';
            for (int i = e; i < 0; i++) {
                buf[pos++] = '0';
            }
            seventeenDigits(f, buf, pos);
            return trim(buf, pos + DIGITS, pos + 1);
        }
        seventeenDigits(f, buf, pos + 1); // d.dddE-n
        movePointIn(buf, pos, 1);
        return exponent(e - 1, buf, trim(buf, pos + DIGITS + 1, pos + 3));
    }

    /**
     * Turns the digits at {@code buf[pos + 1 ..]} into digits with a point after the first {@code
     * point} of them, starting at {@code buf[pos]}.
     */
    private static void movePointIn(byte[] buf, int pos, int point) {
        for (int i = 0; i < point; i++) {
            buf[pos + i] = buf[pos + i + 1];
        }
        buf[pos + point] = '.';
    }

    /**
     * Writes the 17 digits of {@code f} (in [10^16, 10^17)) at {@code buf[pos]}: the first one,
     * then two words of eight, where one digit per 64-bit division was the writer's largest cost.
     */
    private static void seventeenDigits(long f, byte[] buf, int pos) {
        long high = f / 100_000_000; // the first 9 digits
        int low = (int) (f - high * 100_000_000);
        int first = (int) high / 100_000_000;
        buf[pos] = (byte) ('0' + first);
        int next = eightDigits((int) high - first * 100_000_000, buf, pos + 1);
        eightDigits(low, buf, next);
    }

    /**
     * Writes {@code v} in [0, 10^8) as exactly 8 digits at {@code buf[pos]}, which must have 8
     * bytes free; returns the index after them.
     */
    static int eightDigits(int v, byte[] buf, int pos) {
        WORDS.set(buf, pos, eightDigits(v));
        return pos + Long.BYTES;
    }

    /**
     * The 8 ASCII digits of {@code v} in [0, 10^8), as a little-endian word, computed in lanes of
     * one word (SWAR): halves of 4 digits in 32-bit lanes, pairs in 16-bit lanes, digits in bytes.
     * Each lane's division is a multiplication and a shift, exact for that lane's range: {@code
     * x·10486 >> 20 = x / 100} for x below 10^4 and {@code x·103 >> 10 = x / 10} for x below 100
     * ({@code ShortestDoubleTest} checks all 10^8 inputs).
     */
    static long eightDigits(int v) {
        int upper = v / 10_000;
        long halves = upper | (long) (v - upper * 10_000) << 32;
        long hundreds = (halves * 10_486 >>> 20) & 0x0000_007F_0000_007FL;
        long pairs = hundreds | (halves - hundreds * 100) << 16;
        long tens = (pairs * 103 >>> 10) & 0x000F_000F_000F_000FL;
        return (tens | (pairs - tens * 10) << 8) + 0x3030_3030_3030_3030L;
    }

    /** Drops trailing zeros before {@code end}, keeping at least up to {@code min}. */
    private static int trim(byte[] buf, int end, int min) {
        while (end > min && buf[end - 1] == '0') {
            end--;
        }
        return end;
    }

    private static int exponent(int e, byte[] buf, int pos) {
        buf[pos++] = 'E';
        if (e < 0) {
            buf[pos++] = '-';
            e = -e;
        }
        if (e >= 100) {
            buf[pos++] = (byte) ('0' + e / 100);
            e %= 100;
            buf[pos++] = (byte) ('0' + e / 10);
        } else if (e >= 10) {
            buf[pos++] = (byte) ('0' + e / 10);
        }
        buf[pos++] = (byte) ('0' + e % 10);
        return pos;
    }

    /** {@code floor(e·log10(2))} for |e| ≤ 5456721. */
    private static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** {@code floor(log10(3/4·2^e))}. */
    private static int flog10ThreeQuartersPow2(int e) {
        return (int) ((e * 661_971_961_083L + -274_743_187_321L) >> 41);
    }

    /** {@code floor(e·log2(10))} for |e| ≤ 1838394. */
    private static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }
}
