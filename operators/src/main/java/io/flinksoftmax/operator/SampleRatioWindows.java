package io.flinksoftmax.operator;

import io.flinksoftmax.encode.SampleRatioJson;
import io.flinksoftmax.evaluation.EvaluationSample;
import io.flinksoftmax.evaluation.ExperimentKey;
import io.flinksoftmax.evaluation.SampleRatioCounts;
import io.flinksoftmax.experiment.SampleRatio;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample-ratio-mismatch check of each experiment (DESIGN §14): the serving policy's evaluation
 * samples of an experiment, keyed by {@link ExperimentKey}, are counted per variant in the
 * evaluation windows ({@link Counts}); each window gives one record ({@link Records}): the counts,
 * the weights, and the chi-square p-value, also the gauge {@code experiment_srm_p_value} (group
 * {@code softmax}, subgroups {@code placement} and {@code experiment}), and a warning in the log
 * when it is below {@link SampleRatio#THRESHOLD}: units are reaching the variants in other shares
 * than the weights say (lost or duplicated traffic, a unit id that changes, a filter upstream).
 */
@Internal
public final class SampleRatioWindows {

    private SampleRatioWindows() {}

    /** Whether {@code s} counts for the check: the serving policy's sample in an experiment. */
    public static boolean counts(EvaluationSample s) {
        return s.experiment != null && s.arms != null;
    }

    /** Counts the decisions of one window per variant. */
    public static final class Counts
            implements AggregateFunction<EvaluationSample, SampleRatioCounts, SampleRatioCounts> {

        private static final long serialVersionUID = 1L;

        @Override
        public SampleRatioCounts createAccumulator() {
            return new SampleRatioCounts();
        }

        @Override
        public SampleRatioCounts add(EvaluationSample value, SampleRatioCounts accumulator) {
            return accumulator.add(value);
        }

        @Override
        public SampleRatioCounts getResult(SampleRatioCounts accumulator) {
            return accumulator;
        }

        @Override
        public SampleRatioCounts merge(SampleRatioCounts a, SampleRatioCounts b) {
            return a.merge(b);
        }
    }

    /** One record per experiment and window, the gauge, and the warning. */
    public static final class Records
            extends ProcessWindowFunction<
                    SampleRatioCounts, EncodedDecision, ExperimentKey, TimeWindow> {

        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(SampleRatioWindows.class);

        private transient SampleRatioJson json;
        private transient Map<String, Double> latest;
        private transient MetricGroup group;

        @Override
        public void open(OpenContext openContext) {
            open(getRuntimeContext().getMetricGroup().addGroup(ScoringMetrics.GROUP));
        }

        /** Opens with {@code metrics} as the {@code softmax} group (a test passes its own). */
        void open(MetricGroup metrics) {
            json = new SampleRatioJson();
            latest = new ConcurrentHashMap<>();
            group = metrics;
        }

        @Override
        public void process(
                ExperimentKey key,
                Context context,
                Iterable<SampleRatioCounts> counts,
                Collector<EncodedDecision> out) {
            SampleRatioCounts c = counts.iterator().next();
            TimeWindow w = context.window();
            out.collect(
                    new EncodedDecision(
                            key.recordKey().getBytes(StandardCharsets.UTF_8),
                            json.toJson(
                                    key.placement(),
                                    key.version(),
                                    key.experiment(),
                                    w.getStart(),
                                    w.getEnd(),
                                    c)));
            double p = c.pValue();
            if (p < SampleRatio.THRESHOLD) {
                LOG.warn(
                        "sample ratio mismatch in experiment {} of policy {} (version {}), window"
                                + " [{}, {}): p = {} for decisions {} against weights {}",
                        key.experiment(),
                        key.placement(),
                        key.version(),
                        w.getStart(),
                        w.getEnd(),
                        p,
                        java.util.Arrays.toString(c.counts),
                        java.util.Arrays.toString(c.weights));
            }
            String gaugeKey = key.recordKey();
            if (latest.put(gaugeKey, p) == null) {
                group.addGroup("placement", key.placement())
                        .addGroup("experiment", key.experiment())
                        .gauge("experiment_srm_p_value", () -> latest.get(gaugeKey));
            }
        }
    }
}
