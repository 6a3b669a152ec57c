package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribution and calibration as README "Feedback and calibration" defines them, done without Flink
 * over the decisions a run wrote and the feedback it read: the oracle of the feedback tests. A
 * placed candidate is positive if a click on it has a time in [decision time, + window]; a class
 * decision's outcome is its first label in the window. Decisions without an event time are left out
 * (their time is when they were scored).
 */
public final class OfflineCalibration {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineCalibration() {}

    /**
     * Sums per {@code kind/model/policy}, for decisions in one calibration window.
     *
     * @param decisions compact decisions
     * @param feedback feedback lines; those that are not valid feedback are skipped
     */
    public static Map<String, CalibrationStats> of(
            List<JsonNode> decisions, List<String> feedback, long window) {
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
        Map<String, CalibrationStats> out = new HashMap<>();
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
            String kind = d.get("kind").asText();
            String model = d.get("model").asText();
            String policy = d.get("policy").asText();
            String key = kind + "/" + model + "/" + policy;
            if (kind.equals("click_scores")) {
                List<String> ranked = new ArrayList<>();
                d.get("ranked").forEach(n -> ranked.add(n.asText()));
                for (JsonNode placed : d.get("placed")) {
                    String id = placed.asText();
                    double p = d.get("probabilities").get(ranked.indexOf(id)).asDouble();
                    boolean clicked =
                            inWindow.stream()
                                    .anyMatch(
                                            f ->
                                                    f.hasNonNull("candidate")
                                                            && f.get("candidate")
                                                                    .asText()
                                                                    .equals(id));
                    out.computeIfAbsent(key, k -> new CalibrationStats())
                            .add(Outcome.click(model, policy, p, clicked));
                }
            } else {
                inWindow.stream()
                        .filter(f -> f.hasNonNull("label"))
                        .findFirst()
                        .ifPresent(
                                f ->
                                        out.computeIfAbsent(key, k -> new CalibrationStats())
                                                .add(
                                                        Outcome.label(
                                                                model,
                                                                policy,
                                                                d.get("top_k")
                                                                        .get(0)
                                                                        .get("probability")
                                                                        .asDouble(),
                                                                f.get("label")
                                                                        .asText()
                                                                        .equals(
                                                                                d.get("predicted")
                                                                                        .asText()),
                                                                // p(true label): not in a
                                                                // compact decision, so
                                                                // mean_loss is not compared
                                                                Double.NaN)));
            }
        }
        return out;
    }

    /**
     * Asserts that each calibration record equals the offline sums of its key: counts exactly, ECE,
     * mean prediction and (clicks) log loss and Brier score to 1e-9.
     */
    public static void assertMatches(
            List<JsonNode> records, Map<String, CalibrationStats> offline) {
        org.assertj.core.api.Assertions.assertThat(records).hasSize(offline.size());
        for (JsonNode r : records) {
            String kind = r.get("kind").asText();
            String key = kind + "/" + r.get("model").asText() + "/" + r.get("placement").asText();
            CalibrationStats expected = offline.get(key);
            org.assertj.core.api.Assertions.assertThat(expected).as(key).isNotNull();
            boolean click = kind.equals("click_scores");
            org.assertj.core.api.Assertions.assertThat(
                            r.get(click ? "impressions" : "count").asLong())
                    .as(key)
                    .isEqualTo(expected.count);
            org.assertj.core.api.Assertions.assertThat(r.get(click ? "clicks" : "correct").asLong())
                    .as(key)
                    .isEqualTo(expected.positives);
            org.assertj.core.api.Assertions.assertThat(r.get("ece").asDouble())
                    .as(key)
                    .isCloseTo(
                            expected.expectedCalibrationError(),
                            org.assertj.core.api.Assertions.within(1e-9));
            org.assertj.core.api.Assertions.assertThat(
                            r.get(click ? "mean_predicted" : "mean_top_probability").asDouble())
                    .as(key)
                    .isCloseTo(
                            expected.meanPredicted(), org.assertj.core.api.Assertions.within(1e-9));
            if (click) {
                org.assertj.core.api.Assertions.assertThat(r.get("log_loss").asDouble())
                        .as(key)
                        .isCloseTo(
                                expected.meanLogLoss(),
                                org.assertj.core.api.Assertions.within(1e-9));
                org.assertj.core.api.Assertions.assertThat(r.get("brier").asDouble())
                        .as(key)
                        .isCloseTo(
                                expected.brierScore(),
                                org.assertj.core.api.Assertions.within(1e-9));
            }
        }
    }
}
