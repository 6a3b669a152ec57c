package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.calibration.Target;
import org.junit.jupiter.api.Test;

/** A calibration record names its kind and target, and a late one says so. */
class CalibrationJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aChoiceRecordHasTheClickFieldsItsTargetAndNoLateFlag() throws Exception {
        CalibrationStats s = new CalibrationStats();
        s.add(Outcome.of(Target.CHOICE, "m", "feed", 0.75, true));
        s.add(Outcome.of(Target.CHOICE, "m", "feed", 0.25, false));
        JsonNode r =
                JSON.readTree(
                        new CalibrationJson()
                                .toJson(
                                        new CalibrationKey("choice", "m", "feed"),
                                        0,
                                        60_000,
                                        s,
                                        false));
        assertThat(r.get("kind").asText()).isEqualTo("click_scores");
        assertThat(r.get("target").asText()).isEqualTo("choice");
        assertThat(r.get("impressions").asLong()).isEqualTo(2);
        assertThat(r.get("clicks").asLong()).isEqualTo(1);
        assertThat(r.get("mean_predicted").asDouble()).isEqualTo(0.5);
        assertThat(r.get("observed_rate").asDouble()).isEqualTo(0.5);
        assertThat(r.get("brier").asDouble()).isEqualTo(0.0625);
        assertThat(r.has("late")).isFalse();
    }

    @Test
    void aLabelRecordHasTheClassFieldsAndALateOneIsFlagged() throws Exception {
        CalibrationStats s =
                new CalibrationStats().add(Outcome.label(null, "default", 0.9, true, 0.9));
        JsonNode r =
                JSON.readTree(
                        new CalibrationJson()
                                .toJson(
                                        new CalibrationKey("label", null, "default"),
                                        0,
                                        60_000,
                                        s,
                                        true));
        assertThat(r.get("kind").asText()).isEqualTo("class_logits");
        assertThat(r.get("target").asText()).isEqualTo("label");
        assertThat(r.get("model").isNull()).isTrue();
        assertThat(r.get("count").asLong()).isEqualTo(1);
        assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(r.get("mean_loss").asDouble()).isEqualTo(-Math.log(0.9));
        assertThat(r.get("late").asBoolean()).isTrue();
    }
}
