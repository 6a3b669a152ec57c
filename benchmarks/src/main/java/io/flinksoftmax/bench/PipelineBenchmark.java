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
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Whole-pipeline throughput on a MiniCluster, four variants in one run over the same pre-serialized
 * events from a generator source, each ending in a sink that serializes and drops: (0) bytes — each
 * record's bytes passed through, no parsing; (a) identity — our parse and serialize, no scoring;
 * (b) the scoring job's graph ({@link ScoringJob#builder}); (c) the textbook map function.
 * Parallelism 1. Not a test: run by {@code scripts/bench.sh pipeline}.
 *
 * <p>Arguments: {@code <events per variant> [shape=click10] [one variant only]}.
 */
public final class PipelineBenchmark {

    public static void main(String[] args) throws Exception {
        long count = Long.parseLong(args[0]);
        String shape = args.length > 1 ? args[1] : "click10";
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        byte[][] events = SampleEvents.of(shape, 1024);

        if (args.length > 2) {
            // One variant alone, e.g. under a profiler.
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,.0f events/s%n",
                    args[2],
                    run(args[2], count, events, config));
            return;
        }
        // A short untimed round first, so that class loading and the JIT are not billed to (a).
        run("warm-up", count / 10, events, config);
        double bytes = run("bytes", count, events, config);
        double identity = run("identity", count, events, config);
        double ours = run("scoring", count, events, config);
        double textbook = run("textbook", count, events, config);
        System.out.printf(
                Locale.ROOT,
                "%s, %,d events per variant, parallelism 1%n"
                        + "  (0) bytes     %,10.0f events/s   b/0 = %.2f%n"
                        + "  (a) identity  %,10.0f events/s%n"
                        + "  (b) scoring   %,10.0f events/s   b/a = %.2f%n"
                        + "  (c) textbook  %,10.0f events/s   b/c = %.2f%n",
                shape,
                count,
                bytes,
                ours / bytes,
                identity,
                ours,
                ours / identity,
                textbook,
                ours / textbook);
    }

    private static double run(String variant, long count, byte[][] events, ScoringConfig config)
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
                            .sinkTo(new DiscardingSink<>());
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
        long start = System.nanoTime();
        env.execute(variant);
        double seconds = (System.nanoTime() - start) / 1e9;
        return count / seconds;
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
