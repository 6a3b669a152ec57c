package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.operator.AttributionFunction.Count;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attribution in event time, one id at a time: the window's edges, feedback out of order, every
 * kind of feedback that is counted instead of attributed, and no state left once every window has
 * closed.
 */
class AttributionFunctionTest {

    private static final long W = 1_000; // the attribution window, ms
    private static final long T = 10_000; // the decision's time

    private AttributionFunction function;
    private KeyedTwoInputStreamOperatorTestHarness<String, Impression, Feedback, Outcome> harness;

    @BeforeEach
    void setUp() throws Exception {
        function = new AttributionFunction(Duration.ofMillis(W));
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        function, i -> i.id, f -> f.id, Types.STRING);
    }

    @Test
    void aClickInsideTheWindowIsAPositiveAndTheOtherPlacedAreNegatives() throws Exception {
        harness.processElement1(click("r", T), T);
        harness.processElement2(Feedback.click("r", "b", T + 500), T + 500);
        harness.processBothWatermarks(new Watermark(T + W - 1));
        assertThat(harness.extractOutputValues()).as("not before the window closes").isEmpty();
        harness.processBothWatermarks(new Watermark(T + W));
        List<StreamRecord<? extends Outcome>> out = harness.extractOutputStreamRecords();
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(T + W));
        assertThat(out.get(0).getValue().p).isEqualTo(0.6);
        assertThat(out.get(0).getValue().positive).isFalse();
        assertThat(out.get(1).getValue().p).isEqualTo(0.3);
        assertThat(out.get(1).getValue().positive).isTrue();
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(1);
    }

    /**
     * Issue 23: a {@code ts} near {@code Long.MAX_VALUE} overflowed {@code ts + window} into the
     * past, and its decision closed (as unclicked) at the next watermark. It stays open to the end
     * of input, and a click on it still counts.
     */
    @Test
    void aDecisionAtTheEndOfTimeClosesAtTheEndOfInputNotInThePast() throws Exception {
        long end = Long.MAX_VALUE - 10;
        harness.processElement1(click("r", end), end);
        harness.processBothWatermarks(new Watermark(T + W));
        assertThat(harness.extractOutputValues()).as("closed by an overflowed timer").isEmpty();
        harness.processElement2(Feedback.click("r", "a", end + 5), end + 5);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(1);
        assertThat(AttributionFunction.after(Long.MAX_VALUE - 1, W)).isEqualTo(Long.MAX_VALUE);
        assertThat(AttributionFunction.after(T, W)).isEqualTo(T + W);
    }

    @Test
    void theWindowsEdgesAreInsideAndOneMillisecondPastIsLate() throws Exception {
        harness.processElement1(click("r", T), T);
        harness.processElement2(Feedback.click("r", "a", T), T); // at the decision: inside
        harness.processElement2(Feedback.click("r", "b", T + W), T + W); // at the end: inside
        harness.processElement2(Feedback.click("s", "a", T + W + 1), T + W + 1); // other id
        harness.processElement2(Feedback.click("r", "a", T - 1), T - 1); // before the decision
        harness.processBothWatermarks(new Watermark(T + W));
        harness.processElement2(Feedback.click("r", "b", T + W + 1), T + W + 1); // after: late
        assertThat(harness.extractOutputValues()).allSatisfy(o -> assertThat(o.positive).isTrue());
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(2);
        assertThat(count(Count.BEFORE_DECISION)).isEqualTo(1);
        assertThat(count(Count.LATE)).isEqualTo(1);
    }

    @Test
    void feedbackBeforeItsDecisionWaitsForItAndUnknownIdsAreCountedAfterAWindow() throws Exception {
        harness.processElement2(Feedback.click("r", "a", T + 100), T + 100);
        harness.processElement2(Feedback.click("ghost", "a", T + 100), T + 100);
        harness.processElement1(click("r", T), T);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).extracting(o -> o.positive).containsExactly(true, false);
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(1);
        assertThat(count(Count.UNKNOWN_ID)).isEqualTo(1);
    }

    @Test
    void clicksOnUnplacedCandidatesRepeatsAndReplayedDecisionsAreCounted() throws Exception {
        harness.processElement1(click("r", T), T);
        harness.processElement1(click("r", T), T); // replayed decision
        harness.processElement2(Feedback.click("r", "z", T + 1), T + 1);
        harness.processElement2(Feedback.click("r", "a", T + 2), T + 2);
        harness.processElement2(Feedback.click("r", "a", T + 3), T + 3);
        harness.processElement2(Feedback.label("r", "3", T + 4), T + 4); // a label for a click
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(count(Count.DUPLICATE_DECISION)).isEqualTo(1);
        assertThat(count(Count.NOT_PLACED)).isEqualTo(1);
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(1);
        assertThat(count(Count.REPEATED)).isEqualTo(1);
        assertThat(count(Count.UNKNOWN_LABEL)).isEqualTo(1);
    }

    @Test
    void aTrueLabelGivesOneOutcomeWithTheLabelsProbability() throws Exception {
        harness.processElement1(classes("right", T), T);
        harness.processElement1(classes("wrong", T), T);
        harness.processElement1(classes("unlabelled", T), T);
        harness.processElement2(Feedback.label("right", "cat", T + 1), T + 1);
        harness.processElement2(Feedback.label("wrong", "dog", T + 1), T + 1);
        harness.processElement2(Feedback.label("wrong", "fox", T + 1), T + 1);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).hasSize(2);
        Outcome right = out.stream().filter(o -> o.positive).findFirst().orElseThrow();
        Outcome wrong = out.stream().filter(o -> !o.positive).findFirst().orElseThrow();
        assertThat(right.p).isEqualTo(0.7);
        assertThat(right.labelProbability).isEqualTo(0.7);
        assertThat(wrong.p).isEqualTo(0.7);
        assertThat(wrong.labelProbability).isEqualTo(0.2);
        assertThat(count(Count.UNKNOWN_LABEL)).isEqualTo(1);
    }

    @Test
    void noStateOrTimerIsLeftOnceEveryWindowHasClosed() throws Exception {
        for (int i = 0; i < 200; i++) {
            long t = T + i * 37L;
            harness.processElement1(click("r-" + i, t), t);
            harness.processElement2(Feedback.click("r-" + i, "a", t + i), t + i);
            harness.processElement2(Feedback.click("stray-" + i, "a", t), t);
        }
        harness.processElement2(Feedback.click("r-0", "a", T + 5 * W), T + 5 * W); // late
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(400);
        assertThat(count(Count.UNKNOWN_ID)).isEqualTo(200);
    }

    private long count(Count count) {
        Object value =
                function.getRuntimeContext()
                        .getAccumulator(count.accumulatorName())
                        .getLocalValue();
        return ((Number) value).longValue();
    }

    /** A click decision placing a (p 0.6) and b (p 0.3). */
    private static Impression click(String id, long ts) {
        Impression i = new Impression();
        i.id = id;
        i.kind = "click_scores";
        i.model = "ctr";
        i.placement = "home";
        i.ts = ts;
        i.placed = new String[] {"a", "b"};
        i.placedP = new double[] {0.6, 0.3};
        return i;
    }

    /** A class decision predicting cat (0.7) over dog (0.2) and owl (0.1). */
    private static Impression classes(String id, long ts) {
        Impression i = new Impression();
        i.id = id;
        i.kind = "class_logits";
        i.model = "zoo";
        i.placement = "default";
        i.ts = ts;
        i.predicted = "cat";
        i.topP = 0.7;
        i.labels = new String[] {"cat", "dog", "owl"};
        i.probabilities = new double[] {0.7, 0.2, 0.1};
        return i;
    }
}
