package io.flinksoftmax.bench;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.operator.AssemblySettings;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Requests of 10 candidates sent whole ({@code click_scores}) against the same requests sent as 10
 * {@code candidate_score} records each, through the scoring job's graph on a MiniCluster
 * (parallelism 1, streaming), in alternating rounds of one run; reports requests per second and the
 * ratio, median of the rounds. Not a test: {@code scripts/bench.sh assembly [requests] [rounds]}.
 */
public final class AssemblyBenchmark {

    private static final int CANDIDATES = 10;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("open")) {
            openRequests(args.length > 1 ? Integer.parseInt(args[1]) : 100_000);
            return;
        }
        long requests = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // The network buffer timeout, ms (the job's --buffer-timeout); Flink's own default without.
        long bufferTimeout = args.length > 2 ? Long.parseLong(args[2]) : -1;
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        byte[][] whole = new byte[1024][];
        byte[][] candidates = new byte[1024 * CANDIDATES][];
        SplittableRandom random = new SplittableRandom(28);
        for (int r = 0; r < 1024; r++) {
            StringBuilder w =
                    new StringBuilder("{\"id\":\"req-" + r + "\",\"kind\":\"click_scores\",")
                            .append("\"placement\":\"feed\",\"model\":\"ctr-v12\",\"ts\":")
                            .append(1764230400000L + r)
                            .append(",\"candidates\":[");
            for (int k = 0; k < CANDIDATES; k++) {
                double score = Math.round(random.nextDouble(-3, 3) * 1e4) / 1e4;
                double bid = Math.round(random.nextDouble(0.1, 4) * 1e3) / 1e3;
                String id = "ad-" + r + "-" + k;
                w.append(k > 0 ? "," : "")
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        "{\"id\":\"%s\",\"score\":%s,\"bid\":%s}",
                                        id,
                                        score,
                                        bid));
                candidates[r * CANDIDATES + k] =
                        String.format(
                                        Locale.ROOT,
                                        "{\"kind\":\"candidate_score\",\"request\":\"req-%d\","
                                                + "\"candidate\":\"%s\",\"score\":%s,\"bid\":%s,"
                                                + "\"expected\":%d,\"placement\":\"feed\","
                                                + "\"model\":\"ctr-v12\",\"ts\":%d}",
                                        r,
                                        id,
                                        score,
                                        bid,
                                        CANDIDATES,
                                        1764230400000L + r)
                                .getBytes(StandardCharsets.UTF_8);
            }
            whole[r] = w.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %s; %,d requests of %d candidates per variant, %d rounds,"
                        + " buffer timeout %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                requests,
                CANDIDATES,
                rounds,
                bufferTimeout >= 0 ? bufferTimeout + " ms" : "Flink's default");
        run(whole, requests / 10, 1, config, bufferTimeout); // warm-up
        run(candidates, requests / 10 * CANDIDATES, CANDIDATES, config, bufferTimeout);
        List<Double> w = new ArrayList<>();
        List<Double> c = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double wr = run(whole, requests, 1, config, bufferTimeout);
            double cr = run(candidates, requests * CANDIDATES, CANDIDATES, config, bufferTimeout);
            w.add(wr);
            c.add(cr);
            ratios.add(cr / wr);
            System.out.printf(
                    Locale.ROOT,
                    "round %d: whole %,10.0f requests/s   candidates %,10.0f requests/s   ratio"
                            + " %.2f%n",
                    i + 1,
                    wr,
                    cr,
                    cr / wr);
        }
        System.out.printf(
                Locale.ROOT,
                "median: whole %,.0f requests/s, candidates %,.0f requests/s, ratio %.2f (min %.2f,"
                        + " max %.2f)%n",
                median(w),
                median(c),
                median(ratios),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /**
     * Requests per second of one run over {@code records} records, with the network buffer timeout
     * {@code bufferTimeout} ms (negative: Flink's default).
     */
    private static double run(
            byte[][] events, long records, int perRequest, ScoringConfig config, long bufferTimeout)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        if (bufferTimeout >= 0) {
            env.setBufferTimeout(bufferTimeout);
        }
        GeneratorFunction<Long, RawEvent> next =
                index -> RawEvent.of(events[(int) (index % events.length)]);
        ScoringJob.builder(env)
                .source(new DataGeneratorSource<>(next, records, ScoringTypes.RAW_EVENT))
                .decisions(new SerializingDiscardSink<EncodedDecision>(() -> EncodedDecision::json))
                .assembledDecisions(
                        new SerializingDiscardSink<EncodedDecision>(() -> EncodedDecision::json))
                .deadLetters(
                        new SerializingDiscardSink<DeadLetter>(() -> new DeadLetterJson()::toJson))
                .config(config)
                // Request ids repeat every 1,024 requests: forget decided ones in time for that.
                .assembly(
                        new AssemblySettings(Duration.ofMillis(50), Duration.ofMillis(50), 100_000))
                .build();
        long start = System.nanoTime();
        env.execute("assembly-bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        return records / (double) perRequest / seconds;
    }

    /**
     * Heap held by {@code open} requests of 10 candidates, 9 of each sent, all open at once (1 h
     * timeout; the end of the input decides them): the largest heap in use after a full GC, sampled
     * every 200 ms while the job runs, minus the same before it starts. The assembler's state is on
     * the heap (HashMap state backend, the default).
     */
    private static void openRequests(int open) throws Exception {
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        int sent = CANDIDATES - 1;
        GeneratorFunction<Long, RawEvent> next =
                index -> {
                    long r = index / sent;
                    long k = index % sent;
                    return RawEvent.of(
                            String.format(
                                            Locale.ROOT,
                                            "{\"kind\":\"candidate_score\",\"request\":\"req-%d\","
                                                    + "\"candidate\":\"ad-%d-%d\",\"score\":%d.25,"
                                                    + "\"bid\":1.5,\"expected\":%d,"
                                                    + "\"placement\":\"feed\",\"model\":\"ctr-v12\","
                                                    + "\"ts\":%d}",
                                            r,
                                            r,
                                            k,
                                            k,
                                            CANDIDATES,
                                            1764230400000L + r)
                                    .getBytes(StandardCharsets.UTF_8));
                };
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        ScoringJob.builder(env)
                .source(new DataGeneratorSource<>(next, (long) open * sent, ScoringTypes.RAW_EVENT))
                .decisions(new SerializingDiscardSink<EncodedDecision>(() -> EncodedDecision::json))
                .assembledDecisions(
                        new SerializingDiscardSink<EncodedDecision>(() -> EncodedDecision::json))
                .deadLetters(
                        new SerializingDiscardSink<DeadLetter>(() -> new DeadLetterJson()::toJson))
                .config(config)
                .assembly(new AssemblySettings(Duration.ofHours(1), Duration.ofHours(1), open))
                .build();
        java.lang.management.MemoryMXBean memory =
                java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        var job = env.executeAsync("assembly-open");
        // The local cluster shuts down with its job: ask the result, not the status.
        var done = job.getJobExecutionResult();
        long peak = before;
        while (!done.isDone()) {
            Thread.sleep(200);
            System.gc();
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
        var result = done.get();
        System.out.printf(
                Locale.ROOT,
                "%,d open requests of %d candidates (%d sent each): peak heap %,d MB above the"
                        + " %,d MB before the job (%,d B per open candidate); partial decisions %s,"
                        + " assembly_overflow %s; max heap %,d MB%n",
                open,
                CANDIDATES,
                sent,
                (peak - before) >> 20,
                before >> 20,
                (peak - before) / ((long) open * sent),
                result.getAllAccumulatorResults().get("softmax.assembly.partial"),
                result.getAllAccumulatorResults()
                        .get(
                                io.flinksoftmax.operator.ScoringMetrics
                                                .ACC_ASSEMBLY_DEAD_LETTERS_PREFIX
                                        + "assembly_overflow"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
