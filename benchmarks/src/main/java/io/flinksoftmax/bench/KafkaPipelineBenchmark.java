package io.flinksoftmax.bench;

import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.job.JobEnvironment;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end throughput and latency of the scoring job between real Kafka topics (not a test; run
 * by {@code scripts/bench-kafka.sh}). For each delivery guarantee and each load (a fixed rate, then
 * as fast as one producer can send), it starts the job embedded, warms it up, produces 10-candidate
 * click events stamped with their send time in {@code ts}, and reads the decisions back with a
 * read_committed consumer: latency = time the decision is readable - {@code ts}.
 *
 * <p>Each guarantee's runs are, at each fixed rate and then at full speed, the identity job (same
 * connectors and settings, bytes through) and the scoring job, in the same run. {@code
 * BENCH_GUARANTEES} (e.g. {@code at-least-once}) limits the guarantees measured.
 *
 * <p>Arguments: {@code <bootstrap servers> <fixed rates/s, comma-separated> <seconds at each rate>
 * <events at full speed> <checkpoint interval> <parallelism> [job options...]}; the job options
 * (e.g. {@code --kafka.linger.ms=0}) are added to the job's command line, to measure a setting.
 */
public final class KafkaPipelineBenchmark {

    private static final int WARM_UP_EVENTS = 50_000;

    /** Thirteen digits: epoch milliseconds until the year 2286. */
    private static final byte[] TS_PLACEHOLDER =
            "0000000000000".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int[] rates = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[2]);
        int fullSpeedEvents = Integer.parseInt(args[3]);
        String checkpointInterval = args[4];
        String parallelism = args[5];
        String[] extra = Arrays.copyOfRange(args, 6, args.length);
        System.out.printf(
                "%-9s %-14s %-18s %10s %12s %9s %9s %9s %9s%n",
                "job",
                "guarantee",
                "load",
                "events",
                "events/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "max ms");
        String guarantees =
                System.getenv().getOrDefault("BENCH_GUARANTEES", "at-least-once,exactly-once");
        for (String guarantee : guarantees.split(",")) {
            for (int rate : rates) {
                // The identity job at the same rate first: what the connectors alone cost.
                for (boolean identity : new boolean[] {true, false}) {
                    run(
                            identity,
                            bootstrap,
                            guarantee,
                            rate,
                            rate * seconds,
                            checkpointInterval,
                            parallelism,
                            extra);
                }
            }
            // Full speed, the identity job (same connectors and guarantee, bytes through) first.
            for (boolean identity : new boolean[] {true, false}) {
                run(
                        identity,
                        bootstrap,
                        guarantee,
                        0,
                        fullSpeedEvents,
                        checkpointInterval,
                        parallelism,
                        extra);
            }
        }
    }

    private static void run(
            boolean identity,
            String bootstrap,
            String guarantee,
            int rate,
            int events,
            String checkpointInterval,
            String parallelism,
            String[] extra)
            throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String input = "bench-scores-" + suffix;
        String output = "bench-decisions-" + suffix;
        createTopics(bootstrap, input, output, "bench-dead-letters-" + suffix);
        String[] all =
                jobArguments(
                        bootstrap,
                        input,
                        suffix,
                        guarantee,
                        checkpointInterval,
                        parallelism,
                        extra);
        JobOptions options = JobOptions.parse(all);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (identity) {
            identityJob(options, env);
        } else {
            ScoringJob.fromOptions(options, env, KafkaConnectors.source(options.kafka()).build());
        }
        JobClient job = env.executeAsync("bench-" + guarantee);
        try (Reader reader = new Reader(bootstrap, output)) {
            Thread readerThread = new Thread(reader, "decision-reader");
            readerThread.start();
            byte[][] payloads = payloads(Math.max(events, WARM_UP_EVENTS));
            produce(bootstrap, input, payloads, WARM_UP_EVENTS, 0);
            reader.awaitCount(WARM_UP_EVENTS);
            reader.startMeasuring();
            long produceStart = System.nanoTime();
            produce(bootstrap, input, payloads, events, rate);
            reader.awaitCount(events);
            reader.stop();
            readerThread.join();
            long[] latencies = reader.latencies();
            Arrays.sort(latencies);
            // From the first event sent to the last decision readable. Not from the first
            // decision read: exactly-once output arrives in bursts at each commit, and a span
            // between bursts would credit it with the burst's rate, not the job's.
            double spanSeconds = (reader.lastReceiveNanos - produceStart) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "%-9s %-14s %-18s %,10d %,12.0f %9d %9d %9d %9d%n",
                    identity ? "identity" : "scoring",
                    guarantee,
                    rate > 0 ? String.format(Locale.ROOT, "fixed %,d/s", rate) : "full speed",
                    latencies.length,
                    latencies.length / spanSeconds,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.90),
                    percentile(latencies, 0.99),
                    latencies[latencies.length - 1]);
        } finally {
            job.cancel().get();
            try {
                job.getJobExecutionResult().get();
            } catch (ExecutionException cancelled) {
                // expected: the job was cancelled
            }
        }
    }

    /**
     * The baseline: the same Kafka source and decision sink, with the same settings and guarantee
     * as the scoring job ({@link ScoringJob#fromOptions} configures both alike), and each record's
     * bytes passed through unparsed in place of a decision.
     */
    private static void identityJob(JobOptions options, StreamExecutionEnvironment env) {
        JobEnvironment.configure(options, env);
        env.fromSource(
                        KafkaConnectors.source(options.kafka()).build(),
                        WatermarkStrategy.noWatermarks(),
                        "events")
                .uid(ScoringJob.SOURCE_UID)
                .map(raw -> new EncodedDecision(new byte[0], raw.payload()))
                .returns(ScoringTypes.ENCODED_DECISION)
                .name("identity")
                .uid("identity")
                .sinkTo(KafkaConnectors.decisionSink(options.kafka()))
                .name(ScoringJob.DECISIONS_SINK_UID)
                .uid(ScoringJob.DECISIONS_SINK_UID);
    }

    /**
     * The job's command line between topics named after {@code suffix} (decisions {@code
     * bench-decisions-<suffix>}, dead letters {@code bench-dead-letters-<suffix>}), reading {@code
     * input} from the earliest offset; {@code extra} ({@code --key value} pairs) adds options or
     * replaces these.
     */
    static String[] jobArguments(
            String bootstrap,
            String input,
            String suffix,
            String guarantee,
            String checkpointInterval,
            String parallelism,
            String[] extra) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("--scoring-config", "../config/scoring.yaml");
        args.put("--source", "kafka");
        args.put("--bootstrap-servers", bootstrap);
        args.put("--input-topic", input);
        args.put("--output-topic", "bench-decisions-" + suffix);
        args.put("--dead-letter-topic", "bench-dead-letters-" + suffix);
        args.put("--group-id", "bench-" + suffix);
        args.put("--starting-offsets", "earliest");
        args.put("--delivery-guarantee", guarantee);
        args.put("--transactional-id-prefix", "bench-" + suffix);
        args.put("--checkpoint-interval", checkpointInterval);
        args.put("--parallelism", parallelism);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            args.put(extra[i], extra[i + 1]);
        }
        List<String> argv = new ArrayList<>();
        args.forEach(
                (key, value) -> {
                    argv.add(key);
                    argv.add(value);
                });
        return argv.toArray(String[]::new);
    }

    private static long percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** 10-candidate click events; {@code ts} is filled in at send time. */
    private static byte[][] payloads(int count) {
        SplittableRandom random = new SplittableRandom(1);
        byte[][] payloads = new byte[count][];
        String placeholder = "\"ts\":" + new String(TS_PLACEHOLDER, StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            String json = SampleEvents.clickScores("b-" + i, 10, "home_top", random);
            payloads[i] =
                    json.replaceFirst("\"ts\":\\d+", placeholder).getBytes(StandardCharsets.UTF_8);
        }
        return payloads;
    }

    /**
     * Sends {@code count} events, at {@code rate} per second or (0) as fast as possible. Paced in 1
     * ms ticks (all events due in a tick, then a park): a park per event would cost the shared CPU
     * a syscall per event. The send time is patched into the prepared bytes in place.
     */
    private static void produce(
            String bootstrap, String topic, byte[][] payloads, int count, int rate) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            long start = System.nanoTime();
            int sent = 0;
            while (sent < count) {
                int due =
                        rate > 0
                                ? (int)
                                        Math.min(
                                                count,
                                                (System.nanoTime() - start) * rate / 1_000_000_000L
                                                        + 1)
                                : count;
                for (; sent < due; sent++) {
                    byte[] value = payloads[sent].clone();
                    stampSendTime(value, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(topic, value));
                }
                if (rate > 0) {
                    LockSupport.parkNanos(1_000_000L);
                }
            }
            producer.flush();
        }
    }

    /** Writes the 13 digits of {@code millis} over the placeholder of {@code "ts":}. */
    private static void stampSendTime(byte[] json, long millis) {
        int at = indexOf(json, TS_PLACEHOLDER);
        for (int k = TS_PLACEHOLDER.length - 1; k >= 0; k--) {
            json[at + k] = (byte) ('0' + millis % 10);
            millis /= 10;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found");
    }

    static void createTopics(String bootstrap, String... topics) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, 2, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    /** Reads decisions as a read_committed consumer and records each one's latency. */
    private static final class Reader implements Runnable, AutoCloseable {
        private static final byte[] EVENT_TS = "\"event_ts\":".getBytes(StandardCharsets.UTF_8);
        private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.UTF_8);

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile boolean measuring;
        private volatile int count;
        private long[] latencies = new long[1 << 20];
        private int measured;
        volatile long lastReceiveNanos;

        Reader(String bootstrap, String topic) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + topic);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            p.put(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            consumer = new KafkaConsumer<>(p);
            consumer.subscribe(List.of(topic));
        }

        @Override
        public void run() {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    if (measuring) {
                        lastReceiveNanos = System.nanoTime();
                        if (measured == latencies.length) {
                            latencies = Arrays.copyOf(latencies, 2 * measured);
                        }
                        latencies[measured++] = now - eventTs(record.value());
                    }
                    count++;
                }
            }
        }

        void startMeasuring() {
            count = 0;
            measuring = true;
        }

        void awaitCount(int expected) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (count < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("decisions stopped arriving at " + count);
                }
                Thread.sleep(10);
            }
        }

        void stop() {
            running.set(false);
        }

        long[] latencies() {
            return Arrays.copyOf(latencies, measured);
        }

        /**
         * The decision's {@code event_ts}, found from the end (it is the next-to-last field); for
         * the identity job, whose output is the event itself, the event's {@code ts}.
         */
        private static long eventTs(byte[] json) {
            long ts = find(json, EVENT_TS);
            return ts >= 0 ? ts : find(json, TS);
        }

        private static long find(byte[] json, byte[] field) {
            outer:
            for (int i = json.length - field.length; i >= 0; i--) {
                for (int k = 0; k < field.length; k++) {
                    if (json[i + k] != field[k]) {
                        continue outer;
                    }
                }
                long value = 0;
                for (int j = i + field.length;
                        j < json.length && json[j] >= '0' && json[j] <= '9';
                        j++) {
                    value = value * 10 + (json[j] - '0');
                }
                return value;
            }
            return -1;
        }

        @Override
        public void close() {
            stop();
            consumer.close();
        }
    }
}
