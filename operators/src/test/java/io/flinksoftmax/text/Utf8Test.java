package io.flinksoftmax.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void acceptsEveryScalarValueEncodedByTheJdk() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.firstInvalid(bytes, bytes.length)).as("U+%04X", cp).isEqualTo(-1);
        }
    }

    /** The JDK's decoder, set to report instead of replace, is strict per RFC 3629. */
    @Test
    void agreesWithTheJdksStrictDecoder() {
        Random random = new Random(20261127);
        for (int i = 0; i < 200_000; i++) {
            byte[] bytes = utf8ish(random);
            boolean jdk;
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                jdk = true;
            } catch (CharacterCodingException e) {
                jdk = false;
            }
            assertThat(Utf8.firstInvalid(bytes, bytes.length) < 0)
                    .as(HexFormat.of().formatHex(bytes))
                    .isEqualTo(jdk);
        }
    }

    @Test
    void reportsTheFirstBadOffsetAndNothingBefore() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = utf8ish(random);
            int bad = Utf8.firstInvalid(bytes, bytes.length);
            if (bad >= 0) {
                assertThat(Utf8.firstInvalid(bytes, bad))
                        .as(HexFormat.of().formatHex(bytes))
                        .isEqualTo(-1);
            }
        }
    }

    /**
     * Long records, ASCII runs of every length around the eight-byte fast path between pieces of
     * {@link #utf8ish}: the offset is the one where the JDK's strict decoder stops, also when only
     * a prefix of the array is the record.
     */
    @Test
    void findsTheOffsetTheJdkStopsAtInLongRecords() {
        Random random = new Random(20261205);
        for (int i = 0; i < 50_000; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int piece = random.nextInt(6); piece >= 0; piece--) {
                for (int a = random.nextInt(20); a > 0; a--) {
                    out.write(0x20 + random.nextInt(0x5F));
                }
                if (random.nextInt(3) == 0) {
                    out.writeBytes(utf8ish(random));
                }
            }
            byte[] bytes = out.toByteArray();
            int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
            var decoder =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
            var result = decoder.decode(in, java.nio.CharBuffer.allocate(length + 1), true);
            int expected = result.isError() ? in.position() : -1;
            assertThat(Utf8.firstInvalid(bytes, length))
                    .as("%s, length %d", HexFormat.of().formatHex(bytes), length)
                    .isEqualTo(expected);
        }
    }

    /** Bytes at the boundaries of UTF-8's ranges, where decoders go wrong. */
    private static final int[] INTERESTING = {
        0x00, 0x2F, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
        0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
    };

    /** Up to 8 bytes, three in four of them from {@link #INTERESTING}. */
    private static byte[] utf8ish(Random random) {
        byte[] bytes = new byte[random.nextInt(9)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] =
                    (byte)
                            (random.nextInt(4) < 3
                                    ? INTERESTING[random.nextInt(INTERESTING.length)]
                                    : random.nextInt(256));
        }
        return bytes;
    }
}
