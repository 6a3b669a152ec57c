package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The metrics against values computed by hand from their definitions. */
class CalibrationStatsTest {

    @Test
    void clickMetricsOfASmallSetMatchTheHandComputedValues() {
        double[] p = {0.1, 0.4, 0.35, 0.8, 0.85};
        boolean[] clicked = {false, false, true, true, false};
        CalibrationStats s = new CalibrationStats();
        for (int i = 0; i < p.length; i++) {
            s.add(Outcome.of(Target.CLICK, "ctr", "home", p[i], clicked[i]));
        }
        assertThat(s.count).isEqualTo(5);
        assertThat(s.positives).isEqualTo(2);
        assertThat(s.observedRate()).isCloseTo(0.4, within(1e-15));
        assertThat(s.meanPredicted()).isCloseTo(0.5, within(1e-15));
        assertThat(s.calibrationRatio()).isCloseTo(0.8, within(1e-14));
        // bins 1, 4, 3 and 8 (twice): (0.1 + 0.4 + 0.65)/5 + (2/5)·|0.5 − 0.825|
        assertThat(s.expectedCalibrationError()).isCloseTo(0.36, within(1e-14));
        // (0.01 + 0.16 + 0.4225 + 0.04 + 0.7225) / 5
        assertThat(s.brierScore()).isCloseTo(0.271, within(1e-14));
        // −(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8 + ln 0.15) / 5
        assertThat(s.meanLogLoss()).isCloseTo(0.75725436002, within(1e-10));
    }

    @Test
    void classMetricsOfASmallSetMatchTheHandComputedValues() {
        CalibrationStats s = new CalibrationStats();
        s.add(Outcome.label("mnist", "default", 0.9, true, 0.9));
        s.add(Outcome.label("mnist", "default", 0.6, false, 0.3));
        s.add(Outcome.label("mnist", "default", 0.95, true, 0.95));
        assertThat(s.observedRate()).as("accuracy").isCloseTo(2.0 / 3, within(1e-15));
        assertThat(s.meanPredicted()).as("mean top probability").isCloseTo(2.45 / 3, within(1e-15));
        // bin 9: (2/3)·|1 − 0.925|; bin 6: (1/3)·|0 − 0.6|
        assertThat(s.expectedCalibrationError()).isCloseTo(0.25, within(1e-14));
        // −(ln 0.9 + ln 0.3 + ln 0.95) / 3
        assertThat(s.meanLogLoss()).isCloseTo(0.45354220479, within(1e-10));
    }

    @Test
    void edgesAreBinnedAndClampedAsDocumented() {
        assertThat(CalibrationStats.bin(0.0)).isZero();
        assertThat(CalibrationStats.bin(0.0999)).isZero();
        assertThat(CalibrationStats.bin(0.1)).isEqualTo(1);
        assertThat(CalibrationStats.bin(0.95)).isEqualTo(9);
        assertThat(CalibrationStats.bin(1.0)).isEqualTo(9);
        CalibrationStats sure = new CalibrationStats();
        sure.add(Outcome.of(Target.CLICK, null, "x", 0.0, true)); // a certain miss: clamped, finite
        assertThat(sure.meanLogLoss()).isCloseTo(-Math.log(1e-15), within(1e-9));
        assertThat(sure.brierScore()).isEqualTo(1.0);
        CalibrationStats empty = new CalibrationStats();
        assertThat(empty.observedRate()).isNaN();
        assertThat(empty.expectedCalibrationError()).isNaN();
    }

    @Test
    void mergingTwoSetsEqualsAddingAllOutcomesToOne() {
        SplittableRandom random = new SplittableRandom(3L);
        CalibrationStats all = new CalibrationStats();
        CalibrationStats a = new CalibrationStats();
        CalibrationStats b = new CalibrationStats();
        for (int i = 0; i < 10_000; i++) {
            double p = random.nextDouble();
            Outcome o = Outcome.of(Target.CLICK, "m", "x", p, random.nextDouble() < p);
            all.add(o);
            (i % 3 == 0 ? a : b).add(o);
        }
        // merge adds into this set and returns it (the window aggregate relies on both).
        assertThat(a.merge(b)).isSameAs(a);
        assertThat(a.count).isEqualTo(all.count);
        assertThat(a.positives).isEqualTo(all.positives);
        assertThat(a.binCount).isEqualTo(all.binCount);
        assertThat(a.binPositives).isEqualTo(all.binPositives);
        assertThat(a.expectedCalibrationError())
                .isCloseTo(all.expectedCalibrationError(), within(1e-12));
        assertThat(a.meanLogLoss()).isCloseTo(all.meanLogLoss(), within(1e-12));
        assertThat(a.meanPredicted()).isCloseTo(all.meanPredicted(), within(1e-12));
        assertThat(a.brierScore()).isCloseTo(all.brierScore(), within(1e-12));
        assertThat(a.calibrationRatio()).isCloseTo(all.calibrationRatio(), within(1e-12));
        for (int bin = 0; bin < a.binSumP.length; bin++) {
            assertThat(a.binSumP[bin]).isCloseTo(all.binSumP[bin], within(1e-9));
        }
        // Outcomes drawn from their own p: calibrated, so a small ECE and a ratio near 1.
        assertThat(all.expectedCalibrationError()).isLessThan(0.03);
        assertThat(all.calibrationRatio()).isCloseTo(1.0, within(0.05));
    }
}
