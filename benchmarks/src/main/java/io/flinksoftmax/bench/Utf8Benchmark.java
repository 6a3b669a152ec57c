package io.flinksoftmax.bench;

import io.flinksoftmax.fixtures.SampleEvents;
import io.flinksoftmax.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The strict UTF-8 check on a sample click_scores record (ASCII, about 1 KB): {@link Utf8} against
 * the floor of touching every byte once (a loop that only tests each byte's sign).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class Utf8Benchmark {

    private byte[] record;

    @Setup
    public void setUp() {
        record = SampleEvents.of("click10", 1)[0];
        if (!new String(record, StandardCharsets.UTF_8).chars().allMatch(c -> c < 0x80)) {
            throw new IllegalStateException("expected an ASCII record");
        }
    }

    @Benchmark
    public int strictCheck() {
        return Utf8.firstInvalid(record, record.length);
    }

    @Benchmark
    public int everyByteOnce() {
        for (int i = 0; i < record.length; i++) {
            if (record[i] < 0) {
                return i;
            }
        }
        return -1;
    }
}
