package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalibrationKeyTest {

    @Test
    void readsBackKindModelAndPlacement() {
        assertThat(
                        CalibrationKey.parts(
                                CalibrationKey.of(Outcome.click("ctr-v12", "feed", 0.5, true))))
                .containsExactly("click_scores", "ctr-v12", "feed");
        assertThat(
                        CalibrationKey.parts(
                                CalibrationKey.of(Outcome.click(null, "default", 0.5, false))))
                .containsExactly("click_scores", null, "default");
    }

    /** Issue 23: ids are only length-checked, so a model may hold the separator itself. */
    @Test
    void aModelHoldingTheSeparatorIsNotSplit() {
        String model = "a\u001fb\u001f";
        assertThat(
                        CalibrationKey.parts(
                                CalibrationKey.of(Outcome.click(model, "home_top", 0.5, true))))
                .containsExactly("click_scores", model, "home_top");
    }
}
