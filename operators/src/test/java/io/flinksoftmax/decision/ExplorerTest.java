package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flinksoftmax.policy.Exploration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Explorer} against an oracle written from the definitions in docs/exploration.md
 * "Exploration": the probability of every ordered placement of small candidate sets is enumerated
 * (Plackett-Luce for Boltzmann, the epsilon mixture for epsilon-greedy), and the explorer's logged
 * propensities must equal it for every placement it draws, while its draws must follow it in
 * frequency.
 */
class ExplorerTest {

    private static final Exploration BOLTZMANN = new Exploration(Exploration.Kind.BOLTZMANN, 0, 7);
    private static final Exploration EPSILON =
            new Exploration(Exploration.Kind.EPSILON_GREEDY, 0.3, 7);

    @ParameterizedTest
    @EnumSource(Exploration.Kind.class)
    void loggedPropensitiesEqualExactEnumerationOverAllRankings(Exploration.Kind kind) {
        Exploration exploration = exploration(kind);
        SplittableRandom random = new SplittableRandom(kind.ordinal());
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(6);
            int slots = random.nextInt(4); // K in 0..3
            double[] logWeights = randomLogWeights(random, n);
            int[] pool = shuffledPool(random, n);
            Map<List<Integer>, double[]> exact = enumerate(pool, slots, logWeights, exploration);
            double total = exact.values().stream().mapToDouble(v -> v[v.length - 1]).sum();
            assertThat(total).as("enumerated outcomes sum to 1").isCloseTo(1.0, within(1e-12));
            for (int draw = 0; draw < 40; draw++) {
                Placement placed = place(pool, slots, logWeights, exploration, "e-" + draw, trial);
                double[] expected = exact.get(placed.ranking);
                assertThat(expected).as("a drawn placement is a possible one").isNotNull();
                for (int s = 0; s < placed.ranking.size(); s++) {
                    assertThat(placed.propensities[s])
                            .as("slot %d of %s", s + 1, placed.ranking)
                            .isCloseTo(expected[s], within(1e-12 * expected[s]))
                            .isPositive();
                }
                assertThat(placed.rankingPropensity)
                        .isCloseTo(expected[expected.length - 1], within(1e-12));
            }
        }
    }

    /**
     * 100,000 seeded draws (one per event id) of 3 slots from 5 candidates: 60 possible placements.
     * Pearson's chi-squared of the observed counts against the enumerated probabilities must stay
     * below 98.32, the 0.999 quantile of chi-squared with 59 degrees of freedom: a correct sampler
     * fails this with probability 0.001, and the fixed seed makes the run the same every time.
     */
    @ParameterizedTest
    @EnumSource(
            value = Exploration.Kind.class,
            names = {"BOLTZMANN", "EPSILON_GREEDY"})
    void frequenciesOverManyDrawsMatchThePropensities(Exploration.Kind kind) {
        Exploration exploration = exploration(kind);
        double[] logWeights = {0.4, -0.7, 1.0, 0.0, -0.3};
        int[] pool = {2, 0, 3, 4, 1}; // best first, as the decider passes it
        Map<List<Integer>, double[]> exact = enumerate(pool, 3, logWeights, exploration);
        assertThat(exact).hasSize(60);
        Map<List<Integer>, Integer> counts = new HashMap<>();
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(
                    place(pool, 3, logWeights, exploration, "req-" + i, 1).ranking,
                    1,
                    Integer::sum);
        }
        double chiSquared = 0;
        for (Map.Entry<List<Integer>, double[]> e : exact.entrySet()) {
            double expected = draws * e.getValue()[3];
            double observed = counts.getOrDefault(e.getKey(), 0);
            chiSquared += (observed - expected) * (observed - expected) / expected;
        }
        assertThat(chiSquared).isLessThan(98.32);
    }

    @Test
    void theSameEventVersionAndSeedDrawTheSameAndAnyChangeDrawsAfresh() {
        double[] first = firstDraws("req-1", 3, 9);
        assertThat(firstDraws("req-1", 3, 9)).isEqualTo(first);
        assertThat(firstDraws("req-2", 3, 9)).isNotEqualTo(first);
        assertThat(firstDraws("req-1", 4, 9)).isNotEqualTo(first);
        assertThat(firstDraws("req-1", 3, 10)).isNotEqualTo(first);
    }

    @Test
    void drawsAreUniformAndDifferAcrossEventIds() {
        int[] buckets = new int[10];
        for (int i = 0; i < 100_000; i++) {
            double u = Draws.of("id-" + i, 0, 0).nextDouble();
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            buckets[(int) (u * 10)]++;
        }
        for (int count : buckets) { // 10,000 expected each; 5 standard deviations is 475
            assertThat(count).isBetween(9_525, 10_475);
        }
    }

    @Test
    void candidatesWithWeightZeroAreNeverDrawnWhileOthersAreLeft() {
        // The decider's weight-0 key: an eligible candidate whose p underflowed or whose bid is 0.
        double[] logWeights = {0.0, -Double.MAX_VALUE, -1.0, -Double.MAX_VALUE};
        int[] pool = {0, 2, 1, 3};
        for (int i = 0; i < 2_000; i++) {
            Placement placed = place(pool, 2, logWeights, BOLTZMANN, "z-" + i, 0);
            assertThat(placed.ranking).containsExactlyInAnyOrder(0, 2);
            // Once only weight-0 candidates are left, they are drawn uniformly.
            Placement all = place(pool, 4, logWeights, BOLTZMANN, "z-" + i, 0);
            assertThat(all.propensities[2]).isEqualTo(0.5);
            assertThat(all.propensities[3]).isEqualTo(1.0);
        }
    }

    @Test
    void aPlacedCandidateNeverHasPropensityZero() {
        // Relative weights near e^-745: each divided by a total of ~1 would round to 0.
        double[] logWeights = {0.0, 0.0, -744.0, -745.0, -745.1};
        int[] pool = {0, 1, 2, 3, 4};
        for (int i = 0; i < 2_000; i++) {
            Placement placed = place(pool, 5, logWeights, BOLTZMANN, "tiny-" + i, 0);
            assertThat(placed.ranking).hasSize(5);
            for (double propensity : placed.propensities) {
                assertThat(propensity).isPositive();
            }
            assertThat(placed.rankingPropensity).isPositive();
        }
    }

    @Test
    void greedyPlacementTakesThePoolInOrderWithPropensityOne() {
        Placement placed =
                place(new int[] {3, 1, 2}, 2, new double[] {0, 0, 0, 0}, Exploration.NONE, "g", 0);
        assertThat(placed.ranking).containsExactly(3, 1);
        assertThat(placed.propensities).containsExactly(1.0, 1.0);
        assertThat(placed.rankingPropensity).isEqualTo(1.0);
    }

    @Test
    void epsilonOneIsUniformAndEpsilonZeroIsGreedy() {
        double[] logWeights = {0, 1, 2};
        int[] pool = {2, 1, 0};
        Exploration uniform = new Exploration(Exploration.Kind.EPSILON_GREEDY, 1.0, 0);
        Exploration greedy = new Exploration(Exploration.Kind.EPSILON_GREEDY, 0.0, 0);
        for (int i = 0; i < 500; i++) {
            Placement u = place(pool, 2, logWeights, uniform, "u-" + i, 0);
            assertThat(u.propensities).containsExactly(1.0 / 3, 1.0 / 2);
            Placement g = place(pool, 2, logWeights, greedy, "u-" + i, 0);
            assertThat(g.ranking).containsExactly(2, 1);
            assertThat(g.rankingPropensity).isEqualTo(1.0);
        }
    }

    // --- the oracle: every ordered placement and its probability, from the definitions ---

    /**
     * Each possible placement (candidate indices in slot order) mapped to the probability of each
     * slot given those above, then the probability of the whole placement last.
     */
    private static Map<List<Integer>, double[]> enumerate(
            int[] pool, int slots, double[] logWeights, Exploration exploration) {
        Map<List<Integer>, double[]> out = new HashMap<>();
        int k = Math.min(slots, pool.length);
        extend(new ArrayList<>(), new double[k + 1], 1.0, pool, k, logWeights, exploration, out);
        return out;
    }

    private static void extend(
            List<Integer> prefix,
            double[] probabilities,
            double product,
            int[] pool,
            int k,
            double[] logWeights,
            Exploration exploration,
            Map<List<Integer>, double[]> out) {
        if (prefix.size() == k) {
            double[] row = probabilities.clone();
            row[k] = product;
            out.put(List.copyOf(prefix), row);
            return;
        }
        List<Integer> left = new ArrayList<>();
        for (int candidate : pool) {
            if (!prefix.contains(candidate)) {
                left.add(candidate);
            }
        }
        for (int candidate : left) {
            double p = probability(candidate, left, logWeights, exploration);
            if (p == 0) {
                continue;
            }
            prefix.add(candidate);
            probabilities[prefix.size() - 1] = p;
            extend(prefix, probabilities, product * p, pool, k, logWeights, exploration, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    /**
     * The chance that {@code candidate} takes the next slot when {@code left} (best first) are
     * left.
     */
    private static double probability(
            int candidate, List<Integer> left, double[] logWeights, Exploration exploration) {
        switch (exploration.kind()) {
            case NONE:
                return candidate == left.get(0) ? 1.0 : 0.0;
            case EPSILON_GREEDY:
                double e = exploration.epsilon();
                return (candidate == left.get(0) ? 1 - e : 0) + e / left.size();
            default:
                double sum = 0;
                for (int c : left) {
                    sum += Math.exp(logWeights[c]);
                }
                return Math.exp(logWeights[candidate]) / sum;
        }
    }

    // --- helpers ---

    private record Placement(
            List<Integer> ranking, double[] propensities, double rankingPropensity) {}

    private static Placement place(
            int[] pool,
            int slots,
            double[] logWeights,
            Exploration exploration,
            String eventId,
            long version) {
        int n = logWeights.length;
        int[] slotOf = new int[n];
        double[] propensityOf = new double[n];
        double ranking =
                Explorer.place(
                        pool,
                        slots,
                        logWeights,
                        exploration,
                        Draws.of(eventId, version, exploration.seed()),
                        slotOf,
                        propensityOf);
        int k = Arrays.stream(slotOf).max().orElse(0);
        Integer[] bySlot = new Integer[k];
        double[] propensities = new double[k];
        for (int i = 0; i < n; i++) {
            if (slotOf[i] > 0) {
                bySlot[slotOf[i] - 1] = i;
                propensities[slotOf[i] - 1] = propensityOf[i];
            } else {
                assertThat(propensityOf[i]).isZero();
            }
        }
        return new Placement(List.of(bySlot), propensities, ranking);
    }

    private static Exploration exploration(Exploration.Kind kind) {
        return switch (kind) {
            case NONE -> Exploration.NONE;
            case BOLTZMANN -> BOLTZMANN;
            case EPSILON_GREEDY -> EPSILON;
        };
    }

    private static double[] randomLogWeights(SplittableRandom random, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = random.nextDouble(-3, 3);
        }
        return w;
    }

    /** All candidates, in a random order standing for the ranking. */
    private static int[] shuffledPool(SplittableRandom random, int n) {
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return pool;
    }

    private static double[] firstDraws(String id, long version, long seed) {
        Draws draws = Draws.of(id, version, seed);
        return new double[] {draws.nextDouble(), draws.nextDouble(), draws.nextDouble()};
    }
}
