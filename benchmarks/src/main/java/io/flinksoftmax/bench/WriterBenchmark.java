package io.flinksoftmax.bench;

import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Path;
import java.util.Arrays;
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
 * The JSON writer alone, on decisions made in advance: our hand-written {@link DecisionJson}
 * against Jackson's {@code JsonGenerator} with pre-encoded names and the fast double writer ({@link
 * JacksonDecisionWriter}), both writing the default (compact) shape. Issue 11: keep the
 * hand-written writer only if this shows a clear win.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class WriterBenchmark {

    private static final int DISTINCT = 256;

    @Param({"click10", "click100", "class10", "class1000"})
    String shape;

    private Decision[] decisions;
    private DecisionJson ours;
    private JacksonDecisionWriter jackson;
    private int next;

    @Setup
    public void setUp() {
        ScoringConfig config = ScoringConfigReader.read(Path.of("config/scoring.yaml"));
        EventParser parser = new EventParser(config);
        Scorer scorer = new Scorer(config);
        byte[][] events = SampleEvents.of(shape, DISTINCT);
        decisions = new Decision[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            ParseResult.Accepted accepted =
                    (ParseResult.Accepted)
                            parser.parse(events[i], events[i].length, events[i].length);
            decisions[i] = scorer.score(accepted.event(), 1764230400000L);
        }
        ours = new DecisionJson(OutputFormat.COMPACT);
        jackson = new JacksonDecisionWriter();
        for (Decision d : decisions) {
            if (!Arrays.equals(ours.toJson(d), jackson.toJson(d))) {
                throw new IllegalStateException("the two writers differ on " + d.id());
            }
        }
    }

    @Benchmark
    public byte[] handWritten() {
        return ours.toJson(decisions[next++ & (DISTINCT - 1)]);
    }

    @Benchmark
    public byte[] jacksonGenerator() {
        return jackson.toJson(decisions[next++ & (DISTINCT - 1)]);
    }
}
