package io.flinksoftmax.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    @Property(tries = 200_000, seed = "20261127")
    void agreesWithTheJdksStrictDecoder(@ForAll("utf8ish") byte[] bytes) {
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
        assertThat(Utf8.firstInvalid(bytes, bytes.length) < 0).isEqualTo(jdk);
    }

    @Property(tries = 20_000, seed = "7")
    void reportsTheFirstBadOffsetAndNothingBefore(@ForAll("utf8ish") byte[] bytes) {
        int bad = Utf8.firstInvalid(bytes, bytes.length);
        if (bad >= 0) {
            assertThat(Utf8.firstInvalid(bytes, bad)).isEqualTo(-1);
        }
    }

    /** Bytes biased towards the boundaries of UTF-8's ranges, where decoders go wrong. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<Byte> interesting =
                Arbitraries.of(
                                0x00, 0x2F, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                                0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3,
                                0xF4, 0xF5, 0xFF)
                        .map(Integer::byteValue);
        Arbitrary<Byte> any = Arbitraries.bytes();
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, interesting), net.jqwik.api.Tuple.of(1, any))
                .array(byte[].class)
                .ofMaxSize(8);
    }
}
