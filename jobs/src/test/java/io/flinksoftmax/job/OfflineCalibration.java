package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.ScoringConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Attribution and calibration as README "Feedback and calibration" and DESIGN §11 define them, done
 * without Flink and without the production sums, over the decisions a run wrote and the feedback it
 * read: the oracle of the feedback tests. A placed candidate counts as clicked if a click on it has
 * a time in [decision time, + window]; a class decision's outcome is its first label in the window.
 * What is compared depends on the policy's mode: sigmoid per placed candidate ({@code click});
 * softmax over decisions with exactly one clicked placed candidate, each placed p renormalised over
 * the placed ({@code choice}); classes by label ({@code label}). Decisions without an event time
 * are left out (they are not attributed).
 */
public final class OfflineCalibration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineCalibration() {}

    /** The (p, y) pairs of one key, and every metric straight from its definition. */
    public static final class Expected {
        final List<double[]> pairs = new ArrayList<>(); // {p, y, loss}

        void add(double p, boolean y, double loss) {
            pairs.add(new double[] {p, y ? 1 : 0, loss});
        }

        public long count() {
            return pairs.size();
        }

        public long positives() {
            return pairs.stream().filter(x -> x[1] == 1).count();
        }

        public double sumP() {
            return pairs.stream().mapToDouble(x -> x[0]).sum();
        }

        public double meanPredicted() {
            return sumP() / count();
        }

        public double meanLoss() {
            return pairs.stream().mapToDouble(x -> x[2]).average().orElse(Double.NaN);
        }

        public double brier() {
            return pairs.stream()
                    .mapToDouble(x -> (x[0] - x[1]) * (x[0] - x[1]))
                    .average()
                    .orElse(Double.NaN);
        }

        /** ECE over bins [0, .1), ..., [.9, 1]. */
        public double ece() {
            double ece = 0;
            for (int b = 0; b < 10; b++) {
                final int bin = b;
                List<double[]> in =
                        pairs.stream().filter(x -> Math.min(9, (int) (x[0] * 10)) == bin).toList();
                if (!in.isEmpty()) {
                    double p = in.stream().mapToDouble(x -> x[0]).average().orElseThrow();
                    double y = in.stream().mapToDouble(x -> x[1]).average().orElseThrow();
                    ece += (double) in.size() / pairs.size() * Math.abs(y - p);
                }
            }
            return ece;
        }
    }

    /**
     * Per {@code target/model/policy}, for decisions in one calibration window.
     *
     * @param decisions compact decisions
     * @param feedback feedback lines; those that are not valid feedback are skipped
     * @param config the policies the decisions were made with (their modes)
     */
    public static Map<String, Expected> of(
            List<JsonNode> decisions, List<String> feedback, long window, ScoringConfig config) {
        return of(decisions, feedback, window, 0, modes(config));
    }

    /** The mode of each decision's policy in {@code config}. */
    public static Function<JsonNode, Mode> modes(ScoringConfig config) {
        return d -> config.policyFor(d.get("policy").asText()).mode();
    }

    /**
     * {@link #of(List, List, long, ScoringConfig)} for decisions made under policies that changed
     * on the way.
     *
     * @param calibrationWindow the calibration window: keys end in {@code @<window start>}; 0 for
     *     all decisions in one window (keys without it)
     * @param modeOf the mode of a click decision's policy
     */
    public static Map<String, Expected> of(
            List<JsonNode> decisions,
            List<String> feedback,
            long window,
            long calibrationWindow,
            Function<JsonNode, Mode> modeOf) {
        return of(decisions, feedback, window, calibrationWindow, modeOf, null);
    }

    /**
     * {@link #of(List, List, long, ScoringConfig)} with the events the decisions were made from, so
     * that a class decision's {@code mean_loss} is computed too: from the event's logits, with a
     * softmax written here (max shift, plain doubles), not the kernel's.
     *
     * @param events the events' JSON lines; the first valid {@code class_logits} line of an id is
     *     the one decided
     */
    public static Map<String, Expected> of(
            List<JsonNode> decisions,
            List<String> feedback,
            long window,
            ScoringConfig config,
            List<String> events) {
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : events) {
            try {
                JsonNode e = JSON.readTree(line);
                if (e != null && e.isObject() && e.path("kind").asText().equals("class_logits")) {
                    byId.putIfAbsent(e.path("id").asText(), e);
                }
            } catch (IOException notJson) {
                // a bad sample: a dead letter, not a decision
            }
        }
        return of(decisions, feedback, window, 0, modes(config), byId);
    }

    private static Map<String, Expected> of(
            List<JsonNode> decisions,
            List<String> feedback,
            long window,
            long calibrationWindow,
            Function<JsonNode, Mode> modeOf,
            Map<String, JsonNode> events) {
        Map<String, List<JsonNode>> byId = new HashMap<>();
        for (String line : feedback) {
            JsonNode f;
            try {
                f = JSON.readTree(line);
            } catch (IOException notJson) {
                continue;
            }
            if (f != null
                    && f.isObject()
                    && f.hasNonNull("ts")
                    && f.hasNonNull("label") != f.hasNonNull("candidate")
                    && (!f.has("event") || f.get("event").asText().equals("click"))) {
                byId.computeIfAbsent(f.get("id").asText(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, Expected> out = new HashMap<>();
        for (JsonNode d : decisions) {
            if (d.get("event_ts").isNull()) {
                continue;
            }
            long ts = d.get("event_ts").asLong();
            List<JsonNode> inWindow =
                    byId.getOrDefault(d.get("id").asText(), List.of()).stream()
                            .filter(f -> f.get("ts").asLong() >= ts)
                            .filter(f -> f.get("ts").asLong() <= ts + window)
                            .toList();
            String model = d.get("model").asText();
            String policy = d.get("policy").asText();
            long closes = ts + window;
            String at = calibrationWindow > 0 ? "@" + (closes - closes % calibrationWindow) : "";
            if (d.get("kind").asText().equals("click_scores")) {
                clicks(d, inWindow, modeOf.apply(d), model, policy + at, out);
            } else {
                inWindow.stream()
                        .filter(f -> f.hasNonNull("label"))
                        .findFirst()
                        .ifPresent(
                                f -> {
                                    String label = f.get("label").asText();
                                    // p(true label) is not in a compact decision: from the
                                    // event's logits when they are given, else not compared.
                                    double loss =
                                            events == null
                                                    ? Double.NaN
                                                    : labelLoss(
                                                            events.get(d.get("id").asText()),
                                                            label,
                                                            d.get("temperature").asDouble());
                                    out.computeIfAbsent(
                                                    "label/" + model + "/" + policy + at,
                                                    k -> new Expected())
                                            .add(
                                                    d.get("top_k")
                                                            .get(0)
                                                            .get("probability")
                                                            .asDouble(),
                                                    label.equals(d.get("predicted").asText()),
                                                    loss);
                                });
            }
        }
        return out;
    }

    private static void clicks(
            JsonNode d,
            List<JsonNode> inWindow,
            Mode mode,
            String model,
            String policy,
            Map<String, Expected> out) {
        List<String> ranked = new ArrayList<>();
        d.get("ranked").forEach(n -> ranked.add(n.asText()));
        List<double[]> placed = new ArrayList<>(); // {p, clicked}
        for (JsonNode c : d.get("placed")) {
            String id = c.asText();
            boolean clicked =
                    inWindow.stream()
                            .anyMatch(
                                    f ->
                                            f.hasNonNull("candidate")
                                                    && f.get("candidate").asText().equals(id));
            placed.add(
                    new double[] {
                        d.get("probabilities").get(ranked.indexOf(id)).asDouble(), clicked ? 1 : 0
                    });
        }
        if (mode == Mode.SIGMOID) {
            Expected e = out.computeIfAbsent("click/" + model + "/" + policy, k -> new Expected());
            placed.forEach(x -> e.add(x[0], x[1] == 1, logLoss(x[0], x[1] == 1)));
            return;
        }
        if (placed.stream().filter(x -> x[1] == 1).count() != 1) {
            return; // a choice needs exactly one click
        }
        double mass = placed.stream().mapToDouble(x -> x[0]).sum();
        Expected e = out.computeIfAbsent("choice/" + model + "/" + policy, k -> new Expected());
        placed.forEach(x -> e.add(x[0] / mass, x[1] == 1, logLoss(x[0] / mass, x[1] == 1)));
    }

    /** −log p(label) under softmax(logits / temperature), p clamped as the README says. */
    private static double labelLoss(JsonNode event, String label, double temperature) {
        JsonNode logits = event.get("logits");
        int n = logits.size();
        int index = -1;
        for (int i = 0; i < n; i++) {
            String name =
                    event.hasNonNull("labels")
                            ? event.get("labels").get(i).asText()
                            : Integer.toString(i);
            if (name.equals(label)) {
                index = i;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode z : logits) {
            max = Math.max(max, z.asDouble() / temperature);
        }
        double sum = 0;
        for (JsonNode z : logits) {
            sum += Math.exp(z.asDouble() / temperature - max);
        }
        double p = Math.exp(logits.get(index).asDouble() / temperature - max) / sum;
        return logLoss(p, true);
    }

    private static double logLoss(double p, boolean y) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return y ? -Math.log(q) : -Math.log(1 - q);
    }

    /**
     * Asserts that each calibration record equals the offline computation of its key: counts
     * exactly, ECE, mean prediction and (clicks, choices) log loss and Brier score to 1e-9. Late
     * records ({@code "late":true}) are added to their key first.
     */
    public static void assertMatches(List<JsonNode> records, Map<String, Expected> offline) {
        boolean windowed = offline.keySet().stream().anyMatch(k -> k.contains("@"));
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode r : records) {
            String key =
                    r.get("target").asText()
                            + "/"
                            + r.get("model").asText()
                            + "/"
                            + r.get("placement").asText()
                            + (windowed ? "@" + r.get("window_start").asLong() : "");
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        assertThat(byKey.keySet()).isEqualTo(offline.keySet());
        byKey.forEach(
                (key, rs) -> {
                    assertThat(rs).as("%s: one record, no late ones here", key).hasSize(1);
                    JsonNode r = rs.get(0);
                    Expected expected = offline.get(key);
                    boolean click = !key.startsWith("label/");
                    assertThat(r.get(click ? "impressions" : "count").asLong())
                            .as(key)
                            .isEqualTo(expected.count());
                    assertThat(r.get(click ? "clicks" : "correct").asLong())
                            .as(key)
                            .isEqualTo(expected.positives());
                    assertThat(r.get("ece").asDouble())
                            .as(key)
                            .isCloseTo(expected.ece(), within(1e-9));
                    assertThat(r.get(click ? "mean_predicted" : "mean_top_probability").asDouble())
                            .as(key)
                            .isCloseTo(expected.meanPredicted(), within(1e-9));
                    if (!click && !Double.isNaN(expected.meanLoss())) {
                        assertThat(r.get("mean_loss").asDouble())
                                .as(key)
                                .isCloseTo(expected.meanLoss(), within(1e-9));
                    }
                    if (click) {
                        assertThat(r.get("log_loss").asDouble())
                                .as(key)
                                .isCloseTo(expected.meanLoss(), within(1e-9));
                        assertThat(r.get("brier").asDouble())
                                .as(key)
                                .isCloseTo(expected.brier(), within(1e-9));
                    }
                });
    }
}
