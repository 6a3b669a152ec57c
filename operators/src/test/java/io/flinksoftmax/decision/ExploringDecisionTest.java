package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.event.ScoringEvent;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exploration through the {@link Scorer}: who may be drawn, and what a replay gives. */
class ExploringDecisionTest {

    /** b is ineligible, e below the 0.05 floor: neither may ever be placed. */
    private static ClickScores request(String id) {
        return new ClickScores(
                id,
                "ctr",
                null,
                ScoringEvent.NO_EVENT_TS,
                Double.NaN,
                new String[] {"a", "b", "c", "d", "e"},
                new double[] {1.0, 3.0, 0.5, 0.8, -4.0},
                new double[] {1.0, 1.0, 2.0, 0.5, 1.0},
                new boolean[] {true, false, true, true, true});
    }

    private static ScoringPolicy policy(Exploration.Kind kind, RankBy rankBy, long version) {
        Exploration exploration =
                switch (kind) {
                    case NONE -> Exploration.NONE;
                    case BOLTZMANN -> new Exploration(kind, 0, 11);
                    case EPSILON_GREEDY -> new Exploration(kind, 0.5, 11);
                };
        return new ScoringPolicy(
                "default", Mode.SOFTMAX, 1.0, 2, rankBy, 0.05, 3, exploration, version);
    }

    private static Scorer scorer(ScoringPolicy policy) {
        return new Scorer(new ScoringConfig(Map.of("default", policy), Limits.DEFAULTS));
    }

    @ParameterizedTest
    @EnumSource(Exploration.Kind.class)
    void onlyEligibleCandidatesAtOrAboveTheFloorAreDrawn(Exploration.Kind kind) {
        for (RankBy rankBy : RankBy.values()) {
            Scorer scorer = scorer(policy(kind, rankBy, 1));
            Set<String> placedSeen = new HashSet<>();
            for (int i = 0; i < 5_000; i++) {
                ClickDecision d = (ClickDecision) scorer.score(request("r-" + i), 0L);
                assertThat(d.placedCount()).isEqualTo(2);
                assertThat(d.placed()).doesNotContain("b", "e").doesNotHaveDuplicates();
                double product = 1;
                for (int index : d.placedIndices()) {
                    assertThat(d.propensities()[index]).isPositive().isLessThanOrEqualTo(1.0);
                    product *= d.propensities()[index];
                }
                assertThat(d.rankingPropensity()).isEqualTo(product);
                placedSeen.addAll(d.placed());
            }
            // Exploration shows every candidate it may; greedy shows the same two every time.
            assertThat(placedSeen)
                    .hasSize(kind == Exploration.Kind.NONE ? 2 : 3)
                    .isSubsetOf("a", "c", "d");
        }
    }

    /**
     * {@code explored()} is true exactly when the placement differs from the greedy one: the same
     * request decided by the same policy without exploration.
     */
    @ParameterizedTest
    @EnumSource(Exploration.Kind.class)
    void exploredMeansThePlacementDiffersFromTheGreedyOne(Exploration.Kind kind) {
        for (RankBy rankBy : RankBy.values()) {
            Scorer scorer = scorer(policy(kind, rankBy, 1));
            Scorer greedy = scorer(policy(Exploration.Kind.NONE, rankBy, 1));
            int explored = 0;
            for (int i = 0; i < 2_000; i++) {
                ClickDecision d = (ClickDecision) scorer.score(request("r-" + i), 0L);
                ClickDecision g = (ClickDecision) greedy.score(request("r-" + i), 0L);
                boolean differs = !d.placed().equals(g.placed());
                assertThat(d.explored()).as("r-%d under %s", i, rankBy).isEqualTo(differs);
                explored += differs ? 1 : 0;
            }
            if (kind == Exploration.Kind.NONE) {
                assertThat(explored).isZero();
            } else {
                assertThat(explored).isPositive().isLessThan(2_000);
            }
        }
    }

    /**
     * A library caller may build an event the parser would refuse: no bids under {@code rank_by:
     * expected_value}. The decision must still be made, every key counting as a zero bid.
     */
    @ParameterizedTest
    @EnumSource(Exploration.Kind.class)
    void eventsWithoutBidsUnderExpectedValueAreStillDecided(Exploration.Kind kind) {
        Scorer scorer = scorer(policy(kind, RankBy.EXPECTED_VALUE, 1));
        for (int i = 0; i < 200; i++) {
            ClickScores event =
                    new ClickScores(
                            "nobid-" + i,
                            null,
                            null,
                            ScoringEvent.NO_EVENT_TS,
                            Double.NaN,
                            new String[] {"a", "b", "c"},
                            new double[] {1.0, 0.5, 0.2},
                            new double[] {Double.NaN, Double.NaN, Double.NaN},
                            new boolean[] {true, true, true});
            ClickDecision d = (ClickDecision) scorer.score(event, 0L);
            assertThat(d.placedCount()).isEqualTo(2);
            for (int index : d.placedIndices()) {
                assertThat(d.propensities()[index]).isPositive();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Exploration.Kind.class,
            names = {"BOLTZMANN", "EPSILON_GREEDY"})
    void aReplayGivesTheSameBytesAndANewVersionDrawsAfresh(Exploration.Kind kind) {
        DecisionJson json = new DecisionJson(OutputFormat.FULL);
        Scorer v1 = scorer(policy(kind, RankBy.PROBABILITY, 1));
        Scorer replay = scorer(policy(kind, RankBy.PROBABILITY, 1));
        Scorer v2 = scorer(policy(kind, RankBy.PROBABILITY, 2));
        int differentUnderV2 = 0;
        for (int i = 0; i < 500; i++) {
            ClickScores event = request("r-" + i);
            byte[] first = json.toJson(v1.score(event, 5L));
            assertThat(json.toJson(replay.score(event, 5L))).isEqualTo(first);
            ClickDecision a = (ClickDecision) v1.score(event, 5L);
            ClickDecision b = (ClickDecision) v2.score(event, 5L);
            if (!a.placed().equals(b.placed())) {
                differentUnderV2++;
            }
        }
        assertThat(differentUnderV2).isGreaterThan(50);
    }
}
