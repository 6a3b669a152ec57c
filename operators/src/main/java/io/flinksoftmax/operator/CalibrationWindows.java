package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.ArmCalibrationKey;
import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.encode.CalibrationJson;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The calibration step (README "Feedback and calibration"): outcomes keyed by {@link
 * CalibrationKey} are summed per tumbling event-time window ({@link Sums}), and each window gives
 * one calibration record, keyed by {@code model/placement} for the sink ({@link Records}). The
 * latest values of each (model, placement, target) are also gauges, group {@code softmax},
 * subgroups {@code model}, {@code placement} and {@code target}: {@code calibration_ece}, {@code
 * calibration_ratio}, {@code calibration_observed_rate}, {@code calibration_mean_predicted}, {@code
 * calibration_log_loss}, {@code calibration_count} (a Prometheus reporter turns the subgroups into
 * labels).
 *
 * <p>An outcome whose window's record was already written (its decision came late, or an input woke
 * from idleness behind the others) is not dropped: the window operator routes it to {@link
 * OutputTags#LATE_OUTCOMES}, and {@link LateOutcomes} counts it and writes it as a record of its
 * own, flagged {@code "late":true}, to add to the window's record.
 */
@Internal
public final class CalibrationWindows {

    /** Accumulator of late outcomes, for the embedded run's summary. */
    public static final String ACC_LATE_OUTCOMES = ScoringMetrics.GROUP + ".calibration.late";

    private CalibrationWindows() {}

    /** Sums the outcomes of one window. */
    public static final class Sums
            implements AggregateFunction<Outcome, CalibrationStats, CalibrationStats> {

        private static final long serialVersionUID = 1L;

        @Override
        public CalibrationStats createAccumulator() {
            return new CalibrationStats();
        }

        @Override
        public CalibrationStats add(Outcome value, CalibrationStats accumulator) {
            return accumulator.add(value);
        }

        @Override
        public CalibrationStats getResult(CalibrationStats accumulator) {
            return accumulator;
        }

        @Override
        public CalibrationStats merge(CalibrationStats a, CalibrationStats b) {
            return a.merge(b);
        }
    }

    /**
     * One record per key and window, and its gauges: the part both kinds of key share. A key gives
     * its calibration key, and its experiment and variant ({@code null} outside one).
     */
    abstract static class KeyedRecords<K>
            extends ProcessWindowFunction<CalibrationStats, EncodedDecision, K, TimeWindow> {

        private static final long serialVersionUID = 1L;

        private transient CalibrationJson json;
        private transient LatestGauges gauges;

        abstract CalibrationKey calibration(K key);

        abstract String experiment(K key);

        abstract String variant(K key);

        abstract String recordKey(K key);

        @Override
        public void open(OpenContext openContext) {
            open(getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP));
        }

        /** Opens with {@code metrics} as the {@code softmax} group (a test passes its own). */
        void open(MetricGroup metrics) {
            json = new CalibrationJson();
            gauges = new LatestGauges(metrics);
        }

        @Override
        public void process(
                K key,
                Context context,
                Iterable<CalibrationStats> sums,
                Collector<EncodedDecision> out) {
            CalibrationStats s = sums.iterator().next();
            String experiment = experiment(key);
            String variant = variant(key);
            byte[] value =
                    json.toJson(
                            calibration(key),
                            experiment,
                            variant,
                            context.window().getStart(),
                            context.window().getEnd(),
                            s,
                            false);
            out.collect(
                    new EncodedDecision(recordKey(key).getBytes(StandardCharsets.UTF_8), value));
            gauges.update(
                    calibration(key),
                    experiment == null ? null : variant == null ? "none" : variant,
                    s);
        }
    }

    /** One record per key and window, and the gauges. */
    public static final class Records extends KeyedRecords<CalibrationKey> {

        private static final long serialVersionUID = 1L;

        @Override
        CalibrationKey calibration(CalibrationKey key) {
            return key;
        }

        @Override
        String experiment(CalibrationKey key) {
            return null;
        }

        @Override
        String variant(CalibrationKey key) {
            return null;
        }

        @Override
        String recordKey(CalibrationKey key) {
            return key.recordKey();
        }
    }

    /**
     * One record per experiment arm and window, and the gauges (subgroup {@code variant} between
     * {@code placement} and {@code target}; {@code none} outside the coverage): the calibration of
     * an experiment's decisions, per variant (DESIGN §14).
     */
    public static final class ArmRecords extends KeyedRecords<ArmCalibrationKey> {

        private static final long serialVersionUID = 1L;

        @Override
        CalibrationKey calibration(ArmCalibrationKey key) {
            return key.calibration();
        }

        @Override
        String experiment(ArmCalibrationKey key) {
            return key.experiment();
        }

        @Override
        String variant(ArmCalibrationKey key) {
            return key.variant();
        }

        @Override
        String recordKey(ArmCalibrationKey key) {
            return key.recordKey();
        }
    }

    /**
     * The gauges of the latest window of each key: written by the task thread, read by the metric
     * reporter's, through a concurrent map of values no one changes once they are in it (a window's
     * sums are final when it fires).
     */
    private static final class LatestGauges {

        private final Map<String, CalibrationStats> latest = new ConcurrentHashMap<>();
        private final MetricGroup group;

        LatestGauges(MetricGroup group) {
            this.group = group;
        }

        /** {@code s} as the latest of {@code key} (of {@code variant}, or none outside one). */
        void update(CalibrationKey key, String variant, CalibrationStats s) {
            String id =
                    key.recordKey() + "/" + key.target() + (variant == null ? "" : "/" + variant);
            if (latest.put(id, s) != null) {
                return;
            }
            MetricGroup g =
                    group.addGroup("model", key.model() == null ? "none" : key.model())
                            .addGroup("placement", key.placement());
            if (variant != null) {
                g = g.addGroup("variant", variant);
            }
            g = g.addGroup("target", key.target());
            g.gauge("calibration_ece", gauge(id, CalibrationStats::expectedCalibrationError));
            g.gauge("calibration_ratio", gauge(id, CalibrationStats::calibrationRatio));
            g.gauge("calibration_observed_rate", gauge(id, CalibrationStats::observedRate));
            g.gauge("calibration_mean_predicted", gauge(id, CalibrationStats::meanPredicted));
            g.gauge("calibration_log_loss", gauge(id, CalibrationStats::meanLogLoss));
            g.gauge("calibration_count", gauge(id, x -> (double) x.count));
        }

        private Gauge<Double> gauge(String id, ToDoubleFunction<CalibrationStats> value) {
            return () -> value.applyAsDouble(latest.get(id));
        }
    }

    /**
     * Late outcomes in, one record each out, flagged {@code "late":true}, for the window the
     * outcome's time falls in; counted in metric {@code calibration_late_outcomes} and accumulator
     * {@link #ACC_LATE_OUTCOMES}. They are rare (a late decision, an input back from idleness), so
     * one record each costs little and loses nothing.
     */
    public static final class LateOutcomes extends ProcessFunction<Outcome, EncodedDecision>
            implements ResultTypeQueryable<EncodedDecision> {

        private static final long serialVersionUID = 1L;

        private final long size;

        private transient CalibrationJson json;
        private transient Counter late;
        private transient LongCounter lateTotal;

        /**
         * @param calibrationWindow the size of the calibration windows the outcomes missed
         */
        public LateOutcomes(Duration calibrationWindow) {
            this.size = calibrationWindow.toMillis();
        }

        @Override
        public TypeInformation<EncodedDecision> getProducedType() {
            return ScoringTypes.ENCODED_DECISION;
        }

        @Override
        public void open(OpenContext openContext) {
            json = new CalibrationJson();
            late =
                    getRuntimeContext()
                            .getMetricGroup()
                            .addGroup(ScoringMetrics.GROUP)
                            .counter("calibration_late_outcomes");
            lateTotal = new LongCounter();
            getRuntimeContext().addAccumulator(ACC_LATE_OUTCOMES, lateTotal);
        }

        @Override
        public void processElement(Outcome o, Context ctx, Collector<EncodedDecision> out) {
            late.inc();
            lateTotal.add(1L);
            long ts = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
            long start = TimeWindow.getWindowStartWithOffset(ts, 0, size);
            long end = start + size < start ? Long.MAX_VALUE : start + size;
            CalibrationKey key = CalibrationKey.of(o);
            byte[] value =
                    json.toJson(
                            key,
                            o.experiment,
                            o.variant,
                            start,
                            end,
                            new CalibrationStats().add(o),
                            true);
            String recordKey =
                    o.experiment == null ? key.recordKey() : ArmCalibrationKey.of(o).recordKey();
            out.collect(new EncodedDecision(recordKey.getBytes(StandardCharsets.UTF_8), value));
        }
    }
}
