package io.flinksoftmax.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void findsUnpairedSurrogates() {
        assertThat(Texts.firstUnpairedSurrogate("abc")).isEqualTo(-1);
        assertThat(Texts.firstUnpairedSurrogate("a\uD83D\uDE00b")).isEqualTo(-1);
        assertThat(Texts.firstUnpairedSurrogate("a\uD83D")).isEqualTo(1);
        assertThat(Texts.firstUnpairedSurrogate("\uDE00\uD83D")).isEqualTo(0);
        assertThat(Texts.firstUnpairedSurrogate("\uD83D\uD83D\uDE00")).isEqualTo(0);
    }

    @Test
    void replacesOnlyUnpairedSurrogates() {
        assertThat(Texts.wellFormed("a\uD800b\uD83D\uDE00\uDC00"))
                .isEqualTo("a\uFFFDb\uD83D\uDE00\uFFFD");
        String clean = "plain";
        assertThat(Texts.wellFormed(clean)).isSameAs(clean);
    }

    @Test
    void cutsByCodePointsAndMarksTheCut() {
        assertThat(Texts.cut("abcdef", 3)).isEqualTo("abc" + Texts.CUT_MARK);
        assertThat(Texts.cut("abc", 3)).isEqualTo("abc");
        // Three emoji are six chars: a cut at 2 code points keeps both pairs whole.
        assertThat(Texts.cut("\uD83D\uDE00".repeat(3), 2))
                .isEqualTo("\uD83D\uDE00".repeat(2) + Texts.CUT_MARK);
        assertThat(Texts.quote(null)).isEqualTo("null");
    }

    /**
     * Whatever the string, the result encodes to UTF-8 and back unchanged, and is bounded: 50,000
     * seeded strings of ASCII, other BMP text, surrogate pairs and lone surrogates of either kind.
     */
    @Test
    void cutIsWellFormedAndBounded() {
        Random random = new Random(11);
        for (int i = 0; i < 50_000; i++) {
            String s = anyString(random);
            int max = 1 + random.nextInt(40);
            String cut = Texts.cut(s, max);
            String input = "cut(" + escaped(s) + ", " + max + ")";
            assertThat(Texts.hasUnpairedSurrogate(cut)).as(input).isFalse();
            assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .as(input)
                    .isEqualTo(cut);
            assertThat(Texts.codePoints(cut))
                    .as(input)
                    .isLessThanOrEqualTo(max + Texts.CUT_MARK.length());
            if (!Texts.hasUnpairedSurrogate(s) && Texts.codePoints(s) <= max) {
                assertThat(cut).as(input).isEqualTo(s);
            }
        }
    }

    /** Up to 60 chars, each drawn from where string handling goes wrong. */
    private static String anyString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(61); n > 0; n--) {
            switch (random.nextInt(6)) {
                case 0 -> s.append((char) random.nextInt(0x80));
                case 1 -> s.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
                case 2 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 3 -> s.append((char) (0xD800 + random.nextInt(0x400))); // lone high
                case 4 -> s.append((char) (0xDC00 + random.nextInt(0x400))); // lone low
                default -> s.append((char) (0xE000 + random.nextInt(0x10000 - 0xE000)));
            }
        }
        return s.toString();
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.chars()
                .forEach(
                        c ->
                                b.append(
                                        c < 0x80
                                                ? String.valueOf((char) c)
                                                : String.format("\\u%04x", c)));
        return b.append('"').toString();
    }
}
