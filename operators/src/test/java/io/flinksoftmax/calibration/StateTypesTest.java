package io.flinksoftmax.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.operator.AttributionFunction;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.Test;

/**
 * Issue 24: the POJOs that Flink keeps in state (attribution's pending decisions and early
 * feedback, the calibration windows' keys and sums) are internal. Their public fields are a state
 * layout, which may change with a state migration, not an API that users build on.
 */
class StateTypesTest {

    private static final List<Class<?>> IN_STATE =
            List.of(
                    Impression.class,
                    Feedback.class,
                    Outcome.class,
                    CalibrationStats.class,
                    CalibrationKey.class,
                    AttributionFunction.Pending.class);

    @Test
    void typesKeptInStateAreInternal() {
        assertThat(IN_STATE)
                .allSatisfy(
                        type -> {
                            assertThat(type.isAnnotationPresent(Internal.class))
                                    .as(type.getName())
                                    .isTrue();
                            assertThat(type.isAnnotationPresent(PublicEvolving.class))
                                    .as(type.getName())
                                    .isFalse();
                        });
    }
}
