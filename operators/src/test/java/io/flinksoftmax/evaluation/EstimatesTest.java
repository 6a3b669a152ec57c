package io.flinksoftmax.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The estimators on hand-computed sums, their edges, and merging. */
class EstimatesTest {

    @Test
    void estimatesFromHandComputedSums() {
        EvaluationSums s = new EvaluationSums().add(2.0, 1, 1).add(0.5, 0, 1).add(0.5, 1, 1);
        Estimates e = Estimates.of(s);
        assertThat(e.n()).isEqualTo(3);
        assertThat(e.ips()).isEqualTo(2.5 / 3);
        assertThat(e.snips()).isEqualTo(2.5 / 3.0);
        assertThat(e.ess()).isEqualTo(9.0 / 4.5);
        assertThat(e.maxW()).isEqualTo(2.0);
        assertThat(e.ciLow()).isBetween(0.0, e.snips());
        assertThat(e.ciHigh()).isBetween(e.snips(), 1.0);
        EvaluationSums clipped = new EvaluationSums().add(40, 1, 1).add(0, 0, 1);
        assertThat(Estimates.of(clipped).clippedIps()).isEqualTo(10.0 / 2);
        assertThat(Estimates.of(clipped).ips()).isEqualTo(20.0);
    }

    @Test
    void edges() {
        Estimates none = Estimates.of(new EvaluationSums());
        assertThat(none.n()).isZero();
        assertThat(none.snips()).isNaN();
        assertThat(none.ciLow()).isNaN();
        Estimates one = Estimates.of(new EvaluationSums().add(1, 1, 1));
        assertThat(one.snips()).isEqualTo(1.0);
        assertThat(one.ciLow()).isZero();
        assertThat(one.ciHigh()).isEqualTo(1.0);
        Estimates huge =
                Estimates.of(
                        new EvaluationSums()
                                .add(2, Double.MAX_VALUE, Double.MAX_VALUE)
                                .add(1, 0, Double.MAX_VALUE));
        assertThat(huge.ciLow()).isNaN();
        assertThat(huge.ciHigh()).isNaN();
        assertThatThrownBy(() -> new EvaluationSums().add(Double.NaN, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EvaluationSums().add(1, 2, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EvaluationSums.weight(0.5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EvaluationSums.weight(1, Double.MIN_VALUE)).isEqualTo(EvaluationSums.MAX_WEIGHT);
        assertThatThrownBy(() -> Estimates.of(new EvaluationSums(), 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Sums of parts merged give the estimates of the whole, whatever the split. */
    @Test
    void mergedSumsEqualTheSumsOfTheWhole() {
        SplittableRandom random = new SplittableRandom(25);
        for (int round = 0; round < 100; round++) {
            EvaluationSums whole = new EvaluationSums();
            EvaluationSums a = new EvaluationSums();
            EvaluationSums b = new EvaluationSums();
            for (int i = 0; i < 50; i++) {
                double w = random.nextDouble(0, 3);
                double r = random.nextBoolean() ? 1 : 0;
                whole.add(w, r, 1);
                (random.nextBoolean() ? a : b).add(w, r, 1);
            }
            Estimates merged = Estimates.of(a.merge(b));
            Estimates direct = Estimates.of(whole);
            assertThat(merged.n()).isEqualTo(direct.n());
            assertThat(merged.snips())
                    .isCloseTo(direct.snips(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(merged.ciHigh())
                    .isCloseTo(direct.ciHigh(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(merged.maxW()).isEqualTo(direct.maxW());
        }
    }
}
