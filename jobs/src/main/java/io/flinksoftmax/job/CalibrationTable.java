package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/**
 * The calibration records of a file run, as a table for the end-of-run summary: one row per (kind,
 * model, placement, target) and window, click models first; a late record (outcomes that came after
 * their window's record) is marked {@code late}.
 */
@Internal
final class CalibrationTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationTable() {}

    /** The rows of every record under {@code dir}, or a line saying there are none. */
    static String render(Path dir) {
        List<JsonNode> records = read(dir);
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT, "calibration    %,10d records -> %s/%n", records.size(), dir));
        if (records.isEmpty()) {
            return s.toString();
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "  %-20s %-10s %-6s %-17s %7s %7s %8s %8s %6s %6s %8s%n",
                        "model",
                        "placement",
                        "target",
                        "window (UTC)",
                        "n",
                        "hits",
                        "mean p",
                        "observed",
                        "ratio",
                        "ECE",
                        "log loss"));
        for (JsonNode r : records) {
            boolean click = r.get("kind").asText().equals("click_scores");
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %-20s %-10s %-6s %-17s %7d %7d %8.4f %8.4f %6.2f %6.3f %8.4f%s%n",
                            r.get("model").isNull() ? "-" : r.get("model").asText(),
                            r.get("placement").asText(),
                            r.get("target").asText(),
                            Instant.ofEpochMilli(r.get("window_start").asLong())
                                    .toString()
                                    .substring(0, 16),
                            r.get(click ? "impressions" : "count").asLong(),
                            r.get(click ? "clicks" : "correct").asLong(),
                            r.get(click ? "mean_predicted" : "mean_top_probability").asDouble(),
                            r.get(click ? "observed_rate" : "accuracy").asDouble(),
                            click
                                    ? r.get("calibration_ratio").asDouble()
                                    : r.get("accuracy").asDouble()
                                            / r.get("mean_top_probability").asDouble(),
                            r.get("ece").asDouble(),
                            r.get(click ? "log_loss" : "mean_loss").asDouble(),
                            r.path("late").asBoolean() ? "  late" : ""));
        }
        return s.toString();
    }

    private static List<JsonNode> read(Path dir) {
        List<JsonNode> records = records(dir);
        records.sort(
                Comparator.comparing((JsonNode r) -> r.get("kind").asText())
                        .thenComparing(r -> r.get("model").asText(""))
                        .thenComparing(r -> r.get("target").asText())
                        .thenComparing(r -> r.get("placement").asText())
                        .thenComparingLong(r -> r.get("window_start").asLong()));
        return records;
    }

    /** Every JSON-lines record in the finished part files under {@code dir}, in file order. */
    static List<JsonNode> records(Path dir) {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                if (file.getFileName().toString().startsWith(".")) {
                    continue; // in-progress part files of a sink
                }
                for (String line : Files.readAllLines(file)) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return records;
    }
}
