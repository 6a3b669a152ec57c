package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The late-candidate warning: once per period, only above its share and count, then reset. */
class LateShareTest {

    @Test
    void warnsOncePerPeriodWhenTooManyCandidatesAreLate() {
        LateShare share = new LateShare();
        long t = 1_000;
        // 2,000 candidates, 30 late (1.5 %): the first candidate of the next period says so.
        for (int i = 0; i < 2_000; i++) {
            assertThat(share.count(i % 66 == 0 && i < 1_980, t + i, 50)).isNull();
        }
        String warning = share.count(false, t + LateShare.PERIOD_MS, 50);
        assertThat(warning)
                .startsWith("30 of 2,000 candidates in the last 60 s")
                .contains("key the records by request id")
                .contains("--assembly-timeout (now 50 ms)");
        // The new period starts from zero: nothing late, nothing said.
        for (int i = 0; i < 100; i++) {
            assertThat(share.count(false, t + LateShare.PERIOD_MS + i, 50)).isNull();
        }
        assertThat(share.count(false, t + 2 * LateShare.PERIOD_MS, 50)).isNull();
    }

    @Test
    void staysQuietBelowTheShareOrTheCount() {
        LateShare few = new LateShare(); // 9 late of 10: a high share, too few to tell
        for (int i = 0; i < 10; i++) {
            few.count(i > 0, i, 50);
        }
        assertThat(few.count(false, LateShare.PERIOD_MS, 50)).isNull();
        LateShare rare = new LateShare(); // 10 late of 10,000: enough, but 0.1 %
        for (int i = 0; i < 10_000; i++) {
            rare.count(i % 1_000 == 0, i, 50);
        }
        assertThat(rare.count(false, LateShare.PERIOD_MS, 50)).isNull();
    }
}
