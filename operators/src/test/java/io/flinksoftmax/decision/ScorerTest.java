package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.kernel.Softmax;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static final double NO_BID = Double.NaN;
    private static final long NO_TS = io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS;
    private static final double NO_TEMPERATURE = Double.NaN;

    /**
     * The request of docs/events-and-decisions.md "Input events": ad-4 scores highest but is not
     * eligible.
     */
    private static final ClickScores DESIGN_REQUEST =
            click(
                    "home_top",
                    new String[] {"ad-1", "ad-2", "ad-3", "ad-4"},
                    new double[] {2.0, 1.0, 0.1, 3.2},
                    new double[] {0.8, 2.5, 1.0, 1.0},
                    new boolean[] {true, true, true, false});

    @Test
    void placesByExpectedValueAsTheDesignExampleShows() {
        ClickDecision d =
                decide(policy("home_top", 2, RankBy.EXPECTED_VALUE, 0.05), DESIGN_REQUEST);

        assertThat(ids(d)).containsExactly("ad-2", "ad-1", "ad-3", "ad-4");
        assertThat(d.placed()).containsExactly("ad-2", "ad-1");
        assertThat(d.probabilities())
                .containsExactly(new double[] {0.65900, 0.24243, 0.09857, 0.0}, within(5e-6));
        assertThat(d.expectedValue(1)).isCloseTo(0.60608, within(5e-6));
        assertThat(d.logProbabilities()[1]).isCloseTo(-1.41703, within(5e-6));
        assertThat(d.logProbabilities()[3]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(d.slots()).containsExactly(2, 1, 0, 0);
        Confidence c = d.confidence();
        assertThat(c.topProbability()).isCloseTo(0.65900, within(5e-6));
        assertThat(c.margin()).isCloseTo(0.41657, within(5e-6));
        assertThat(c.entropy()).isCloseTo(0.84674, within(5e-6));
        assertThat(c.normalizedEntropy()).isCloseTo(0.77073, within(5e-6));
    }

    @Test
    void ranksByScoreEvenWhereProbabilitiesRoundToZero() {
        // p = [1, 0, 0] in double precision: ranking by p would put -900 before -800.
        ClickScores far =
                click(
                        null,
                        new String[] {"top", "far", "near"},
                        new double[] {0, -900, -800},
                        new double[] {1.0, 1.0, 1.0},
                        new boolean[] {true, true, true});
        ClickDecision byP = decide(policy("default", 3, RankBy.PROBABILITY, 0.0), far);
        assertThat(byP.probabilities()).containsExactly(1.0, 0.0, 0.0);
        assertThat(ids(byP)).containsExactly("top", "near", "far");
        assertThat(byP.placed()).containsExactly("top", "near", "far");
        ClickDecision byValue = decide(policy("default", 3, RankBy.EXPECTED_VALUE, 0.0), far);
        assertThat(ids(byValue)).containsExactly("top", "near", "far");
    }

    @Test
    void ranksSigmoidCandidatesNearCertaintyByScore() {
        // sigmoid(40) and sigmoid(50) are both 1.0 in double precision; their logs differ.
        ClickScores sure =
                click(
                        null,
                        new String[] {"a", "b"},
                        new double[] {40, 50},
                        new double[] {1.0, 1.0},
                        new boolean[] {true, true});
        ScoringPolicy sigmoid =
                new ScoringPolicy("default", Mode.SIGMOID, 1.0, 2, RankBy.PROBABILITY, 0.0, 5);
        ClickDecision d = decide(sigmoid, sure);
        assertThat(d.probabilities()).containsExactly(1.0, 1.0);
        assertThat(ids(d)).containsExactly("b", "a");
    }

    @Test
    void aZeroBidRanksLastAmongTheEligibleAndIneligibleComeAfter() {
        ClickScores zero =
                click(
                        null,
                        new String[] {"free", "paid", "off"},
                        new double[] {5, 0, 9},
                        new double[] {0.0, 1.0, 1.0},
                        new boolean[] {true, true, false});
        ClickDecision d = decide(policy("default", 3, RankBy.EXPECTED_VALUE, 0.0), zero);
        assertThat(ids(d)).containsExactly("paid", "free", "off");
        assertThat(d.placed()).containsExactly("paid", "free");
    }

    @Test
    void placesTopCandidatesInSlotOrderByProbability() {
        ClickDecision d = decide(policy("home_top", 2, RankBy.PROBABILITY, 0.0), DESIGN_REQUEST);
        assertThat(ids(d)).containsExactly("ad-1", "ad-2", "ad-3", "ad-4");
        assertThat(d.placed()).containsExactly("ad-1", "ad-2");
    }

    @Test
    void neverPlacesBelowTheFloorNorIneligibleCandidates() {
        ClickDecision d = decide(policy("home_top", 10, RankBy.PROBABILITY, 0.1), DESIGN_REQUEST);
        // ad-3 has 0.0986 < 0.1; ad-4 is ineligible; 10 slots stay mostly empty.
        assertThat(d.placed()).containsExactly("ad-1", "ad-2");
        assertThat(d.placedCount()).isEqualTo(2);
    }

    @Test
    void zeroSlotsPlaceNothingButStillRank() {
        ClickDecision d = decide(policy("home_top", 0, RankBy.PROBABILITY, 0.0), DESIGN_REQUEST);
        assertThat(d.placed()).isEmpty();
        assertThat(ids(d)).hasSize(4);
    }

    @Test
    void breaksTiesByInputPosition() {
        ClickScores tied =
                click(
                        null,
                        new String[] {"c0", "c1", "c2", "c3", "c4"},
                        new double[] {1.0, 2.0, 1.0, 2.0, 2.0},
                        new double[] {NO_BID, NO_BID, NO_BID, NO_BID, NO_BID},
                        new boolean[] {true, true, true, true, true});
        ClickDecision d = decide(policy("default", 2, RankBy.PROBABILITY, 0.0), tied);
        assertThat(ids(d)).containsExactly("c1", "c3", "c4", "c0", "c2");
        assertThat(d.placed()).containsExactly("c1", "c3");
    }

    @Test
    void breaksTiesByInputPositionAlsoInLongLists() {
        int n = 200; // beyond the insertion-sort cutoff: the merge sort must be stable too
        String[] ids = new String[n];
        double[] scores = new double[n];
        double[] bids = new double[n];
        boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            scores[i] = i % 3;
            bids[i] = NO_BID;
            eligible[i] = true;
        }
        ClickDecision d =
                decide(
                        policy("default", 3, RankBy.PROBABILITY, 0.0),
                        click(null, ids, scores, bids, eligible));
        int[] order = d.order();
        for (int k = 1; k < n; k++) {
            double previous = d.probabilities()[order[k - 1]];
            double current = d.probabilities()[order[k]];
            assertThat(previous).isGreaterThanOrEqualTo(current);
            if (previous == current) {
                assertThat(order[k - 1]).isLessThan(order[k]);
            }
        }
        assertThat(d.placed()).containsExactly("c2", "c5", "c8");
    }

    @Test
    void sigmoidModeScoresEachCandidateIndependently() {
        ScoringPolicy sigmoid =
                new ScoringPolicy("home_top", Mode.SIGMOID, 1.0, 3, RankBy.PROBABILITY, 0.0, 5);
        ClickDecision d = decide(sigmoid, DESIGN_REQUEST);
        assertThat(d.probabilities()[0]).isEqualTo(Softmax.sigmoid(2.0, 1.0));
        assertThat(d.probabilities()[3]).isZero();
        assertThat(d.placed()).containsExactly("ad-1", "ad-2", "ad-3");
        // Independent probabilities do not sum to 1.
        assertThat(d.probabilities()[0] + d.probabilities()[1]).isGreaterThan(1.0);
        assertThat(d.confidence().normalizedEntropy()).isBetween(0.0, 1.0);
    }

    @Test
    void eventTemperatureOverridesThePolicy() {
        ClickScores hot =
                new ClickScores(
                        "r",
                        null,
                        null,
                        NO_TS,
                        2.0,
                        new String[] {"a", "b"},
                        new double[] {2.0, 0.0},
                        new double[] {NO_BID, NO_BID},
                        new boolean[] {true, true});
        ClickDecision d = decide(policy("default", 1, RankBy.PROBABILITY, 0.0), hot);
        assertThat(d.temperature()).isEqualTo(2.0);
        assertThat(d.probabilities()[0]).isCloseTo(Softmax.sigmoid(1.0, 1.0), within(1e-16));
    }

    @Test
    void predictsTheDesignExampleLabelWithLossAndTopK() {
        ClassLogits item =
                new ClassLogits(
                        "img-7",
                        "mnist-cnn",
                        null,
                        NO_TS,
                        NO_TEMPERATURE,
                        new double[] {-2.3, 1.1, 0.4, 8.7, -5.2, 3.3, -1.0, 0.0, 2.5, -0.7},
                        new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
                        "3");
        ClassDecision d =
                (ClassDecision)
                        new Scorer(config(policy("default", 3, RankBy.PROBABILITY, 0.0)))
                                .score(item, 0L);
        assertThat(d.predicted()).isEqualTo("3");
        assertThat(d.topK()).containsExactly(3, 5, 8, 1, 2);
        assertThat(d.probabilities()[3]).isCloseTo(0.99243, within(5e-6));
        assertThat(d.probabilities()[5]).isCloseTo(0.00448, within(5e-6));
        assertThat(d.loss()).isCloseTo(0.00759, within(5e-6));
        assertThat(d.correct()).isTrue();
        assertThat(d.confidence().margin()).isCloseTo(0.98795, within(5e-6));
        assertThat(d.confidence().entropy()).isCloseTo(0.05310, within(5e-6));
        assertThat(d.confidence().normalizedEntropy()).isCloseTo(0.02306, within(5e-6));
    }

    @Test
    void predictionTiesGoToTheLowestIndexAndTopKStopsAtTheClassCount() {
        ClassLogits item =
                new ClassLogits(
                        "i",
                        null,
                        null,
                        NO_TS,
                        NO_TEMPERATURE,
                        new double[] {1, 5, 5, 0},
                        null,
                        "2");
        ClassDecision d =
                (ClassDecision)
                        new Scorer(config(policy("default", 3, RankBy.PROBABILITY, 0.0)))
                                .score(item, 0L);
        assertThat(d.predicted()).isEqualTo("1");
        assertThat(d.correct()).isFalse();
        assertThat(d.topK()).containsExactly(1, 2, 0, 3);
        assertThat(d.loss()).isCloseTo(-Math.log(d.probabilities()[2]), within(1e-15));
    }

    @Test
    void aTrueLabelAtIndexZeroIsJudged() {
        ClassLogits item =
                new ClassLogits(
                        "i", null, null, NO_TS, NO_TEMPERATURE, new double[] {1, 2}, null, "0");
        ClassDecision d =
                (ClassDecision)
                        new Scorer(config(policy("default", 3, RankBy.PROBABILITY, 0.0)))
                                .score(item, 0L);
        assertThat(d.predictedIndex()).isEqualTo(1);
        assertThat(d.correct()).isFalse();
        assertThat(d.loss()).isCloseTo(Math.log1p(Math.E), within(1e-15));
    }

    @Test
    void withoutATrueLabelThereIsNoLoss() {
        ClassLogits item =
                new ClassLogits(
                        "i", null, null, NO_TS, NO_TEMPERATURE, new double[] {1, 2}, null, null);
        ClassDecision d =
                (ClassDecision)
                        new Scorer(config(policy("default", 3, RankBy.PROBABILITY, 0.0)))
                                .score(item, 0L);
        assertThat(d.loss()).isNaN();
        assertThat(d.correct()).isNull();
    }

    @Test
    void aSingleCandidateIsCertainWithZeroEntropy() {
        ClickScores one =
                click(
                        null,
                        new String[] {"only"},
                        new double[] {-3.0},
                        new double[] {NO_BID},
                        new boolean[] {true});
        ClickDecision d = decide(policy("default", 1, RankBy.PROBABILITY, 0.0), one);
        assertThat(d.probabilities()).containsExactly(1.0);
        assertThat(d.confidence()).isEqualTo(new Confidence(1.0, 1.0, 0.0, 0.0));
    }

    @Test
    void refusesAnEventWhosePlacementHasNoPolicy() {
        Scorer scorer = new Scorer(config(policy("default", 1, RankBy.PROBABILITY, 0.0)));
        ClickScores lost =
                click(
                        "nowhere",
                        new String[] {"a"},
                        new double[] {1},
                        new double[] {NO_BID},
                        new boolean[] {true});
        assertThatThrownBy(() -> scorer.score(lost, 0L)).hasMessageContaining("nowhere");
    }

    @Test
    void aProbabilityExactlyAtTheFloorIsPlaced() {
        // Two equal scores: p = 0.5 each, exactly. The floor is inclusive.
        ClickScores even =
                click(
                        null,
                        new String[] {"a", "b"},
                        new double[] {1.0, 1.0},
                        new double[] {NO_BID, NO_BID},
                        new boolean[] {true, true});
        assertThat(decide(policy("default", 2, RankBy.PROBABILITY, 0.5), even).placed())
                .containsExactly("a", "b");
        assertThat(
                        decide(policy("default", 2, RankBy.PROBABILITY, Math.nextUp(0.5)), even)
                                .placed())
                .isEmpty();
    }

    @Test
    void equalExpectedValuesKeepInputOrder() {
        // p = 0.5 each; bids 2 and 2: equal expected values, so input order decides.
        ClickScores tied =
                click(
                        null,
                        new String[] {"first", "second", "third"},
                        new double[] {0.0, 0.0, Math.log(2.0)},
                        new double[] {2.0, 2.0, 1.0},
                        new boolean[] {true, true, true});
        ClickDecision d = decide(policy("default", 2, RankBy.EXPECTED_VALUE, 0.0), tied);
        assertThat(ids(d)).containsExactly("first", "second", "third");
        assertThat(d.expectedValue(0)).isEqualTo(d.expectedValue(1));
    }

    @Test
    void sigmoidConfidenceIsTheEntropyOfIndependentYesNoAnswers() {
        ScoringPolicy sigmoid =
                new ScoringPolicy("default", Mode.SIGMOID, 1.0, 3, RankBy.PROBABILITY, 0.0, 5);
        double[] z = {2.0, -1.0, 0.0};
        ClickDecision d =
                decide(
                        sigmoid,
                        click(
                                null,
                                new String[] {"a", "b", "c"},
                                z,
                                new double[] {NO_BID, NO_BID, NO_BID},
                                new boolean[] {true, true, true}));
        double entropy = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = 1 / (1 + Math.exp(-z[i]));
            entropy += -p[i] * Math.log(p[i]) - (1 - p[i]) * Math.log(1 - p[i]);
        }
        Confidence c = d.confidence();
        assertThat(c.topProbability()).isCloseTo(p[0], within(1e-15));
        assertThat(c.margin()).isCloseTo(p[0] - p[2], within(1e-15));
        assertThat(c.entropy()).isCloseTo(entropy, within(1e-14));
        // Maximum: one bit (log 2) per candidate.
        assertThat(c.normalizedEntropy()).isCloseTo(entropy / (3 * Math.log(2)), within(1e-14));
        assertThat(d.logProbabilities()[1]).isCloseTo(Math.log(p[1]), within(1e-15));
    }

    @Test
    void classLogitsInSigmoidModeAreIndependentLabels() {
        ScoringPolicy sigmoid =
                new ScoringPolicy("default", Mode.SIGMOID, 2.0, 3, RankBy.PROBABILITY, 0.0, 2);
        ClassLogits item =
                new ClassLogits(
                        "i",
                        null,
                        null,
                        NO_TS,
                        NO_TEMPERATURE,
                        new double[] {4.0, -2.0, 6.0},
                        new String[] {"cat", "dog", "outdoor"},
                        "cat");
        ClassDecision d = (ClassDecision) new Scorer(config(sigmoid)).score(item, 0L);
        double[] expected = {
            1 / (1 + Math.exp(-2.0)), 1 / (1 + Math.exp(1.0)), 1 / (1 + Math.exp(-3.0))
        };
        assertThat(d.probabilities()).containsExactly(expected, within(1e-15));
        assertThat(d.predicted()).isEqualTo("outdoor");
        assertThat(d.topK()).containsExactly(2, 0);
        assertThat(d.loss()).isCloseTo(-Math.log(expected[0]), within(1e-15));
        double entropy = 0;
        for (double p : expected) {
            entropy += -p * Math.log(p) - (1 - p) * Math.log(1 - p);
        }
        assertThat(d.confidence().entropy()).isCloseTo(entropy, within(1e-14));
    }

    private static ClickDecision decide(ScoringPolicy policy, ClickScores event) {
        return (ClickDecision) new Scorer(config(policy)).score(event, 0L);
    }

    private static ScoringConfig config(ScoringPolicy policy) {
        ScoringPolicy fallback =
                new ScoringPolicy("default", Mode.SOFTMAX, 1.0, 3, RankBy.PROBABILITY, 0.0, 5);
        return new ScoringConfig(
                policy.name().equals("default")
                        ? Map.of("default", policy)
                        : Map.of("default", fallback, policy.name(), policy),
                Limits.DEFAULTS);
    }

    private static ScoringPolicy policy(String name, int slots, RankBy rankBy, double floor) {
        return new ScoringPolicy(name, Mode.SOFTMAX, 1.0, slots, rankBy, floor, 5);
    }

    private static ClickScores click(
            String placement, String[] ids, double[] scores, double[] bids, boolean[] eligible) {
        return new ClickScores(
                "req", null, placement, NO_TS, NO_TEMPERATURE, ids, scores, bids, eligible);
    }

    private static String[] ids(ClickDecision d) {
        String[] ids = new String[d.order().length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = d.event().candidateIds()[d.order()[k]];
        }
        return ids;
    }
}
