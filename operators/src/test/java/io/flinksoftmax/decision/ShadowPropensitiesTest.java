package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.policy.Shadow;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shadow propensities against the logged ones, and against enumeration of every placement. */
class ShadowPropensitiesTest {

    private static final List<Exploration> EXPLORATIONS =
            List.of(
                    Exploration.NONE,
                    new Exploration(Exploration.Kind.BOLTZMANN, 0, 3),
                    new Exploration(Exploration.Kind.EPSILON_GREEDY, 0.2, 3),
                    new Exploration(Exploration.Kind.EPSILON_GREEDY, 1.0, 3));

    /**
     * A shadow with the serving policy's own settings gives, bit for bit, the propensities that the
     * decision logged: 2,000 seeded events per exploration, with ineligible candidates, floors,
     * bids, ties and expected-value ranking.
     */
    @Test
    void aShadowOfThePolicyItselfGivesTheLoggedPropensities() {
        SplittableRandom random = new SplittableRandom(25);
        for (Exploration exploration : EXPLORATIONS) {
            for (int i = 0; i < 2_000; i++) {
                ScoringPolicy policy = policy(random, exploration);
                ClickScores event = event(random, "e-" + i);
                double temperature = random.nextBoolean() ? 0.5 : policy.temperature();
                ClickDecision d = ClickDecider.decide(event, policy, temperature, 0L);
                ShadowPropensities same =
                        ShadowPropensities.of(d, new Shadow("same", policy, false));
                int[] placed = d.placedIndices();
                double loggedTop = placed.length == 0 ? 1.0 : d.propensities()[placed[0]];
                assertThat(Double.doubleToRawLongBits(same.top()))
                        .as("%s %s", exploration, event)
                        .isEqualTo(Double.doubleToRawLongBits(loggedTop));
                assertThat(Double.doubleToRawLongBits(same.ranking()))
                        .isEqualTo(Double.doubleToRawLongBits(d.rankingPropensity()));
            }
        }
    }

    /**
     * Over every placement the logged decision could hold (each sequence of distinct candidates, of
     * every length), a shadow's ranking probabilities sum to 1, and its slot-1 probabilities over
     * every slot-1 choice (and none) too: they are a distribution, whatever the shadow's settings
     * against the logging policy's.
     */
    @Test
    void overEveryPossiblePlacementTheShadowsProbabilitiesSumToOne() {
        SplittableRandom random = new SplittableRandom(30);
        for (Exploration exploration : EXPLORATIONS) {
            for (int i = 0; i < 300; i++) {
                ClickScores event = event(random, "e-" + i, 1 + random.nextInt(5));
                ScoringPolicy logging = policy(random, Exploration.NONE);
                ClickDecision d = ClickDecider.decide(event, logging, 1.0, 0L);
                Shadow shadow = new Shadow("s", policy(random, exploration), random.nextBoolean());
                double ranking = 0;
                double top = 0;
                for (int[] placement : placements(event.size())) {
                    ShadowPropensities q = ShadowPropensities.of(placed(d, placement), shadow);
                    assertThat(q.ranking()).isBetween(0.0, 1.0);
                    ranking += q.ranking();
                    if (placement.length <= 1) {
                        top += q.top();
                    }
                }
                assertThat(ranking).as("%s %s", shadow, event).isCloseTo(1.0, within(1e-12));
                assertThat(top).as("%s %s", shadow, event).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    /** Without its own temperature a shadow ranks at the decision's; with one, at its own. */
    @Test
    void aShadowInheritsTheDecisionsTemperatureUnlessItSetsOne() {
        ClickScores event =
                new ClickScores(
                        "t",
                        null,
                        null,
                        -1L,
                        Double.NaN,
                        new String[] {"a", "b", "c"},
                        new double[] {1.0, 0.5, 0.0},
                        new double[] {Double.NaN, Double.NaN, Double.NaN},
                        new boolean[] {true, true, true});
        ScoringPolicy boltzmann =
                new ScoringPolicy(
                        "default",
                        Mode.SOFTMAX,
                        1.0,
                        1,
                        RankBy.PROBABILITY,
                        0,
                        1,
                        new Exploration(Exploration.Kind.BOLTZMANN, 0, 0),
                        0L);
        ClickDecision hot = ClickDecider.decide(event, boltzmann, 4.0, 0L);
        ClickDecision atOne = ClickDecider.decide(event, boltzmann, 1.0, 0L);
        double pOfFirstAtFour = Math.exp(1.0 / 4) / (Math.exp(1.0 / 4) + Math.exp(0.5 / 4) + 1);
        double pOfFirstAtOne = Math.exp(1.0) / (Math.exp(1.0) + Math.exp(0.5) + 1);
        ClickDecision loggedFirst = placed(hot, new int[] {0});
        assertThat(
                        ShadowPropensities.of(loggedFirst, new Shadow("inherits", boltzmann, false))
                                .top())
                .isCloseTo(pOfFirstAtFour, within(1e-12));
        assertThat(ShadowPropensities.of(loggedFirst, new Shadow("own", boltzmann, true)).top())
                .isCloseTo(pOfFirstAtOne, within(1e-12));
        assertThat(atOne.temperature()).isEqualTo(1.0);
    }

    /** {@code d} with its placement replaced: {@code order[s]} in slot s + 1. */
    static ClickDecision placed(ClickDecision d, int[] order) {
        int[] slots = new int[d.event().size()];
        double[] propensities = new double[slots.length];
        for (int s = 0; s < order.length; s++) {
            slots[order[s]] = s + 1;
            propensities[order[s]] = 1;
        }
        return new ClickDecision(
                d.event(),
                d.policy(),
                d.temperature(),
                d.probabilities(),
                d.logProbabilities(),
                d.order(),
                slots,
                order.length,
                propensities,
                1,
                d.confidence(),
                d.scoredTs());
    }

    /** Every sequence of distinct indices below {@code n}, of every length 0..n. */
    static List<int[]> placements(int n) {
        List<int[]> all = new ArrayList<>();
        extend(new int[0], n, all);
        return all;
    }

    private static void extend(int[] prefix, int n, List<int[]> all) {
        all.add(prefix);
        for (int i = 0; i < n; i++) {
            boolean used = false;
            for (int p : prefix) {
                used |= p == i;
            }
            if (!used) {
                int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = i;
                extend(next, n, all);
            }
        }
    }

    private static ScoringPolicy policy(SplittableRandom random, Exploration exploration) {
        return new ScoringPolicy(
                "default",
                random.nextInt(4) == 0 ? Mode.SIGMOID : Mode.SOFTMAX,
                new double[] {0.25, 1.0, 3.0}[random.nextInt(3)],
                random.nextInt(5),
                random.nextBoolean() ? RankBy.PROBABILITY : RankBy.EXPECTED_VALUE,
                random.nextInt(3) == 0 ? 0.15 : 0.0,
                1,
                exploration,
                random.nextInt(3));
    }

    private static ClickScores event(SplittableRandom random, String id) {
        return event(random, id, 1 + random.nextInt(7));
    }

    private static ClickScores event(SplittableRandom random, String id, int n) {
        String[] ids = new String[n];
        double[] scores = new double[n];
        double[] bids = new double[n];
        boolean[] eligible = new boolean[n];
        boolean anyEligible = false;
        for (int i = 0; i < n; i++) {
            ids[i] = "c" + i;
            scores[i] =
                    random.nextInt(4) == 0 ? 1.0 : Math.round(random.nextDouble(-3, 3) * 4) / 4.0;
            bids[i] = random.nextInt(5) == 0 ? 0.0 : 0.5 + random.nextInt(4);
            eligible[i] = random.nextInt(6) != 0;
            anyEligible |= eligible[i];
        }
        eligible[0] |= !anyEligible;
        return new ClickScores(id, null, null, -1L, Double.NaN, ids, scores, bids, eligible);
    }
}
