package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The writer's number paths that do not go through {@link ShortestDouble}. */
class JsonBufferTest {

    @Test
    void longsAreWrittenAsLongToStringDoes() {
        JsonBuffer out = new JsonBuffer();
        SplittableRandom random = new SplittableRandom(3L);
        long[] edges = {
            0, 9, 10, -1, -9, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, 1764230400000L
        };
        for (long v : edges) {
            assertThat(written(out, v)).isEqualTo(Long.toString(v));
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) { // where the paths meet
            for (long v : new long[] {p - 1, p, p + 1, 10 * p - 1}) {
                assertThat(written(out, v)).isEqualTo(Long.toString(v));
                assertThat(written(out, -v)).isEqualTo(Long.toString(-v));
            }
        }
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextLong() >> random.nextInt(64); // every length, both signs
            assertThat(written(out, v)).isEqualTo(Long.toString(v));
        }
    }

    @Test
    void doublesThatAreNotFiniteAreNullOrNamedInfinities() {
        JsonBuffer out = new JsonBuffer();
        out.number(Double.NaN).raw(',').number(Double.POSITIVE_INFINITY).raw(',');
        out.numberOrInfinity(Double.NEGATIVE_INFINITY).raw(',').numberOrInfinity(-0.0);
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("null,null,\"-Infinity\",-0.0");
    }

    private static String written(JsonBuffer out, long v) {
        out.reset();
        out.number(v);
        return new String(out.toByteArray(), StandardCharsets.US_ASCII);
    }
}
