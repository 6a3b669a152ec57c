package io.flinksoftmax.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
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

    /** Whatever the string, the result encodes to UTF-8 and back unchanged, and is bounded. */
    @Property(tries = 50_000, seed = "11")
    void cutIsWellFormedAndBounded(@ForAll String s, @ForAll @IntRange(min = 1, max = 40) int max) {
        String cut = Texts.cut(s, max);
        assertThat(Texts.hasUnpairedSurrogate(cut)).isFalse();
        assertThat(new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(cut);
        assertThat(Texts.codePoints(cut)).isLessThanOrEqualTo(max + Texts.CUT_MARK.length());
        if (!Texts.hasUnpairedSurrogate(s) && Texts.codePoints(s) <= max) {
            assertThat(cut).isEqualTo(s);
        }
    }
}
