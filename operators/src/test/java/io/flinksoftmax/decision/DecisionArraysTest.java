package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Decisions made in reused arrays are the decisions made in new ones, bit for bit, whatever came
 * before: seeded requests of 1 to 80 candidates (past the longest length kept), both modes, both
 * rankings, every exploration, floors and slots, each decided first with arrays just used for a
 * request of another shape.
 */
class DecisionArraysTest {

    @Test
    void reusedArraysDecideAsNewOnes() {
        SplittableRandom random = new SplittableRandom(28L);
        DecisionArrays reused = DecisionArrays.reusing();
        for (int k = 0; k < 20_000; k++) {
            ScoringPolicy policy = policy(random);
            Scorer scorer =
                    new Scorer(new ScoringConfig(Map.of("default", policy), Limits.DEFAULTS));
            ClickScores event = request(random, "r-" + k);
            ClickDecision fresh = (ClickDecision) scorer.score(event, 0L);
            ClickDecision fromReused = (ClickDecision) scorer.score(event, 0L, reused);
            assertSame(fromReused, fresh);
        }
    }

    @Test
    void reusedArraysAreReusedUpToTheLongestLengthKept() {
        DecisionArrays reused = DecisionArrays.reusing();
        int n = DecisionArrays.MAX_REUSED_LENGTH;
        double[] first = reused.doubles(DecisionArrays.KEYS, n);
        first[0] = 1.0;
        assertThat(reused.doubles(DecisionArrays.KEYS, n)).isSameAs(first).containsOnly(0.0);
        assertThat(reused.doubles(DecisionArrays.KEYS, n + 1))
                .isNotSameAs(reused.doubles(DecisionArrays.KEYS, n + 1));
    }

    private static void assertSame(ClickDecision actual, ClickDecision expected) {
        String what = expected.event().id() + " " + expected.policy();
        assertThat(actual.probabilities()).as(what).isEqualTo(expected.probabilities());
        assertThat(actual.logProbabilities()).as(what).isEqualTo(expected.logProbabilities());
        assertThat(actual.order()).as(what).isEqualTo(expected.order());
        assertThat(actual.slots()).as(what).isEqualTo(expected.slots());
        assertThat(actual.placedCount()).as(what).isEqualTo(expected.placedCount());
        assertThat(actual.propensities()).as(what).isEqualTo(expected.propensities());
        assertThat(Double.doubleToRawLongBits(actual.rankingPropensity()))
                .as(what)
                .isEqualTo(Double.doubleToRawLongBits(expected.rankingPropensity()));
        assertThat(actual.confidence()).as(what).isEqualTo(expected.confidence());
    }

    private static ScoringPolicy policy(SplittableRandom r) {
        Exploration.Kind kind = Exploration.Kind.values()[r.nextInt(3)];
        Exploration exploration =
                switch (kind) {
                    case NONE -> Exploration.NONE;
                    case BOLTZMANN -> new Exploration(kind, 0, r.nextLong());
                    case EPSILON_GREEDY -> new Exploration(kind, r.nextDouble(), r.nextLong());
                };
        return new ScoringPolicy(
                "default",
                r.nextInt(4) == 0 ? Mode.SIGMOID : Mode.SOFTMAX,
                0.25 + r.nextDouble() * 4,
                r.nextInt(6),
                r.nextBoolean() ? RankBy.PROBABILITY : RankBy.EXPECTED_VALUE,
                r.nextInt(3) == 0 ? r.nextDouble() * 0.2 : 0.0,
                3,
                exploration,
                r.nextInt(5));
    }

    private static ClickScores request(SplittableRandom r, String id) {
        int n = 1 + r.nextInt(r.nextInt(8) == 0 ? 80 : 12);
        String[] ids = new String[n];
        double[] scores = new double[n];
        double[] bids = new double[n];
        boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            // Ties and far-apart scores too: both reach the order's tie-break.
            scores[i] = r.nextInt(5) == 0 ? 1.0 : r.nextGaussian() * (r.nextBoolean() ? 2 : 400);
            bids[i] = r.nextInt(10) == 0 ? 0.0 : r.nextDouble() * 3;
            eligible[i] = i == 0 || r.nextInt(6) != 0;
        }
        return new ClickScores(
                id, "m", null, ScoringEvent.NO_EVENT_TS, Double.NaN, ids, scores, bids, eligible);
    }
}
