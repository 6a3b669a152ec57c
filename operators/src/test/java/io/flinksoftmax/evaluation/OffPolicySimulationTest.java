package io.flinksoftmax.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.decision.ShadowPropensities;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import io.flinksoftmax.policy.Shadow;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Off-policy estimates against ground truth (DESIGN §13): events with known per-candidate click
 * rates, decided by a Boltzmann logging policy through the real scorer, clicks drawn for the slot-1
 * candidate; each target's top-slot click-through is computed exactly from the rates and the
 * target's own slot-1 distribution (written out here, not taken from the code under test).
 */
class OffPolicySimulationTest {

    /** Three request contexts: candidate scores, and each candidate's click rate in slot 1. */
    private static final double[][] SCORES = {
        {2.0, 1.2, 0.5, 0.0, -0.8},
        {0.3, 1.5, -0.2, 0.9, 0.1},
        {-0.5, 0.0, 0.4, 1.1, 2.2}
    };

    private static final String[] IDS = {"c0", "c1", "c2", "c3", "c4"};

    private static final ScoringPolicy LOGGING =
            policy(1.0, new Exploration(Exploration.Kind.BOLTZMANN, 0, 11));

    /** The targets: the shadows, and the logging policy itself (weight 1). */
    private static final Map<String, Shadow> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("greedy", new Shadow("greedy", policy(1.0, Exploration.NONE), false));
        TARGETS.put(
                "colder",
                new Shadow(
                        "colder",
                        policy(0.5, new Exploration(Exploration.Kind.BOLTZMANN, 0, 0)),
                        true));
        TARGETS.put(
                "hotter",
                new Shadow(
                        "hotter",
                        policy(2.0, new Exploration(Exploration.Kind.BOLTZMANN, 0, 0)),
                        true));
        TARGETS.put("logging", null);
    }

    /**
     * Over 200 seeds of 2,000 decisions, each target's 95 % interval covers its true top-slot
     * click-through at least 95 % of the time (the empirical Bernstein interval is conservative:
     * the measured coverage is printed).
     */
    @Test
    void intervalsCoverTheTruthAtTheirNominalRate() {
        int seeds = 200;
        Map<String, Integer> covered = new LinkedHashMap<>();
        Map<String, Double> width = new LinkedHashMap<>();
        for (int seed = 0; seed < seeds; seed++) {
            Map<String, EvaluationSums> sums = simulate(seed, 2_000);
            for (String target : TARGETS.keySet()) {
                Estimates e = Estimates.of(sums.get(target));
                double truth = truth(target);
                if (e.ciLow() <= truth && truth <= e.ciHigh()) {
                    covered.merge(target, 1, Integer::sum);
                }
                width.merge(target, e.halfWidth() / seeds, Double::sum);
            }
        }
        for (String target : TARGETS.keySet()) {
            double coverage = covered.getOrDefault(target, 0) / (double) seeds;
            System.out.printf(
                    Locale.ROOT,
                    "target %-8s truth %.4f coverage %.3f mean half-width %.4f (2,000 decisions)%n",
                    target,
                    truth(target),
                    coverage,
                    width.get(target));
            assertThat(coverage).as(target).isGreaterThanOrEqualTo(0.95);
        }
    }

    /**
     * 20,000 decisions: every half-width is at most 0.05, the estimates are near the truth, and the
     * colder and hotter shadows, whose true values differ, have disjoint intervals.
     */
    @Test
    void twentyThousandDecisionsTellTheShadowsApart() {
        Map<String, EvaluationSums> sums = simulate(7, 20_000);
        Map<String, Estimates> estimates = new LinkedHashMap<>();
        for (String target : TARGETS.keySet()) {
            Estimates e = Estimates.of(sums.get(target));
            estimates.put(target, e);
            System.out.printf(
                    Locale.ROOT,
                    "target %-8s truth %.4f snips %.4f [%.4f, %.4f] ips %.4f clipped %.4f ess %.0f%n",
                    target,
                    truth(target),
                    e.snips(),
                    e.ciLow(),
                    e.ciHigh(),
                    e.ips(),
                    e.clippedIps(),
                    e.ess());
            assertThat(e.halfWidth()).as(target).isLessThanOrEqualTo(0.05);
            assertThat(e.snips()).as(target).isBetween(e.ciLow(), e.ciHigh());
        }
        assertThat(truth("colder")).isGreaterThan(truth("hotter") + 0.05);
        assertThat(estimates.get("colder").ciLow()).isGreaterThan(estimates.get("hotter").ciHigh());
        assertThat(estimates.get("logging").ess()).isEqualTo(20_000.0);
    }

    /** The sums of each target over {@code n} decisions of seeded events and clicks. */
    private static Map<String, EvaluationSums> simulate(long seed, int n) {
        Scorer scorer = new Scorer(new ScoringConfig(Map.of("default", LOGGING), Limits.DEFAULTS));
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, EvaluationSums> sums = new LinkedHashMap<>();
        TARGETS.keySet().forEach(t -> sums.put(t, new EvaluationSums()));
        for (int i = 0; i < n; i++) {
            int context = random.nextInt(SCORES.length);
            ClickScores event =
                    new ClickScores(
                            "s" + seed + "-" + i,
                            null,
                            null,
                            -1L,
                            Double.NaN,
                            IDS,
                            SCORES[context],
                            new double[] {1, 1, 1, 1, 1},
                            new boolean[] {true, true, true, true, true});
            ClickDecision d = (ClickDecision) scorer.score(event, 0L);
            int top = d.placedIndices()[0];
            double logged = d.propensities()[top];
            double reward = random.nextDouble() < clickRate(context, top) ? 1 : 0;
            for (Map.Entry<String, Shadow> t : TARGETS.entrySet()) {
                double p =
                        t.getValue() == null
                                ? logged
                                : ShadowPropensities.of(d, t.getValue()).top();
                sums.get(t.getKey()).add(p / logged, reward, 1);
            }
        }
        return sums;
    }

    /** A candidate's click rate in slot 1: rising with its score. */
    private static double clickRate(int context, int candidate) {
        return 1 / (1 + Math.exp(-(SCORES[context][candidate] - 1.5)));
    }

    /** The target's top-slot click-through: contexts are equally likely. */
    private static double truth(String target) {
        double total = 0;
        for (int c = 0; c < SCORES.length; c++) {
            double[] p = slotOneDistribution(target, SCORES[c]);
            for (int i = 0; i < IDS.length; i++) {
                total += p[i] * clickRate(c, i) / SCORES.length;
            }
        }
        return total;
    }

    /** The target's distribution of the slot-1 candidate, from the softmax written out. */
    private static double[] slotOneDistribution(String target, double[] z) {
        double[] p = new double[z.length];
        if (target.equals("greedy")) {
            int best = 0;
            for (int i = 1; i < z.length; i++) {
                best = z[i] > z[best] ? i : best;
            }
            p[best] = 1;
            return p;
        }
        double t =
                switch (target) {
                    case "colder" -> 0.5;
                    case "hotter" -> 2.0;
                    default -> 1.0;
                };
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] / t);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static ScoringPolicy policy(double temperature, Exploration exploration) {
        return new ScoringPolicy(
                "default", Mode.SOFTMAX, temperature, 2, RankBy.PROBABILITY, 0, 1, exploration, 0L);
    }
}
