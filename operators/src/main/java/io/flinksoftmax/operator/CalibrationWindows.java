package io.flinksoftmax.operator;

import io.flinksoftmax.calibration.CalibrationKey;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.encode.CalibrationJson;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * The calibration step (README "Feedback and calibration"): outcomes keyed by {@link
 * CalibrationKey} are summed per tumbling event-time window ({@link Sums}), and each window gives
 * one calibration record, keyed by {@code model/placement} for the sink ({@link Records}). The
 * latest values of each (kind, model, placement) are also gauges, group {@code softmax}, subgroups
 * {@code model} and {@code placement}: {@code calibration_ece}, {@code calibration_ratio}, {@code
 * calibration_observed_rate}, {@code calibration_mean_predicted}, {@code calibration_log_loss},
 * {@code calibration_count} (a Prometheus reporter turns the subgroups into labels).
 */
@PublicEvolving
public final class CalibrationWindows {

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

    /** One record per key and window, and the gauges. */
    public static final class Records
            extends ProcessWindowFunction<CalibrationStats, EncodedDecision, String, TimeWindow> {

        private static final long serialVersionUID = 1L;

        private transient CalibrationJson json;

        /** Written by the task thread, read by the metric reporter's: a concurrent map. */
        private transient Map<String, CalibrationStats> latest;

        private transient MetricGroup group;

        @Override
        public void open(OpenContext openContext) {
            json = new CalibrationJson();
            latest = new ConcurrentHashMap<>();
            group = getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP);
        }

        @Override
        public void process(
                String key,
                Context context,
                Iterable<CalibrationStats> sums,
                Collector<EncodedDecision> out) {
            CalibrationStats s = sums.iterator().next();
            String[] parts = CalibrationKey.parts(key);
            byte[] value =
                    json.toJson(
                            parts[0],
                            parts[1],
                            parts[2],
                            context.window().getStart(),
                            context.window().getEnd(),
                            s);
            String recordKey = (parts[1] == null ? "" : parts[1]) + "/" + parts[2];
            out.collect(new EncodedDecision(recordKey.getBytes(StandardCharsets.UTF_8), value));
            if (latest.put(key, s) == null) {
                register(key, parts);
            }
        }

        private void register(String key, String[] parts) {
            MetricGroup g =
                    group.addGroup("model", parts[1] == null ? "none" : parts[1])
                            .addGroup("placement", parts[2]);
            g.gauge("calibration_ece", gauge(key, CalibrationStats::expectedCalibrationError));
            g.gauge("calibration_ratio", gauge(key, CalibrationStats::calibrationRatio));
            g.gauge("calibration_observed_rate", gauge(key, CalibrationStats::observedRate));
            g.gauge("calibration_mean_predicted", gauge(key, CalibrationStats::meanPredicted));
            g.gauge("calibration_log_loss", gauge(key, CalibrationStats::meanLogLoss));
            g.gauge("calibration_count", gauge(key, s -> (double) s.count));
        }

        private Gauge<Double> gauge(
                String key, java.util.function.ToDoubleFunction<CalibrationStats> value) {
            return () -> value.applyAsDouble(latest.get(key));
        }
    }
}
