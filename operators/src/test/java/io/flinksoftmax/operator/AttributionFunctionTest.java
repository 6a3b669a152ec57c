package io.flinksoftmax.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.calibration.Feedback;
import io.flinksoftmax.calibration.Impression;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.operator.AttributionFunction.Count;
import io.flinksoftmax.operator.AttributionFunction.DecisionCount;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
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
        assertThat(count(DecisionCount.DUPLICATE_DECISION)).isEqualTo(1);
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

    @Test
    void aSoftmaxDecisionWithOneClickIsAChoiceOverThePlacedShares() throws Exception {
        harness.processElement1(choice("one", T), T);
        harness.processElement1(choice("none", T), T);
        harness.processElement1(choice("two", T), T);
        harness.processElement2(Feedback.click("one", "b", T + 1), T + 1);
        harness.processElement2(Feedback.click("two", "a", T + 1), T + 1);
        harness.processElement2(Feedback.click("two", "b", T + 2), T + 2);
        harness.processBothWatermarks(new Watermark(T + W));
        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).hasSize(2).allSatisfy(o -> assertThat(o.target).isEqualTo("choice"));
        assertThat(out.get(0).p).isEqualTo(0.6 / (0.6 + 0.3));
        assertThat(out.get(0).positive).isFalse();
        assertThat(out.get(1).p).isEqualTo(0.3 / (0.6 + 0.3));
        assertThat(out.get(1).positive).isTrue();
        assertThat(count(DecisionCount.CALIBRATED)).isEqualTo(1);
        assertThat(count(DecisionCount.NO_CLICK)).isEqualTo(1);
        assertThat(count(DecisionCount.SEVERAL_CLICKS)).isEqualTo(1);
        assertThat(count(Count.ATTRIBUTED)).as("feedback is attributed all the same").isEqualTo(3);
    }

    @Test
    void sigmoidDecisionsAreComparedPerImpressionAndClassesByLabel() throws Exception {
        harness.processElement1(click("s", T), T);
        harness.processElement1(classes("c", T), T);
        harness.processElement1(classes("unlabelled", T), T);
        harness.processElement2(Feedback.label("c", "cat", T + 1), T + 1);
        harness.processBothWatermarks(new Watermark(T + W));
        assertThat(harness.extractOutputValues())
                .extracting(o -> o.target)
                .containsExactlyInAnyOrder("click", "click", "label");
        assertThat(count(DecisionCount.CALIBRATED)).isEqualTo(2);
        assertThat(count(DecisionCount.NO_LABEL)).isEqualTo(1);
    }

    /**
     * Issue 23: pending state had a TTL of three windows in processing time, so a job stopped
     * longer than that (a savepoint upgrade over lunch) restored every pending decision as expired,
     * and its clicks vanished. A day later, everything pending still resolves.
     */
    @Test
    void aRestoreAfterAStopLongerThanThreeWindowsResolvesEveryPendingDecision() throws Exception {
        harness.setProcessingTime(0);
        harness.setStateTtlProcessingTime(0);
        harness.processElement1(click("r", T), T);
        harness.processElement2(Feedback.click("r", "b", T + 1), T + 1);
        harness.processElement2(Feedback.click("early", "a", T + 2), T + 2); // before its decision
        harness.processBothWatermarks(new Watermark(T + W / 2));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        long aDay = Duration.ofDays(1).toMillis();
        restore(snapshot, aDay);
        harness.processElement1(click("early", T + 1), T + 1);
        harness.processBothWatermarks(new Watermark(T + W + 1));
        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).hasSize(4);
        assertThat(out).filteredOn(o -> o.positive).hasSize(2);
        assertThat(count(DecisionCount.CALIBRATED)).as("counted since the restore").isEqualTo(2);
        assertThat(count(Count.ATTRIBUTED)).as("early's waiting click").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isPositive(); // the closed markers
        harness.processBothWatermarks(new Watermark(T + 3 * W));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /**
     * A watermark that does not move (a quiet input within its idleness, a stalled partition) keeps
     * every decision and its feedback pending: nothing is closed, expired or counted until event
     * time moves, and then everything resolves as if there had been no stall.
     */
    @Test
    void aStalledWatermarkKeepsEverythingPendingUntilItMoves() throws Exception {
        harness.processBothWatermarks(new Watermark(T));
        for (int i = 0; i < 50; i++) {
            harness.processElement1(click("r-" + i, T + i), T + i);
            harness.processElement2(Feedback.click("r-" + i, "a", T + i + 1), T + i + 1);
            harness.processElement2(Feedback.click("ghost-" + i, "a", T + i), T + i);
            harness.setProcessingTime((i + 1) * 10 * W); // wall time goes on; event time does not
            harness.setStateTtlProcessingTime((i + 1) * 10 * W);
        }
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(count(Count.UNKNOWN_ID)).isZero();
        assertThat(count(DecisionCount.CALIBRATED)).isZero();
        harness.processBothWatermarks(new Watermark(T + 50 + 2 * W));
        assertThat(harness.extractOutputValues()).hasSize(100);
        assertThat(count(DecisionCount.CALIBRATED)).isEqualTo(50);
        assertThat(count(Count.UNKNOWN_ID)).isEqualTo(50);
        assertThat(count(Count.ATTRIBUTED)).isEqualTo(50);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    /**
     * A decision behind the watermark by more than its window is counted as late; it still closes,
     * at the next watermark, with the window's end as its outcomes' time (calibration counts them
     * late when their window has closed too).
     */
    @Test
    void aDecisionBehindTheWatermarkIsCountedLateAndStillCloses() throws Exception {
        harness.processBothWatermarks(new Watermark(T + 5 * W));
        harness.processElement1(click("r", T), T);
        harness.processElement1(click("on-time", T + 5 * W), T + 5 * W);
        assertThat(count(DecisionCount.LATE_DECISION)).isEqualTo(1);
        harness.processBothWatermarks(new Watermark(T + 5 * W + 1));
        List<StreamRecord<? extends Outcome>> out = harness.extractOutputStreamRecords();
        assertThat(out).hasSize(2).allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(T + W));
        assertThat(count(DecisionCount.CALIBRATED)).isEqualTo(1);
    }

    /** The state's serializers write and read back every field of a pending decision. */
    @Test
    void aSnapshotRestoresPendingDecisionsWithTheirClicksAndLabels() throws Exception {
        harness.processElement1(click("r", T), T);
        harness.processElement1(classes("c", T), T);
        harness.processElement2(Feedback.click("r", "a", T + 3), T + 3);
        harness.processElement2(Feedback.label("c", "dog", T + 3), T + 3);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        restore(snapshot, 0);
        harness.processElement2(Feedback.click("r", "a", T + 4), T + 4); // a repeat, if restored
        harness.processBothWatermarks(new Watermark(T + W));
        List<Outcome> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        Outcome a = out.stream().filter(o -> o.p == 0.6).findFirst().orElseThrow();
        Outcome b = out.stream().filter(o -> o.p == 0.3).findFirst().orElseThrow();
        Outcome label = out.stream().filter(Outcome::isLabel).findFirst().orElseThrow();
        assertThat(a.positive).isTrue();
        assertThat(b.positive).isFalse();
        assertThat(a.model).isEqualTo("ctr");
        assertThat(a.placement).isEqualTo("home");
        assertThat(label.positive).isFalse();
        assertThat(label.p).isEqualTo(0.7);
        assertThat(label.labelProbability).isEqualTo(0.2);
        assertThat(label.model).isEqualTo("zoo");
        assertThat(count(Count.REPEATED)).isEqualTo(1);
    }

    /** A new function and harness restored from {@code snapshot}, its clocks at {@code now}. */
    private void restore(OperatorSubtaskState snapshot, long now) throws Exception {
        function = new AttributionFunction(Duration.ofMillis(W));
        harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(function), i -> i.id, f -> f.id, Types.STRING);
        harness.setProcessingTime(now);
        harness.setStateTtlProcessingTime(now);
        harness.initializeState(snapshot);
        harness.open();
    }

    private long count(Count count) {
        return accumulator(count.accumulatorName());
    }

    private long count(DecisionCount count) {
        return accumulator(count.accumulatorName());
    }

    private long accumulator(String name) {
        Object value = function.getRuntimeContext().getAccumulator(name).getLocalValue();
        return ((Number) value).longValue();
    }

    /**
     * Every closed click decision gives one evaluation sample per target, clicked or not, at the
     * window's end: the serving policy's (weight 1) and each shadow's, with the rewards of the top
     * slot and of the ranking; click values under expected-value ranking; none for classes.
     */
    @Test
    void everyClosedClickDecisionIsWeighedForEveryTarget() throws Exception {
        Impression clicked = choice("r", T);
        clicked.version = 3;
        clicked.experiment = "split";
        clicked.variant = "warm";
        clicked.shadows = new String[] {"colder", "greedy"};
        clicked.topWeights = new double[] {1.5, 0.0};
        clicked.rankingWeights = new double[] {2.0, 0.0};
        Impression byValue = choice("v", T);
        byValue.valueReward = true;
        byValue.placedBid = new double[] {4.0, Double.NaN};
        byValue.shadows = new String[0];
        harness.processElement1(clicked, T);
        harness.processElement1(byValue, T);
        harness.processElement1(classes("c", T), T);
        harness.processElement2(Feedback.click("r", "a", T + 1), T + 1);
        harness.processElement2(Feedback.click("v", "a", T + 1), T + 1);
        harness.processElement2(Feedback.click("v", "b", T + 2), T + 2);
        harness.processBothWatermarks(new Watermark(T + W));

        var samples = harness.getSideOutput(OutputTags.EVALUATION_SAMPLES);
        assertThat(samples).hasSize(4);
        assertThat(samples).allSatisfy(r -> assertThat(r.getTimestamp()).isEqualTo(T + W));
        var logging =
                samples.stream()
                        .map(StreamRecord::getValue)
                        .filter(x -> x.target.equals("logging") && x.version == 3)
                        .findFirst()
                        .orElseThrow();
        assertThat(logging.topWeight).isEqualTo(1.0);
        assertThat(logging.key())
                .isEqualTo(
                        new io.flinksoftmax.evaluation.EvaluationKey(
                                "home", 3, "split", "warm", "logging"));
        assertThat(logging.topReward).isEqualTo(1.0);
        assertThat(logging.topBound).isEqualTo(1.0);
        assertThat(logging.rankingReward).isEqualTo(1.0);
        assertThat(logging.rankingBound).isEqualTo(2.0);
        var colder =
                samples.stream()
                        .map(StreamRecord::getValue)
                        .filter(x -> x.target.equals("colder"))
                        .findFirst()
                        .orElseThrow();
        assertThat(colder.topWeight).isEqualTo(1.5);
        assertThat(colder.rankingWeight).isEqualTo(2.0);
        assertThat(colder.topReward).isEqualTo(1.0);
        var value =
                samples.stream()
                        .map(StreamRecord::getValue)
                        .filter(x -> x.valueReward)
                        .findFirst()
                        .orElseThrow();
        // Both clicked: worth the bid of a (4) and 0 for b, which has none.
        assertThat(value.topReward).isEqualTo(4.0);
        assertThat(value.topBound).isEqualTo(4.0);
        assertThat(value.rankingReward).isEqualTo(4.0);
        assertThat(value.rankingBound).isEqualTo(4.0);
    }

    /**
     * An impression restored from a savepoint of the release before shadows has none of their
     * fields: it is weighed for the serving policy alone.
     */
    @Test
    void anImpressionFromBeforeShadowsIsWeighedForTheServingPolicyOnly() throws Exception {
        harness.processElement1(choice("old", T), T);
        harness.processBothWatermarks(new Watermark(T + W));
        var samples = harness.getSideOutput(OutputTags.EVALUATION_SAMPLES);
        assertThat(samples).hasSize(1);
        assertThat(samples.peek().getValue().target).isEqualTo("logging");
        assertThat(samples.peek().getValue().topReward).isZero();
    }

    /** A sigmoid click decision placing a (p 0.6) and b (p 0.3): compared per impression. */
    private static Impression click(String id, long ts) {
        Impression i = choice(id, ts);
        i.mode = "sigmoid";
        return i;
    }

    /** A softmax click decision placing a (p 0.6) and b (p 0.3): compared as a choice. */
    private static Impression choice(String id, long ts) {
        Impression i = new Impression();
        i.id = id;
        i.kind = "click_scores";
        i.mode = "softmax";
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
