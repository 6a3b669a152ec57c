package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class CalibrationKeyTest {

    @Test
    void anOutcomesKeyIsItsTargetModelAndPlacement() {
        assertThat(CalibrationKey.of(Outcome.of(Target.CHOICE, "ctr-v12", "feed", 0.5, true)))
                .isEqualTo(new CalibrationKey("choice", "ctr-v12", "feed"));
        assertThat(CalibrationKey.of(Outcome.label(null, "default", 0.5, false, 0.2)))
                .isEqualTo(new CalibrationKey("label", null, "default"));
    }

    /**
     * Issue 23: the key was one string joined with U+001F, and ids are only length-checked, so a
     * model holding the separator could be split wrongly. Fields cannot run into each other.
     */
    @Test
    void fieldsHoldingAnyCharacterStayApart() {
        CalibrationKey a = new CalibrationKey("click", "a\u001fb", "c");
        CalibrationKey b = new CalibrationKey("click", "a", "b\u001fc");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.model()).isEqualTo("a\u001fb");
        assertThat(a.recordKey()).isEqualTo("a\u001fb/c");
        assertThat(new CalibrationKey("click", null, "x").recordKey()).isEqualTo("/x");
    }

    /**
     * The key places window state on subtasks: its hash must not depend on the JVM (a record's
     * default hash is unspecified), and Flink must serialize it as a POJO, not with Kryo.
     */
    @Test
    void itsHashIsSpecifiedAndFlinkSerializesItAsAPojo() {
        CalibrationKey k = new CalibrationKey("choice", "m", "p");
        assertThat(k.hashCode())
                .isEqualTo(
                        31 * (31 * (31 + "choice".hashCode()) + "m".hashCode()) + "p".hashCode());
        assertThat(new CalibrationKey("choice", null, "p").hashCode())
                .isEqualTo(31 * (31 * (31 + "choice".hashCode())) + "p".hashCode());
        assertThat(TypeInformation.of(CalibrationKey.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
