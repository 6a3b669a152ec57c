package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The draws behind every explored decision are part of the replay contract: a logged decision must
 * be reproducible bit for bit by a later release. These values pin the generator; if this test
 * fails, the change breaks replays of decisions already logged, and it needs a new seed scheme that
 * is chosen per policy version instead.
 */
class DrawsTest {

    @Test
    void theGeneratorIsSplitMix64() {
        // The published SplitMix64 outputs for state 0 (Vigna's reference splitmix64.c).
        Draws draws = new Draws(0L);
        assertThat(draws.nextDouble()).isEqualTo((0xe220a8397b1dcdafL >>> 11) * 0x1.0p-53);
        assertThat(draws.nextDouble()).isEqualTo((0x6e789e6aa1b965f4L >>> 11) * 0x1.0p-53);
        assertThat(draws.nextDouble()).isEqualTo((0x06c45d188009454fL >>> 11) * 0x1.0p-53);
    }

    @Test
    void theDrawsOfAnEventVersionAndSeedNeverChange() {
        // Computed by an independent implementation of the same definition (FNV-1a of the id's
        // UTF-16 units, mixed with the version and the seed), not by this class.
        assertThat(first3(Draws.of("req-1", 3, 9)))
                .containsExactly(0.7330171376038198, 0.9463097782207872, 0.4941900454383932);
        assertThat(first3(Draws.of("img-7", 0, 0)))
                .containsExactly(0.9573622775412328, 0.4673658701526149, 0.148961281572338);
    }

    private static double[] first3(Draws draws) {
        return new double[] {draws.nextDouble(), draws.nextDouble(), draws.nextDouble()};
    }
}
