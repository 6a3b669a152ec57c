package io.flinksoftmax.bench;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.encode.DeadLetterJson;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.operator.ParseEventFunction;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.pipeline.EncodedDecision;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Whole-pipeline throughput on a MiniCluster, four variants in one run over the same pre-serialized
 * events from a generator source, each ending in a sink that serializes and drops: (0) bytes — each
 * record's bytes passed through, no parsing; (a) identity — our parse and serialize, no scoring;
 * (b) the scoring job's graph ({@link ScoringJob#builder}); (c) the textbook map function.
 * Parallelism 1. Not a test: run by {@code scripts/bench.sh pipeline}.
 *
 * <p>Two rates per variant: steady, events over the time from the first record at a sink to the end
 * of the last sink's input ({@link SinkClock}); and wall, events over the whole {@code execute},
 * which also counts the MiniCluster's start and stop, about a second whatever the job: the wall
 * rate understates fast variants most (bytes-through above all), so the ratios are given both ways.
 *
 * <p>Arguments: {@code <events per variant> [shape=click10] [rounds=1 | one variant only]}: with
 * rounds, the variants run in alternating order per round, then the medians and ranges of the
 * ratios.
 */
public final class PipelineBenchmark {

    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[0]);
        String shape = args.length > 1 ? args[1] : "click10";
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        byte[][] events = SampleEvents.of(shape, 1024);

        if (args.length > 2 && !args[2].matches("\\d+")) {
            // One variant alone, e.g. under a profiler.
            Rate rate = run(args[2], count, events, config);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,.0f events/s steady, %,.0f wall%n",
                    args[2],
                    rate.steady(),
                    rate.wall());
            return;
        }
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        // A short untimed round first, so that class loading and the JIT are not billed to (0).
        run("warm-up", count / 10, events, config);
        List<String> variants = List.of("bytes", "identity", "scoring", "textbook");
        double[][] toBytes = new double[2][rounds];
        double[][] toTextbook = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            // Alternating order, so that no variant always runs first or last in a round.
            List<String> order = new ArrayList<>(variants);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            Map<String, Rate> rate = new HashMap<>();
            for (String variant : order) {
                rate.put(variant, run(variant, count, events, config));
            }
            Rate ours = rate.get("scoring");
            toBytes[0][round] = ours.steady() / rate.get("bytes").steady();
            toBytes[1][round] = ours.wall() / rate.get("bytes").wall();
            toTextbook[0][round] = ours.steady() / rate.get("textbook").steady();
            toTextbook[1][round] = ours.wall() / rate.get("textbook").wall();
            System.out.printf(
                    Locale.ROOT,
                    "round %d, %s, %,d events per variant, parallelism 1 (events/s steady | wall)%n"
                            + "  (0) bytes     %,10.0f | %,10.0f   b/0 = %.2f | %.2f%n"
                            + "  (a) identity  %,10.0f | %,10.0f   b/a = %.2f | %.2f%n"
                            + "  (b) scoring   %,10.0f | %,10.0f%n"
                            + "  (c) textbook  %,10.0f | %,10.0f   b/c = %.2f | %.2f%n",
                    round + 1,
                    shape,
                    count,
                    rate.get("bytes").steady(),
                    rate.get("bytes").wall(),
                    toBytes[0][round],
                    toBytes[1][round],
                    rate.get("identity").steady(),
                    rate.get("identity").wall(),
                    ours.steady() / rate.get("identity").steady(),
                    ours.wall() / rate.get("identity").wall(),
                    ours.steady(),
                    ours.wall(),
                    rate.get("textbook").steady(),
                    rate.get("textbook").wall(),
                    toTextbook[0][round],
                    toTextbook[1][round]);
        }
        if (rounds > 1) {
            String[] how = {"steady", "wall"};
            for (int k = 0; k < 2; k++) {
                System.out.printf(
                        Locale.ROOT,
                        "%d rounds, %s: b/0 median %.2f (%.2f-%.2f), b/c median %.2f (%.2f-%.2f)%n",
                        rounds,
                        how[k],
                        median(toBytes[k]),
                        min(toBytes[k]),
                        max(toBytes[k]),
                        median(toTextbook[k]),
                        min(toTextbook[k]),
                        max(toTextbook[k]));
            }
        }
    }

    /** Events per second of one variant: steady ({@link SinkClock}) and over the whole run. */
    private record Rate(double steady, double wall) {}

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static Rate run(String variant, long count, byte[][] events, ScoringConfig config)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        Source<RawEvent, ?, ?> source = generator(events, count);
        switch (variant) {
            case "identity" -> {
                DataStream<RawEvent> raw =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
                raw.process(new ParseEventFunction(config))
                        .map(new UnscoredDecisions(config))
                        .sinkTo(decisionSink());
            }
            case "bytes" ->
                    // Bytes through: the same source and sink, no parsing, no scoring.
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                            .map(raw -> new EncodedDecision(new byte[0], raw.payload()))
                            .returns(ScoringTypes.ENCODED_DECISION)
                            .sinkTo(
                                    new SerializingDiscardSink<EncodedDecision>(
                                            () -> EncodedDecision::json));
            case "textbook" ->
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                            .map(new TextbookScorer())
                            .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                            .sinkTo(new SerializingDiscardSink<byte[]>(() -> bytes -> bytes));
            case "scoring-union" ->
                    // The job's graph with one decisions sink for both scoring operators.
                    ScoringJob.builder(env)
                            .source(source)
                            .decisions(
                                    new SerializingDiscardSink<EncodedDecision>(
                                            () -> EncodedDecision::json))
                            .deadLetters(
                                    new SerializingDiscardSink<DeadLetter>(
                                            () -> new DeadLetterJson()::toJson))
                            .config(config)
                            .build();
            default ->
                    ScoringJob.builder(env)
                            .source(source)
                            // Our operator encodes; the sink only hands the bytes on.
                            .decisions(
                                    new SerializingDiscardSink<EncodedDecision>(
                                            () -> EncodedDecision::json))
                            .assembledDecisions(
                                    new SerializingDiscardSink<EncodedDecision>(
                                            () -> EncodedDecision::json))
                            .deadLetters(
                                    new SerializingDiscardSink<DeadLetter>(
                                            () -> new DeadLetterJson()::toJson))
                            .config(config)
                            .build();
        }
        SinkClock.reset();
        long start = System.nanoTime();
        env.execute(variant);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rate(count / SinkClock.seconds(), count / seconds);
    }

    private static SerializingDiscardSink<Decision> decisionSink() {
        return new SerializingDiscardSink<>(() -> new DecisionJson()::toJson);
    }

    private static Source<RawEvent, ?, ?> generator(byte[][] events, long count) {
        GeneratorFunction<Long, RawEvent> next =
                index -> RawEvent.of(events[(int) (index % events.length)]);
        return new DataGeneratorSource<>(next, count, ScoringTypes.RAW_EVENT);
    }
}
