package io.flinksoftmax.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.encode.DecisionJson;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Experiments in {@code scoring.yaml} (DESIGN §14): variants inherit the policy's keys, the split
 * is GrowthBook's, each variant decides with its own settings, and every decision logs its
 * experiment and variant.
 */
class ExperimentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONFIG =
            "policies:\n"
                    + "  default: {}\n"
                    + "  feed:\n"
                    + "    temperature: 1.0\n"
                    + "    slots: 2\n"
                    + "    shadows: {colder: {temperature: 0.5}}\n"
                    + "    experiment:\n"
                    + "      key: feed-split\n"
                    + "      coverage: 0.9\n"
                    + "      variants:\n"
                    + "        control: {weight: 0.5}\n"
                    + "        warm: {weight: 0.3, temperature: 2.0, slots: 3}\n"
                    + "        explore: {weight: 0.2, exploration: boltzmann, shadows: {}}\n";

    @TempDir Path dir;

    @Test
    void variantsInheritThePolicysKeysTheyDoNotSet() throws IOException {
        ScoringPolicy feed = read(CONFIG).policyFor("feed");
        Experiment x = feed.experiment();
        assertThat(x.key()).isEqualTo("feed-split");
        assertThat(x.seed()).as("the key when not given").isEqualTo("feed-split");
        assertThat(x.coverage()).isEqualTo(0.9);
        assertThat(x.variants())
                .extracting(Variant::name)
                .containsExactly("control", "warm", "explore");
        Variant control = x.variants().get(0);
        assertThat(control.policy().temperature()).isEqualTo(1.0);
        assertThat(control.policy().slots()).isEqualTo(2);
        assertThat(control.policy().shadows()).extracting(Shadow::name).containsExactly("colder");
        Variant warm = x.variants().get(1);
        assertThat(warm.weight()).isEqualTo(0.3);
        assertThat(warm.policy().temperature()).isEqualTo(2.0);
        assertThat(warm.policy().slots()).isEqualTo(3);
        assertThat(warm.policy().experiment()).isNull();
        Variant explore = x.variants().get(2);
        assertThat(explore.policy().exploration().kind()).isEqualTo(Exploration.Kind.BOLTZMANN);
        assertThat(explore.policy().shadows()).isEmpty();
        assertThat(feed.withVersion(5).experiment().variants())
                .allSatisfy(v -> assertThat(v.policy().version()).isEqualTo(5));
    }

    @Test
    void saysWhatIsWrongWithAnExperiment() {
        String head = "policies:\n  default:\n    experiment:\n";
        assertThatThrownBy(() -> read(head + "      variants: {a: {weight: 1}}\n"))
                .hasMessageContaining("policies.default.experiment.key is required");
        assertThatThrownBy(() -> read(head + "      key: k\n      variants: {a: {weight: 0.5}}\n"))
                .hasMessageContaining("weights must add up to 1, got 0.5");
        assertThatThrownBy(
                        () -> read(head + "      key: k\n      variants: {a: {temperature: 2}}\n"))
                .hasMessageContaining("policies.default.experiment.variants.a must be a mapping")
                .hasMessageContaining("weight");
        assertThatThrownBy(
                        () ->
                                read(
                                        head
                                                + "      key: k\n"
                                                + "      variants: {a: {weight: 1, temprature: 2}}\n"))
                .hasMessageContaining(
                        "unknown key 'policies.default.experiment.variants.a.temprature'");
        assertThatThrownBy(
                        () ->
                                read(
                                        head
                                                + "      key: k\n"
                                                + "      variants: {a: {weight: 1, experiment: {}}}\n"))
                .hasMessageContaining(
                        "unknown key 'policies.default.experiment.variants.a.experiment'");
        assertThatThrownBy(
                        () ->
                                read(
                                        head
                                                + "      key: k\n      coverage: 1.5\n"
                                                + "      variants: {a: {weight: 1}}\n"))
                .hasMessageContaining("coverage must be in [0, 1]");
        assertThatThrownBy(() -> read(head + "      key: k\n      variants: {}\n"))
                .hasMessageContaining("variants is required");
        assertThatThrownBy(() -> read(head + "      kee: k\n"))
                .hasMessageContaining("unknown key 'policies.default.experiment.kee'");
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default:\n    shadows:\n"
                                                + "      s: {experiment: {key: k}}\n"))
                .hasMessageContaining("unknown key 'policies.default.shadows.s.experiment'");
    }

    /**
     * 10,000 events from 2,000 units, through the parser and the scorer: every decision's variant
     * is the one an independent recomputation gives (GrowthBook's v2 hash written out here), the
     * same unit always gets the same variant, each variant decides with its own settings, and the
     * decision's JSON logs the experiment and variant.
     */
    @Test
    void eachDecisionIsMadeByItsUnitsVariantAndSaysSo() throws IOException {
        ScoringConfig config = read(CONFIG);
        EventParser parser = new EventParser(config);
        Scorer scorer = new Scorer(config);
        DecisionJson json = new DecisionJson(OutputFormat.FULL);
        SplittableRandom random = new SplittableRandom(26);
        Map<String, String> variantOfUnit = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String unit = "user-" + random.nextInt(2_000);
            byte[] event =
                    ("{\"id\":\"ev-"
                                    + i
                                    + "\",\"kind\":\"click_scores\",\"placement\":\"feed\","
                                    + "\"unit\":\""
                                    + unit
                                    + "\",\"candidates\":["
                                    + "{\"id\":\"a\",\"score\":1.5},{\"id\":\"b\",\"score\":0.5},"
                                    + "{\"id\":\"c\",\"score\":-0.5},{\"id\":\"d\",\"score\":0.1}]}")
                            .getBytes(StandardCharsets.UTF_8);
            var parsed = (ParseResult.Accepted) parser.parse(event, event.length, event.length);
            assertThat(parsed.event().unit()).isEqualTo(unit);
            ClickDecision d = (ClickDecision) scorer.score(parsed.event(), 0L);
            String expected = recompute(unit);
            assertThat(d.assignment().experiment()).isEqualTo("feed-split");
            assertThat(d.assignment().variant()).as(unit).isEqualTo(expected);
            String before = variantOfUnit.putIfAbsent(unit, String.valueOf(expected));
            assertThat(before == null || before.equals(String.valueOf(expected))).isTrue();
            counts.merge(String.valueOf(expected), 1, Integer::sum);
            double temperature = "warm".equals(expected) ? 2.0 : 1.0;
            int slots = "warm".equals(expected) ? 3 : 2;
            assertThat(d.temperature()).isEqualTo(temperature);
            assertThat(d.placedCount()).isEqualTo(slots);
            assertThat(d.policy().exploration().kind())
                    .isEqualTo(
                            "explore".equals(expected)
                                    ? Exploration.Kind.BOLTZMANN
                                    : Exploration.Kind.NONE);
            if (i % 100 == 0) {
                // What attribution keeps carries the arm, for evaluation per variant.
                ClickScores timed = withTs(parsed.event());
                ClickDecision td = (ClickDecision) scorer.score(timed, 0L);
                var impression = io.flinksoftmax.calibration.Impression.of(td);
                assertThat(impression.experiment).isEqualTo("feed-split");
                assertThat(impression.variant).isEqualTo(expected);
            }
            JsonNode out = JSON.readTree(json.toJson(d, null));
            assertThat(out.get("experiment").asText()).isEqualTo("feed-split");
            assertThat(out.get("variant").isNull() ? null : out.get("variant").asText())
                    .isEqualTo(expected);
        }
        assertThat(counts).containsKeys("control", "warm", "explore", "null");
        // About 10 % of the units are outside the 0.9 coverage.
        assertThat(counts.get("null")).isBetween(600, 1_400);
    }

    /**
     * {@link Experiment#assign} walks the ranges without building them: it agrees with {@link
     * io.flinksoftmax.experiment.Buckets}' ranges and choice (the GrowthBook-tested path) for
     * 20,000 units under uneven weights at several coverages.
     */
    @Test
    void assignAgreesWithTheGrowthBookTestedRangesAndChoice() {
        ScoringPolicy p = new ScoringPolicy("p", Mode.SOFTMAX, 1, 1, RankBy.PROBABILITY, 0, 1);
        double[] weights = {0.15, 0.35, 0.0, 0.5};
        for (double coverage : new double[] {0.0, 0.33, 0.9, 1.0}) {
            java.util.List<Variant> variants = new java.util.ArrayList<>();
            for (int i = 0; i < weights.length; i++) {
                variants.add(new Variant("v" + i, weights[i], p));
            }
            Experiment x = new Experiment("k", "seed-1", coverage, variants);
            double[][] ranges = io.flinksoftmax.experiment.Buckets.ranges(4, coverage, weights);
            for (int u = 0; u < 5_000; u++) {
                String unit = "unit-" + u;
                int i =
                        io.flinksoftmax.experiment.Buckets.choose(
                                io.flinksoftmax.experiment.Buckets.hash("seed-1", unit, 2), ranges);
                Variant v = x.assign(unit);
                assertThat(v == null ? -1 : variants.indexOf(v)).as(unit).isEqualTo(i);
            }
        }
    }

    /** An event without a unit is its own unit: the id decides. */
    @Test
    void withoutAUnitTheEventsIdIsTheUnit() throws IOException {
        ScoringConfig config = read(CONFIG);
        Scorer scorer = new Scorer(config);
        EventParser parser = new EventParser(config);
        byte[] event =
                ("{\"id\":\"user-42\",\"kind\":\"click_scores\",\"placement\":\"feed\","
                                + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}")
                        .getBytes(StandardCharsets.UTF_8);
        Decision d =
                scorer.score(
                        ((ParseResult.Accepted) parser.parse(event, event.length, event.length))
                                .event(),
                        0L);
        assertThat(d.assignment().variant()).isEqualTo(recompute("user-42"));
        byte[] unplaced =
                ("{\"id\":\"user-42\",\"kind\":\"click_scores\",\"unit\":\"u\","
                                + "\"candidates\":[{\"id\":\"a\",\"score\":1}]}")
                        .getBytes(StandardCharsets.UTF_8);
        Decision plain =
                new Scorer(ScoringConfig.defaults())
                        .score(
                                ((ParseResult.Accepted)
                                                new EventParser(ScoringConfig.defaults())
                                                        .parse(
                                                                unplaced,
                                                                unplaced.length,
                                                                unplaced.length))
                                        .event(),
                                0L);
        assertThat(plain.assignment()).as("no experiment, no assignment").isNull();
    }

    /**
     * Policy documents start, change and stop an experiment: changing a variant's keys keeps every
     * unit's variant, raising the coverage moves no assigned unit, stopping it ends assignments.
     */
    @Test
    void documentsStartChangeAndStopAnExperimentWithoutMovingUnits() {
        ScoringConfig base = ScoringConfig.defaults();
        String start =
                "{\"version\":1,\"policies\":{\"default\":{\"experiment\":{\"key\":\"x\","
                        + "\"coverage\":0.5,\"variants\":{\"a\":{\"weight\":0.5},"
                        + "\"b\":{\"weight\":0.5}}}}}}";
        ScoringConfig v1 = document(start, base);
        ScoringConfig v2 =
                document(
                        start.replace("\"version\":1", "\"version\":2")
                                .replace(
                                        "\"b\":{\"weight\":0.5}",
                                        "\"b\":{\"weight\":0.5,\"temperature\":3}"),
                        v1);
        ScoringConfig v3 =
                document(
                        start.replace("\"version\":1", "\"version\":3")
                                .replace("\"coverage\":0.5", "\"coverage\":0.9"),
                        v2);
        ScoringConfig v4 = document("{\"version\":4,\"policies\":{\"default\":{}}}", v3);
        assertThat(v2.policyFor(null).experiment().variants().get(1).policy().temperature())
                .isEqualTo(3.0);
        int moved = 0;
        int assigned = 0;
        for (int u = 0; u < 5_000; u++) {
            String unit = "u-" + u;
            Variant first = v1.policyFor(null).experiment().assign(unit);
            Variant changed = v2.policyFor(null).experiment().assign(unit);
            Variant wider = v3.policyFor(null).experiment().assign(unit);
            assertThat(name(changed)).isEqualTo(name(first));
            if (first != null) {
                assigned++;
                moved += first.name().equals(name(wider)) ? 0 : 1;
            }
        }
        assertThat(assigned).isBetween(2_200, 2_800);
        assertThat(moved).isZero();
        assertThat(v4.policyFor(null).experiment()).isNull();
    }

    private static String name(Variant v) {
        return v == null ? null : v.name();
    }

    private static ScoringConfig document(String json, ScoringConfig base) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return ((PolicyDocuments.Valid) PolicyDocuments.read(b, b.length, base)).config();
    }

    private static ClickScores withTs(io.flinksoftmax.event.ScoringEvent e) {
        ClickScores c = (ClickScores) e;
        return new ClickScores(
                c.id(),
                c.model(),
                c.placement(),
                1764230400000L,
                c.temperature(),
                c.candidateIds(),
                c.scores(),
                c.bids(),
                c.eligible(),
                c.unit());
    }

    /** The variant of {@code unit} in the test's experiment, computed here from the spec. */
    private static String recompute(String unit) {
        long inner = fnv("feed-split" + unit);
        double n = (fnv(Long.toString(inner)) % 10_000) / 10_000.0;
        String[] names = {"control", "warm", "explore"};
        double[] weights = {0.5, 0.3, 0.2};
        double start = 0;
        for (int i = 0; i < names.length; i++) {
            if (n >= start && n < start + 0.9 * weights[i]) {
                return names[i];
            }
            start += weights[i];
        }
        return null;
    }

    private static long fnv(String s) {
        long h = 0x811c9dc5L;
        for (char c : s.toCharArray()) {
            h = ((h ^ c) * 0x01000193L) & 0xffffffffL;
        }
        return h;
    }

    private ScoringConfig read(String yaml) throws IOException {
        Path file = dir.resolve("scoring.yaml");
        Files.writeString(file, yaml);
        return ScoringConfigReader.read(file);
    }
}
