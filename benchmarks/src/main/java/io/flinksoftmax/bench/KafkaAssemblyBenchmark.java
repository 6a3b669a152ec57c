package io.flinksoftmax.bench;

import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import io.flinksoftmax.job.options.JobOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Assembly latency from the job's own histograms (not a test; {@code scripts/bench-kafka.sh
 * assembly}): the scoring job embedded, at-least-once between topics of a real broker, fed 10-
 * candidate requests as {@code candidate_score} records at a fixed rate, each request's candidates
 * spread over both partitions, one request in ten partial (9 of its 10 sent, so it closes at its
 * deadline). A reporter in this JVM holds the assembler's histograms; every second it reads p50 and
 * p99 of each subtask's last 1,024 requests ({@code assembly_latency_complete_ms}: last candidate
 * read to decision; {@code assembly_latency_partial_ms}: first candidate read to decision).
 * Printed: the median and the largest of those per-second p99s over the measured seconds, after a
 * warm-up.
 *
 * <p>Arguments: {@code <bootstrap servers> <requests/s> <seconds> <parallelism> [keyed] [job
 * options...]}; {@code keyed} sends each request's candidates to one partition (as a producer
 * keying its records by request id would), instead of spreading them over both.
 */
public final class KafkaAssemblyBenchmark {

    private static final int CANDIDATES = 10;

    /**
     * Long enough that each histogram's window (its subtask's last 1,024 requests: 20 s of partial
     * requests at 1,000 requests/s) holds no request from the job's cold start.
     */
    private static final int WARM_UP_SECONDS = 25;

    /** The histograms the reporter saw, by their scope and name. */
    static final Map<String, Histogram> HISTOGRAMS = new ConcurrentHashMap<>();

    /** The counters the reporter saw, by their scope and name. */
    static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        String parallelism = args[3];
        boolean keyed = args.length > 4 && args[4].equals("keyed");
        String[] extra = Arrays.copyOfRange(args, keyed ? 5 : 4, args.length);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String input = "bench-candidates-" + suffix;
        KafkaPipelineBenchmark.createTopics(
                bootstrap, input, "bench-decisions-" + suffix, "bench-dead-letters-" + suffix);
        JobOptions options =
                JobOptions.parse(
                        KafkaPipelineBenchmark.jobArguments(
                                bootstrap,
                                input,
                                suffix,
                                "at-least-once",
                                "1s",
                                parallelism,
                                extra));
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.capture.factory.class", Factory.class.getName());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        ScoringJob.fromOptions(options, env, KafkaConnectors.source(options.kafka()).build());
        JobClient job = env.executeAsync("bench-assembly");
        List<Double> completeP99 = new ArrayList<>();
        List<Double> partialP99 = new ArrayList<>();
        List<Double> completeP50 = new ArrayList<>();
        List<Double> partialP50 = new ArrayList<>();
        List<Double> latenessP50 = new ArrayList<>();
        List<Double> latenessP99 = new ArrayList<>();
        List<Double> transitP50 = new ArrayList<>();
        List<Double> transitP99 = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            long sent = 0;
            int second = 0;
            while (second < WARM_UP_SECONDS + seconds) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L + 1;
                for (; sent < due; sent++) {
                    send(producer, input, suffix, sent, keyed);
                }
                LockSupport.parkNanos(1_000_000L);
                int now = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                if (now > second) {
                    second = now;
                    if (second > WARM_UP_SECONDS) {
                        sample("assembly_latency_complete_ms", 0.99, completeP99);
                        sample("assembly_latency_partial_ms", 0.99, partialP99);
                        sample("assembly_latency_complete_ms", 0.50, completeP50);
                        sample("assembly_latency_partial_ms", 0.50, partialP50);
                        sample("assembly_deadline_lateness_ms", 0.50, latenessP50);
                        sample("assembly_deadline_lateness_ms", 0.99, latenessP99);
                        sample("assembly_transit_ms", 0.50, transitP50);
                        sample("assembly_transit_ms", 0.99, transitP99);
                    }
                }
            }
            double achieved = sent / ((System.nanoTime() - start) / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "requests/s offered %,d (achieved %,.0f, %,d candidates/s), %d s measured"
                            + " after %d s warm-up, parallelism %s, candidates %s%n",
                    rate,
                    achieved,
                    rate * CANDIDATES,
                    seconds,
                    WARM_UP_SECONDS,
                    parallelism,
                    keyed ? "keyed by request" : "spread over both partitions");
            if (HISTOGRAMS.isEmpty()) {
                System.out.println(
                        "no histograms reached the reporter: is the reporter's"
                                + " service file on the class path?");
            }
            System.out.printf(
                    Locale.ROOT,
                    "requests sent %,d (a tenth partial): decided complete %,d, partial %,d;"
                            + " late_candidate dead letters %,d%n",
                    sent,
                    total("softmax.requests_complete"),
                    total("softmax.requests_partial"),
                    total("reason.late_candidate.dead_letters"));
            report("complete, last candidate -> decision", completeP50, completeP99);
            report("partial, first candidate -> decision", partialP50, partialP99);
            report("deadline fired after its time", latenessP50, latenessP99);
            report("candidate read -> at the assembler", transitP50, transitP99);
        } finally {
            job.cancel().get();
            try {
                job.getJobExecutionResult().get();
            } catch (ExecutionException cancelled) {
                // expected: the job was cancelled
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        return new KafkaProducer<>(p);
    }

    /**
     * Request {@code r}'s candidates, alternating partitions (or all on one when {@code keyed});
     * every tenth request lacks one.
     */
    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            String suffix,
            long r,
            boolean keyed) {
        int sent = r % 10 == 9 ? CANDIDATES - 1 : CANDIDATES;
        long ts = System.currentTimeMillis();
        for (int k = 0; k < sent; k++) {
            String json =
                    String.format(
                            Locale.ROOT,
                            "{\"kind\":\"candidate_score\",\"request\":\"%s-%d\",\"candidate\":"
                                    + "\"ad-%d\",\"score\":%d.5,\"bid\":1.25,\"expected\":%d,"
                                    + "\"placement\":\"home_top\",\"ts\":%d}",
                            suffix,
                            r,
                            k,
                            (k * 7 + r) % 5,
                            CANDIDATES,
                            ts);
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            (int) (keyed ? r % 2 : (r + k) % 2),
                            null,
                            json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The {@code q} quantile of each subtask's histogram named {@code name}, added to {@code to}.
     */
    private static void sample(String name, double q, List<Double> to) {
        HISTOGRAMS.forEach(
                (id, h) -> {
                    if (id.endsWith("." + name) && h.getCount() > 0) {
                        HistogramStatistics s = h.getStatistics();
                        to.add(s.getQuantile(q));
                    }
                });
    }

    /** The sum over subtasks of the counters whose identifier ends with {@code suffix}. */
    private static long total(String suffix) {
        return COUNTERS.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + suffix))
                .mapToLong(e -> e.getValue().getCount())
                .sum();
    }

    private static void report(String what, List<Double> p50, List<Double> p99) {
        if (p99.isEmpty()) {
            System.out.printf("%-40s no samples%n", what);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "%-40s p50 median %.1f ms; p99 median %.1f ms, largest %.1f ms (%d samples)%n",
                what,
                median(p50),
                median(p99),
                p99.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                p99.size());
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Keeps each histogram the job registers, in this JVM, for {@link #sample}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricReporter() {
                @Override
                public void open(MetricConfig config) {}

                @Override
                public void close() {}

                @Override
                public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                    if (metric instanceof Histogram h) {
                        HISTOGRAMS.put(group.getMetricIdentifier(name), h);
                    } else if (metric instanceof Counter c) {
                        COUNTERS.put(group.getMetricIdentifier(name), c);
                    }
                }

                @Override
                public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
                    HISTOGRAMS.remove(group.getMetricIdentifier(name));
                    COUNTERS.remove(group.getMetricIdentifier(name));
                }
            };
        }
    }
}
