package io.flinksoftmax.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IndexOrderTest {

    @Test
    void sortsHighestFirstAndKeepsInputOrderForEqualKeysAtAnyLength() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 24, 25, 26, 100, 1000}) {
            for (int distinct : new int[] {1, 2, 5, 1000}) {
                double[] keys = new double[n];
                for (int i = 0; i < n; i++) {
                    keys[i] = random.nextInt(distinct);
                }
                assertThat(IndexOrder.sorted(keys))
                        .as("n=%d, %d distinct keys", n, distinct)
                        .containsExactly(reference(keys));
            }
        }
    }

    @Test
    void topKeepsTheEarliestOfEqualKeysAtTheCut() {
        assertThat(IndexOrder.top(new double[] {3, 1, 1}, 2)).containsExactly(0, 1);
        assertThat(IndexOrder.top(new double[] {1, 1, 3, 1}, 2)).containsExactly(2, 0);
        assertThat(IndexOrder.top(new double[] {1, 2}, 5)).containsExactly(1, 0);
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            double[] keys = new double[1 + random.nextInt(40)];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = random.nextInt(4);
            }
            int k = 1 + random.nextInt(10);
            int[] expected = Arrays.copyOf(reference(keys), Math.min(k, keys.length));
            assertThat(IndexOrder.top(keys, k)).as(Arrays.toString(keys)).containsExactly(expected);
        }
    }

    /** A stable sort of the indices by key, highest first. */
    private static int[] reference(double[] keys) {
        return IntStream.range(0, keys.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> keys[i]).reversed())
                .mapToInt(Integer::intValue)
                .toArray();
    }
}
