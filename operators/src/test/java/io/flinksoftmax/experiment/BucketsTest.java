package io.flinksoftmax.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The assignment against GrowthBook's published SDK test cases (test resource {@code
 * experiment/growthbook-cases.json}: their {@code hash}, {@code getBucketRange} and {@code
 * chooseVariation} sections, carried as data), and the properties a running experiment needs.
 */
class BucketsTest {

    private static final JsonNode CASES = cases();

    @Test
    void growthBooksHashCasesPass() {
        int checked = 0;
        for (JsonNode c : CASES.get("hash")) {
            double expected = c.get(3).isNull() ? Double.NaN : c.get(3).asDouble();
            // Boxed: an unknown version is NaN for us and null for GrowthBook, and NaN equals NaN.
            assertThat(
                            Double.valueOf(
                                    Buckets.hash(
                                            c.get(0).asText(),
                                            c.get(1).asText(),
                                            c.get(2).asInt())))
                    .as("hash(%s, %s, v%s)", c.get(0), c.get(1), c.get(2))
                    .isEqualTo(Double.valueOf(expected));
            checked++;
        }
        assertThat(checked).isEqualTo(15);
    }

    /** Compared as GrowthBook's own test does: each bound floored to 1e-8. */
    @Test
    void growthBooksBucketRangeCasesPass() {
        int checked = 0;
        for (JsonNode c : CASES.get("getBucketRange")) {
            JsonNode in = c.get(1);
            double[] weights = null;
            if (!in.get(2).isNull()) {
                weights = new double[in.get(2).size()];
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = in.get(2).get(i).asDouble();
                }
            }
            double[][] ranges = Buckets.ranges(in.get(0).asInt(), in.get(1).asDouble(), weights);
            JsonNode expected = c.get(2);
            assertThat(ranges.length).as(c.get(0).asText()).isEqualTo(expected.size());
            for (int i = 0; i < ranges.length; i++) {
                for (int k = 0; k < 2; k++) {
                    assertThat(floor(ranges[i][k]))
                            .as("%s, variant %s", c.get(0).asText(), i)
                            .isEqualTo(floor(expected.get(i).get(k).asDouble()));
                }
            }
            checked++;
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    void growthBooksChooseVariationCasesPass() {
        int checked = 0;
        for (JsonNode c : CASES.get("chooseVariation")) {
            JsonNode r = c.get(2);
            double[][] ranges = new double[r.size()][];
            for (int i = 0; i < ranges.length; i++) {
                ranges[i] = new double[] {r.get(i).get(0).asDouble(), r.get(i).get(1).asDouble()};
            }
            assertThat(Buckets.choose(c.get(1).asDouble(), ranges))
                    .as(c.get(0).asText())
                    .isEqualTo(c.get(3).asInt());
            checked++;
        }
        assertThat(checked).isEqualTo(13);
    }

    /**
     * Raising coverage never moves an assigned unit: over 20,000 seeded units and every pair of
     * coverages on a 0.05 grid, a unit in variant i at the lower coverage is in variant i at the
     * higher one (ranges only grow from fixed starts).
     */
    @Test
    void raisingCoverageNeverMovesAnAssignedUnit() {
        SplittableRandom random = new SplittableRandom(26);
        double[] weights = {0.2, 0.3, 0.5};
        for (int u = 0; u < 20_000; u++) {
            double n = Buckets.hash("exp-seed", "user-" + random.nextLong(), 2);
            int before = -1;
            for (int step = 0; step <= 20; step++) {
                int now = Buckets.choose(n, Buckets.ranges(3, step / 20.0, weights));
                if (before >= 0) {
                    assertThat(now).as("unit at %s, coverage %s", n, step / 20.0).isEqualTo(before);
                }
                before = now >= 0 ? now : before;
            }
        }
    }

    /** A string of UTF-16 code units beyond Latin-1 and surrogates hashes by its code units. */
    @Test
    void theHashRunsOverUtf16CodeUnits() {
        long h = 0x811c9dc5L;
        for (char ch : "é😀".toCharArray()) {
            h = ((h ^ ch) * 0x01000193L) & 0xffffffffL;
        }
        assertThat(Buckets.fnv1a32("é😀")).isEqualTo(h);
        assertThat(Buckets.hash("s", "é😀", 2)).isBetween(0.0, 0.9999);
    }

    private static double floor(double v) {
        return Math.floor(v * 1e8) / 1e8;
    }

    private static JsonNode cases() {
        try (InputStream in =
                BucketsTest.class.getResourceAsStream("/experiment/growthbook-cases.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
