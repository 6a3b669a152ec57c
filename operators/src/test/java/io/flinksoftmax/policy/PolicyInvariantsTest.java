package io.flinksoftmax.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The value types keep their own invariants, whoever builds them (the config reader checks first,
 * but a library caller or a policy document may not go through it), and each bound is exact: the
 * limit itself passes, one past it fails. Written against the mutants PIT left alive here.
 */
class PolicyInvariantsTest {

    @Test
    void aPolicyRefusesEveryValueOutsideItsRange() {
        assertThat(policy(1.0, 0, 0.0, 1, 0L).slots()).isZero();
        assertThat(policy(1.0, 3, 1.0, 1, 0L).minProbability()).isEqualTo(1.0);
        refused(() -> policy(1.0, 3, 0.1, 1, 0L).withVersion(-1), "version must be >= 0");
        refused(() -> new ScoringPolicy("", Mode.SOFTMAX, 1, 3, RankBy.PROBABILITY, 0, 1), "name");
        refused(
                () -> new ScoringPolicy("p", null, 1, 3, RankBy.PROBABILITY, 0, 1),
                "mode must be softmax or sigmoid");
        refused(
                () -> new ScoringPolicy("p", Mode.SOFTMAX, 1, 3, null, 0, 1),
                "rank_by must be probability or expected_value");
        refused(() -> policy(0.0, 3, 0.1, 1, 0L), "temperature must be a finite number > 0");
        refused(() -> policy(Double.NaN, 3, 0.1, 1, 0L), "temperature");
        refused(() -> policy(1.0, -1, 0.1, 1, 0L), "slots must be >= 0");
        refused(() -> policy(1.0, 3, Math.nextUp(1.0), 1, 0L), "min_probability must be in [0, 1]");
        refused(() -> policy(1.0, 3, -0.01, 1, 0L), "min_probability");
        refused(() -> policy(1.0, 3, 0.1, 0, 0L), "top_k must be >= 1");
        refused(
                () ->
                        new ScoringPolicy(
                                "p", Mode.SOFTMAX, 1, 3, RankBy.PROBABILITY, 0, 1, null, 0L),
                "exploration is required");
    }

    @Test
    void limitsRefuseZeroAndTheirCapsAreInclusive() {
        EventTimeBounds t = EventTimeBounds.DEFAULTS;
        int minOut = Limits.MIN_OUTPUT_BYTES;
        assertThat(new Limits(1, 1, 1, 1, minOut, t).maxCandidates()).isEqualTo(1);
        assertThat(
                        new Limits(
                                1,
                                1,
                                Limits.MAX_PAYLOAD_BYTES_CAP,
                                Limits.MAX_ID_LENGTH_CAP,
                                minOut,
                                t))
                .isNotNull();
        refused(() -> new Limits(0, 1, 1, 1, minOut, t), "limits.max_candidates must be");
        refused(() -> new Limits(1, 0, 1, 1, minOut, t), "limits.max_classes must be");
        refused(() -> new Limits(1, 1, 0, 1, minOut, t), "limits.max_payload_bytes must be");
        refused(() -> new Limits(1, 1, 1, 0, minOut, t), "limits.max_id_length must be");
        refused(
                () -> new Limits(1, 1, Limits.MAX_PAYLOAD_BYTES_CAP + 1, 1, minOut, t),
                "limits.max_payload_bytes must be at most");
        refused(
                () -> new Limits(1, 1, 1, Limits.MAX_ID_LENGTH_CAP + 1, minOut, t),
                "limits.max_id_length must be at most");
        refused(() -> new Limits(1, 1, 1, 1, minOut - 1, t), "limits.max_output_bytes");
        refused(() -> new Limits(1, 1, 1, 1, minOut, null), "event-time bounds");
    }

    @Test
    void anIdFitsFromItsMinimumToTheMaximumInclusive() {
        Limits limits = new Limits(1, 1, 1, 3, Limits.MIN_OUTPUT_BYTES, EventTimeBounds.DEFAULTS);
        assertThat(limits.fitsId("", 1)).isFalse();
        assertThat(limits.fitsId("a", 1)).isTrue();
        assertThat(limits.fitsId("", 0)).isTrue();
        assertThat(limits.fitsId("abc", 1)).isTrue();
        assertThat(limits.fitsId("abcd", 1)).isFalse();
        // Three code points in six chars: counted as three.
        assertThat(limits.fitsId("😀😀😀", 1)).isTrue();
        assertThat(limits.fitsId("😀😀😀😀", 1)).isFalse();
    }

    @Test
    void eventTimeIsPlausibleFromItsFirstToItsLastMillisecondInclusive() {
        EventTimeBounds bounds = new EventTimeBounds(1_000L, 500L);
        long now = 10_000L;
        assertThat(bounds.plausible(999L, now)).isFalse();
        assertThat(bounds.plausible(1_000L, now)).isTrue();
        assertThat(bounds.plausible(10_500L, now)).isTrue();
        assertThat(bounds.plausible(10_501L, now)).isFalse();
        assertThat(bounds.problem(10_500L, now)).isNull();
        assertThat(bounds.problem(10_501L, now)).contains("ahead of the clock");
        assertThat(bounds.problem(999L, now)).contains("before limits.min_event_ts");
        // The clock at the end of time saturates instead of wrapping around.
        assertThat(bounds.plausible(Long.MAX_VALUE, Long.MAX_VALUE - 10)).isTrue();
        assertThat(new EventTimeBounds(0L, 0L).plausible(0L, 0L)).isTrue();
        assertThat(new EventTimeBounds(0L, EventTimeBounds.MAX_AHEAD_CAP_MILLIS)).isNotNull();
        refused(() -> new EventTimeBounds(-1L, 0L), "limits.min_event_ts");
        refused(() -> new EventTimeBounds(0L, -1L), "limits.max_event_ts_ahead");
        refused(
                () -> new EventTimeBounds(0L, EventTimeBounds.MAX_AHEAD_CAP_MILLIS + 1),
                "limits.max_event_ts_ahead");
    }

    private static ScoringPolicy policy(
            double temperature, int slots, double minProbability, int topK, long version) {
        return new ScoringPolicy(
                "p",
                Mode.SOFTMAX,
                temperature,
                slots,
                RankBy.PROBABILITY,
                minProbability,
                topK,
                Exploration.NONE,
                version);
    }

    private static void refused(Runnable build, String message) {
        assertThatThrownBy(build::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
