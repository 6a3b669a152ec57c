package io.flinksoftmax.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.flink.annotation.Internal;

/**
 * Strict UTF-8 validation (RFC 3629, Unicode 15 table 3-7): rejects overlong forms ({@code C0 AF},
 * {@code E0 80 AF}), encoded surrogates ({@code ED A0 80}), code points above U+10FFFF ({@code F4
 * 90 80 80}), stray continuation bytes and truncated sequences. A lenient decoder turns some of
 * these into characters the sender never wrote (an overlong {@code /} or NUL is the classic filter
 * bypass), so records must pass this check before their text is trusted.
 *
 * <p>Stateless and thread safe.
 */
@Internal
public final class Utf8 {

    /** Eight bytes of an array read as one {@code long}, at any offset. */
    private static final VarHandle WORDS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /**
     * The offset of the first byte of {@code data[0, length)} that does not start or continue a
     * well-formed UTF-8 sequence, or {@code -1} when the whole range is well formed.
     */
    public static int firstInvalid(byte[] data, int length) {
        int i = 0;
        while (i < length) {
            // Eight ASCII bytes at a time, the common case: no byte of the word has its top bit.
            while (i + Long.BYTES <= length && ((long) WORDS.get(data, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
            }
            if (i == length) {
                break;
            }
            int b = data[i];
            if (b >= 0) { // ASCII: the common case, one comparison a byte
                i++;
                continue;
            }
            int lead = b & 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                if (lead == 0xE0) {
                    lo = 0xA0; // below: overlong
                } else if (lead == 0xED) {
                    hi = 0x9F; // above: UTF-16 surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                if (lead == 0xF0) {
                    lo = 0x90; // below: overlong
                } else if (lead == 0xF4) {
                    hi = 0x8F; // above: beyond U+10FFFF
                }
            } else {
                return i; // C0, C1 (always overlong), F5..FF, or a stray continuation byte
            }
            if (i + need >= length) {
                return i; // the sequence is cut short by the end of the record
            }
            int second = data[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                if ((data[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
