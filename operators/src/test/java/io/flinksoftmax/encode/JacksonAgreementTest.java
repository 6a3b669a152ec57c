package io.flinksoftmax.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flinksoftmax.decision.ClassDecision;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Confidence;
import io.flinksoftmax.decision.Decision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.event.ClassLogits;
import io.flinksoftmax.event.ClickScores;
import io.flinksoftmax.policy.Exploration;
import io.flinksoftmax.policy.Limits;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.OutputFormat;
import io.flinksoftmax.policy.RankBy;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Our hand-written writer against Jackson's: for random decisions of both kinds, both shapes,
 * strings from the whole of Unicode (quotes, backslashes, control characters, emoji) and doubles of
 * every magnitude (subnormal, huge, negative zero, infinite log probabilities), the bytes of {@link
 * DecisionJson} equal what {@link ObjectMapper} writes for the same fields, built here
 * independently as a tree.
 */
class JacksonAgreementTest {

    /**
     * Jackson's shortest double formatter (Schubfach), as ours; and characters beyond U+FFFF as
     * four UTF-8 bytes, as ours, instead of Jackson's default pair of {@code \\u} escapes (both are
     * valid JSON; raw UTF-8 is the smaller).
     */
    private static final ObjectWriter JACKSON =
            new ObjectMapper()
                    .writer()
                    .with(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void writesTheSameBytesAsJacksonForRandomDecisions() throws Exception {
        SplittableRandom random = new SplittableRandom(23);
        DecisionJson compact = new DecisionJson(OutputFormat.COMPACT);
        DecisionJson full = new DecisionJson(OutputFormat.FULL);
        for (int round = 0; round < 3000; round++) {
            Mode mode = random.nextBoolean() ? Mode.SOFTMAX : Mode.SIGMOID;
            ScoringPolicy policy =
                    new ScoringPolicy(
                            "default",
                            mode,
                            0.5 + random.nextDouble() * 2,
                            random.nextInt(4),
                            random.nextBoolean() ? RankBy.PROBABILITY : RankBy.EXPECTED_VALUE,
                            random.nextInt(3) == 0 ? 0.1 : 0.0,
                            1 + random.nextInt(4),
                            exploration(random),
                            random.nextInt(3) == 0 ? random.nextLong(Long.MAX_VALUE) : 0L);
            Scorer scorer =
                    new Scorer(new ScoringConfig(Map.of("default", policy), Limits.DEFAULTS));
            Decision d = scorer.score(random.nextBoolean() ? click(random) : classes(random), 7L);
            for (boolean isFull : new boolean[] {false, true}) {
                byte[] ours = (isFull ? full : compact).toJson(d);
                byte[] jackson = JACKSON.writeValueAsBytes(tree(d, isFull));
                assertThat(new String(ours, StandardCharsets.UTF_8))
                        .as("round %d, %s", round, isFull ? "full" : "compact")
                        .isEqualTo(new String(jackson, StandardCharsets.UTF_8));
                assertThat(ours).isEqualTo(jackson);
            }
        }
    }

    // ---- the fields of docs/events-and-decisions.md "Output", built with Jackson's tree model
    // ----

    private static ObjectNode tree(Decision d, boolean full) {
        ObjectNode o = NODES.objectNode();
        o.put("id", d.id());
        o.put("kind", d.event().kind().wireName());
        if (full) {
            o.put("placement", d.event().placement());
        }
        o.put("model", d.event().model());
        o.put("policy", d.policy().name());
        o.put("policy_version", d.policy().version());
        o.put("mode", d.policy().mode().wireName());
        o.set("temperature", number(d.temperature()));
        if (d instanceof ClickDecision c) {
            click(o, c, full);
        } else {
            classes(o, (ClassDecision) d, full);
        }
        Confidence c = d.confidence();
        ObjectNode confidence = o.putObject("confidence");
        confidence.set("top_probability", number(c.topProbability()));
        confidence.set("margin", number(c.margin()));
        confidence.set("entropy", number(c.entropy()));
        confidence.set("normalized_entropy", number(c.normalizedEntropy()));
        if (d.event().hasEventTs()) {
            o.put("event_ts", d.event().eventTs());
        } else {
            o.putNull("event_ts");
        }
        o.put("scored_ts", d.scoredTs());
        return o;
    }

    private static void click(ObjectNode o, ClickDecision d, boolean full) {
        ClickScores e = d.event();
        if (!full) {
            ArrayNode ranked = o.putArray("ranked");
            ArrayNode probabilities = o.putArray("probabilities");
            for (int i : d.order()) {
                ranked.add(e.candidateIds()[i]);
                probabilities.add(number(d.probabilities()[i]));
            }
        } else {
            o.put("rank_by", d.policy().rankBy().wireName());
            ArrayNode candidates = o.putArray("candidates");
            int rank = 0;
            for (int i : d.order()) {
                ObjectNode c = candidates.addObject();
                c.put("id", e.candidateIds()[i]);
                c.set("score", number(e.scores()[i]));
                c.set("bid", number(e.bids()[i]));
                c.put("eligible", e.eligible()[i]);
                c.set("probability", number(d.probabilities()[i]));
                c.set(
                        "log_probability",
                        e.eligible()[i]
                                ? numberOrInfinity(d.logProbabilities()[i])
                                : NODES.nullNode());
                c.set("expected_value", number(d.expectedValue(i)));
                c.put("rank", ++rank);
                if (d.slots()[i] > 0) {
                    c.put("slot", d.slots()[i]);
                    c.set("propensity", number(d.propensities()[i]));
                } else {
                    c.putNull("slot");
                    c.putNull("propensity");
                }
            }
        }
        ArrayNode placed = o.putArray("placed");
        d.placed().forEach(placed::add);
        if (!full) {
            ArrayNode propensities = o.putArray("propensities");
            for (int i : d.placedIndices()) {
                propensities.add(number(d.propensities()[i]));
            }
        }
        o.set("ranking_propensity", number(d.rankingPropensity()));
    }

    private static Exploration exploration(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> Exploration.NONE;
            case 1 -> new Exploration(Exploration.Kind.BOLTZMANN, 0, random.nextLong());
            default ->
                    new Exploration(
                            Exploration.Kind.EPSILON_GREEDY,
                            random.nextDouble(),
                            random.nextLong());
        };
    }

    private static void classes(ObjectNode o, ClassDecision d, boolean full) {
        ClassLogits e = d.event();
        o.put("predicted", d.predicted());
        if (full) {
            ArrayNode probabilities = o.putArray("probabilities");
            for (double p : d.probabilities()) {
                probabilities.add(number(p));
            }
            ArrayNode logProbabilities = o.putArray("log_probabilities");
            for (double logP : d.logProbabilities()) {
                logProbabilities.add(numberOrInfinity(logP));
            }
        }
        ArrayNode topK = o.putArray("top_k");
        for (int i : d.topK()) {
            topK.addObject()
                    .put("label", e.labelAt(i))
                    .set("probability", number(d.probabilities()[i]));
        }
        if (full) {
            o.put("label", e.label());
            o.set("loss", numberOrInfinity(d.loss()));
            if (d.correct() == null) {
                o.putNull("correct");
            } else {
                o.put("correct", d.correct());
            }
        }
    }

    /** The contract: a non-finite number is {@code null}. */
    private static com.fasterxml.jackson.databind.JsonNode number(double v) {
        return Double.isFinite(v) ? NODES.numberNode(v) : NODES.nullNode();
    }

    /** The contract: an infinity that is a legitimate result is a string. */
    private static com.fasterxml.jackson.databind.JsonNode numberOrInfinity(double v) {
        if (Double.isInfinite(v)) {
            return NODES.textNode(v > 0 ? "Infinity" : "-Infinity");
        }
        return number(v);
    }

    // ---- random events ----

    private static ClickScores click(SplittableRandom r) {
        int n = 1 + r.nextInt(12);
        String[] ids = new String[n];
        double[] scores = new double[n];
        double[] bids = new double[n];
        boolean[] eligible = new boolean[n];
        for (int i = 0; i < n; i++) {
            ids[i] = text(r) + "#" + i; // unique
            scores[i] = value(r);
            bids[i] = r.nextInt(4) == 0 ? Double.NaN : r.nextInt(5) == 0 ? 0.0 : Math.abs(value(r));
            eligible[i] = i == 0 || r.nextInt(5) != 0;
        }
        return new ClickScores(
                text(r),
                r.nextBoolean() ? null : text(r),
                null,
                r.nextBoolean() ? io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS : r.nextLong(),
                r.nextInt(3) == 0 ? Math.pow(10, r.nextDouble(-3, 3)) : Double.NaN,
                ids,
                scores,
                bids,
                eligible);
    }

    private static ClassLogits classes(SplittableRandom r) {
        int n = 1 + r.nextInt(8);
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
            logits[i] = value(r);
        }
        String[] labels = null;
        if (r.nextBoolean()) {
            labels = new String[n];
            for (int i = 0; i < n; i++) {
                labels[i] = text(r) + "#" + i;
            }
        }
        String label =
                r.nextInt(3) == 0
                        ? null
                        : labels == null ? Integer.toString(r.nextInt(n)) : labels[r.nextInt(n)];
        return new ClassLogits(
                text(r),
                r.nextBoolean() ? null : text(r),
                null,
                io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS,
                Double.NaN,
                logits,
                labels,
                label);
    }

    /** Doubles of every magnitude: tiny, huge, subnormal, zero of both signs, extreme. */
    private static double value(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextGaussian() * 3;
            case 1 -> r.nextGaussian() * 1e3;
            case 2 -> (r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-320, 300));
            case 3 -> r.nextBoolean() ? 0.0 : -0.0;
            case 4 -> r.nextInt(-5, 6);
            default -> (r.nextBoolean() ? 1 : -1) * r.nextDouble() * 1e5;
        };
    }

    /** Strings from all of Unicode: ASCII, JSON's escapes, control characters, emoji. */
    private static String text(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(6);
            int cp =
                    switch (kind) {
                        case 0 -> 'a' + r.nextInt(26);
                        case 1 -> "\"\\/".charAt(r.nextInt(3));
                        case 2 -> r.nextInt(0x20);
                        case 3 -> 0x7F + r.nextInt(0x700);
                        case 4 -> 0x1F600 + r.nextInt(80);
                        default -> 0x2028 + r.nextInt(2);
                    };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
