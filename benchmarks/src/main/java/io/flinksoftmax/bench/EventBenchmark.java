package io.flinksoftmax.bench;

import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.EventTimestamps;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One event through the operator chain's work, without Flink: parse + validate + score + decide +
 * serialize, as the parse and scoring operators and the sink's serializer do it. Run with {@code
 * -prof gc} for the bytes allocated per event ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventBenchmark {

    /** Distinct events cycled through, so branch predictors do not learn a single one. */
    private static final int DISTINCT = 256;

    @Param({"click10", "click100", "class10", "class1000"})
    String shape;

    private byte[][] events;
    private RawEvent[] raws;
    private RecordPipeline pipeline;
    private EventParser parser;
    private Scorer scorer;
    private DecisionJson json;
    private int next;

    @Setup
    public void setUp() {
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        events = SampleEvents.of(shape, DISTINCT);
        parser = new EventParser(config);
        scorer = new Scorer(config);
        json = new DecisionJson();
        raws = new RawEvent[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            raws[i] = RawEvent.of(events[i]);
        }
        pipeline = new RecordPipeline(config);
    }

    /**
     * What the job's scoring operator does per record ({@link RecordPipeline#process}): parse,
     * validate, score into reused arrays, encode, and the sink's key. The source's {@link RawEvent}
     * is made in advance.
     */
    @Benchmark
    public Outcome pipeline() {
        return pipeline.process(raws[next++ & (DISTINCT - 1)], 1764230400000L);
    }

    /** The library's path: the decision a value of its own (new arrays). */
    @Benchmark
    public byte[] parseScoreSerialize() {
        byte[] event = events[next++ & (DISTINCT - 1)];
        ParseResult.Accepted accepted =
                (ParseResult.Accepted) parser.parse(event, event.length, event.length);
        return json.toJson(scorer.score(accepted.event(), 1764230400000L));
    }

    /** Parsing and validation alone, the larger part of {@link #parseScoreSerialize}. */
    @Benchmark
    public ParseResult parse() {
        byte[] event = events[next++ & (DISTINCT - 1)];
        return parser.parse(event, event.length, event.length);
    }

    /**
     * What a source adds per event when the job attributes feedback: its timestamp assigner reads
     * the top-level {@code ts} (README "Event time"). Compare with {@link #parseScoreSerialize}.
     */
    @Benchmark
    public long sourceTimestamp() {
        byte[] event = events[next++ & (DISTINCT - 1)];
        return EventTimestamps.ts(RawEvent.of(event));
    }
}
