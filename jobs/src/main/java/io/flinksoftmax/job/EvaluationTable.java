package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.annotation.Internal;

/**
 * The off-policy evaluation records of a file run, as a table for the end-of-run summary (README
 * "Shadow policies"): one row per (placement, policy version, variant in an experiment, target) and
 * window, the serving policy ({@code logging}) first: its top-slot estimate (self-normalised IPS),
 * the 95 % interval around it, and the effective sample size. A late record is marked {@code late}.
 */
@Internal
final class EvaluationTable {

    private EvaluationTable() {}

    /** The rows of every record under {@code dir}, or a line saying there are none. */
    static String render(Path dir) {
        List<JsonNode> all = CalibrationTable.records(dir);
        List<JsonNode> checks = all.stream().filter(r -> r.has("check")).toList();
        List<JsonNode> records =
                new java.util.ArrayList<>(all.stream().filter(r -> !r.has("check")).toList());
        records.sort(
                Comparator.comparing((JsonNode r) -> r.get("placement").asText())
                        .thenComparingLong(r -> r.get("policy_version").asLong())
                        .thenComparingLong(r -> r.get("window_start").asLong())
                        .thenComparing(r -> r.path("variant").asText(""))
                        .thenComparing(r -> !r.get("target").asText().equals("logging"))
                        .thenComparing(r -> r.get("target").asText()));
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT, "evaluation     %,10d records -> %s/%n", all.size(), dir));
        if (records.isEmpty()) {
            return s.toString() + sampleRatios(checks);
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "  %-10s %-4s %-12s %-17s %7s %9s %-19s %8s%n",
                        "placement",
                        "ver",
                        "target",
                        "window (UTC)",
                        "n",
                        "top CTR",
                        "95% interval",
                        "ESS"));
        for (JsonNode r : records) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %-10s %-4d %-12s %-17s %7d %9s %-19s %8.1f%s%n",
                            r.get("placement").asText(),
                            r.get("policy_version").asLong(),
                            target(r),
                            Instant.ofEpochMilli(r.get("window_start").asLong())
                                    .toString()
                                    .substring(0, 16),
                            r.get("n").asLong(),
                            number(r.get("snips")),
                            "[" + number(r.get("ci_low")) + ", " + number(r.get("ci_high")) + "]",
                            r.get("ess").asDouble(),
                            r.path("late").asBoolean() ? "  late" : ""));
        }
        return s.toString() + sampleRatios(checks);
    }

    /** One line per experiment and window: the decisions per variant and the p-value. */
    private static String sampleRatios(List<JsonNode> checks) {
        StringBuilder s = new StringBuilder();
        for (JsonNode r : checks) {
            StringBuilder counts = new StringBuilder();
            r.get("variants")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    counts.append(counts.length() == 0 ? "" : ", ")
                                            .append(e.getKey())
                                            .append(' ')
                                            .append(e.getValue().get("decisions").asLong()));
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  sample ratio %s/%s v%d %s: %s; p = %.3g%s%n",
                            r.get("placement").asText(),
                            r.get("experiment").asText(),
                            r.get("policy_version").asLong(),
                            Instant.ofEpochMilli(r.get("window_start").asLong())
                                    .toString()
                                    .substring(0, 16),
                            counts,
                            r.get("p_value").asDouble(),
                            r.get("mismatch").asBoolean() ? "  MISMATCH" : ""));
        }
        return s.toString();
    }

    /** The target, after its variant in an experiment ({@code -}: outside its coverage). */
    private static String target(JsonNode r) {
        if (!r.has("experiment")) {
            return r.get("target").asText();
        }
        JsonNode variant = r.get("variant");
        return (variant.isNull() ? "-" : variant.asText()) + "/" + r.get("target").asText();
    }

    private static String number(JsonNode value) {
        return value == null || value.isNull()
                ? "-"
                : String.format(Locale.ROOT, "%.4f", value.asDouble());
    }
}
