package io.flinksoftmax.operator;

import io.flinksoftmax.encode.EvaluationJson;
import io.flinksoftmax.evaluation.Estimates;
import io.flinksoftmax.evaluation.EvaluationKey;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.evaluation.EvaluationWindowSums;
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
 * The off-policy evaluation step (DESIGN §13; docs/evaluation.md): evaluation samples keyed by
 * {@link EvaluationKey} are summed per tumbling event-time window ({@link Sums}), and each window
 * gives one evaluation record, keyed {@code placement/target} for the sink ({@link Records}). The
 * latest top-slot values of each (placement, target) are gauges, group {@code softmax}, subgroups
 * {@code placement}, {@code variant} (in an experiment; {@code none} outside its coverage) and
 * {@code target}: {@code evaluation_snips}, {@code evaluation_ci_low}, {@code evaluation_ci_high},
 * {@code evaluation_ess}, {@code evaluation_n}.
 *
 * <p>A sample whose window's record was already written is not dropped: it is routed to {@link
 * OutputTags#LATE_EVALUATION_SAMPLES}, and {@link LateSamples} counts it and writes it as a record
 * of its own, flagged {@code "late":true}.
 */
@Internal
public final class EvaluationWindows {

    /** Accumulator of late samples, for the embedded run's summary. */
    public static final String ACC_LATE_SAMPLES = ScoringMetrics.GROUP + ".evaluation.late";

    private EvaluationWindows() {}

    /** Sums the samples of one window. */
    public static final class Sums
            implements AggregateFunction<
                    EvaluationSample, EvaluationWindowSums, EvaluationWindowSums> {

        private static final long serialVersionUID = 1L;

        @Override
        public EvaluationWindowSums createAccumulator() {
            return new EvaluationWindowSums();
        }

        @Override
        public EvaluationWindowSums add(EvaluationSample value, EvaluationWindowSums accumulator) {
            return accumulator.add(value);
        }

        @Override
        public EvaluationWindowSums getResult(EvaluationWindowSums accumulator) {
            return accumulator;
        }

        @Override
        public EvaluationWindowSums merge(EvaluationWindowSums a, EvaluationWindowSums b) {
            return a.merge(b);
        }
    }

    /** One record per key and window, and the gauges. */
    public static final class Records
            extends ProcessWindowFunction<
                    EvaluationWindowSums, EncodedDecision, EvaluationKey, TimeWindow> {

        private static final long serialVersionUID = 1L;

        private transient EvaluationJson json;

        /**
         * The latest top-slot estimates per (placement, target): written by the task thread, read
         * by the reporter's; values are never changed once in the map.
         */
        private transient Map<String, Estimates> latest;

        private transient MetricGroup group;

        @Override
        public void open(OpenContext openContext) {
            open(getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP));
        }

        /** Opens with {@code metrics} as the {@code softmax} group (a test passes its own). */
        void open(MetricGroup metrics) {
            json = new EvaluationJson();
            latest = new ConcurrentHashMap<>();
            group = metrics;
        }

        @Override
        public void process(
                EvaluationKey key,
                Context context,
                Iterable<EvaluationWindowSums> sums,
                Collector<EncodedDecision> out) {
            EvaluationWindowSums s = sums.iterator().next();
            TimeWindow w = context.window();
            out.collect(
                    new EncodedDecision(
                            key.recordKey().getBytes(StandardCharsets.UTF_8),
                            json.toJson(key, w.getStart(), w.getEnd(), s, s.valueReward, false)));
            String gaugeKey = key.recordKey();
            if (latest.put(gaugeKey, Estimates.of(s.top)) == null) {
                register(key, gaugeKey);
            }
        }

        private void register(EvaluationKey key, String gaugeKey) {
            MetricGroup g = group.addGroup("placement", key.placement());
            if (key.experiment() != null) {
                g = g.addGroup("variant", key.variant() == null ? "none" : key.variant());
            }
            g = g.addGroup("target", key.target());
            g.gauge("evaluation_snips", gauge(gaugeKey, Estimates::snips));
            g.gauge("evaluation_ci_low", gauge(gaugeKey, Estimates::ciLow));
            g.gauge("evaluation_ci_high", gauge(gaugeKey, Estimates::ciHigh));
            g.gauge("evaluation_ess", gauge(gaugeKey, Estimates::ess));
            g.gauge("evaluation_n", gauge(gaugeKey, e -> (double) e.n()));
        }

        private Gauge<Double> gauge(String key, ToDoubleFunction<Estimates> value) {
            return () -> value.applyAsDouble(latest.get(key));
        }
    }

    /**
     * Late samples in, one record each out, flagged {@code "late":true}, for the window the
     * sample's time falls in; counted in metric {@code evaluation_late_samples} and accumulator
     * {@link #ACC_LATE_SAMPLES}.
     */
    public static final class LateSamples extends ProcessFunction<EvaluationSample, EncodedDecision>
            implements ResultTypeQueryable<EncodedDecision> {

        private static final long serialVersionUID = 1L;

        private final long size;

        private transient EvaluationJson json;
        private transient Counter late;
        private transient LongCounter lateTotal;

        /**
         * @param evaluationWindow the size of the evaluation windows the samples missed
         */
        public LateSamples(Duration evaluationWindow) {
            this.size = evaluationWindow.toMillis();
        }

        @Override
        public TypeInformation<EncodedDecision> getProducedType() {
            return ScoringTypes.ENCODED_DECISION;
        }

        @Override
        public void open(OpenContext openContext) {
            json = new EvaluationJson();
            late =
                    getRuntimeContext()
                            .getMetricGroup()
                            .addGroup(ScoringMetrics.GROUP)
                            .counter("evaluation_late_samples");
            lateTotal = new LongCounter();
            getRuntimeContext().addAccumulator(ACC_LATE_SAMPLES, lateTotal);
        }

        @Override
        public void processElement(
                EvaluationSample s, Context ctx, Collector<EncodedDecision> out) {
            late.inc();
            lateTotal.add(1L);
            long ts = ctx.timestamp() == null ? Long.MIN_VALUE : ctx.timestamp();
            long start = TimeWindow.getWindowStartWithOffset(ts, 0, size);
            long end = start + size < start ? Long.MAX_VALUE : start + size;
            EvaluationKey key = s.key();
            byte[] value =
                    json.toJson(
                            key,
                            start,
                            end,
                            new EvaluationWindowSums().add(s),
                            s.valueReward,
                            true);
            out.collect(
                    new EncodedDecision(key.recordKey().getBytes(StandardCharsets.UTF_8), value));
        }
    }
}
