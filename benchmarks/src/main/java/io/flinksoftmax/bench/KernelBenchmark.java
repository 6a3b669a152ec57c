package io.flinksoftmax.bench;

import io.flinksoftmax.kernel.Softmax;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The kernel against its floor and its baseline, per vector of n logits (divide by n for
 * ns/element): {@code expFloor} is {@code Math.exp} alone over the same (shifted) values, the least
 * an exact-exp softmax can cost; {@code strictExpFloor} the same with {@code StrictMath.exp}, the
 * least a bit-reproducible one can cost (the kernel uses it, docs/numerics.md "Numerics"); {@code
 * textbook} the plain shifted formula; {@code softmax} and {@code softmaxAndLog} this project's
 * kernel (probabilities, then also log probabilities).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class KernelBenchmark {

    @Param({"10", "100", "1000", "10000"})
    int n;

    private double[] z;
    private double[] p;
    private double[] logP;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextGaussian() * 3;
        }
        p = new double[n];
        logP = new double[n];
    }

    @Benchmark
    public double expFloor() {
        double max = z[0];
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        return s;
    }

    @Benchmark
    public double strictExpFloor() {
        double max = z[0];
        double s = 0;
        for (double v : z) {
            s += StrictMath.exp(v - max);
        }
        return s;
    }

    @Benchmark
    public void textbook(Blackhole bh) {
        TextbookSoftmax.softmax(z, p, logP);
        bh.consume(p);
    }

    @Benchmark
    public void softmax(Blackhole bh) {
        Softmax.softmax(z, null, 1.0, p, null);
        bh.consume(p);
    }

    @Benchmark
    public void softmaxAndLog(Blackhole bh) {
        Softmax.softmax(z, null, 1.0, p, logP);
        bh.consume(p);
        bh.consume(logP);
    }
}
