package io.flinksoftmax.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.job.BoundedRun;
import io.flinksoftmax.job.RunSummary;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL over the sample events (filesystem connector, JSON format) against the DataStream job over
 * the same file (DESIGN §16): for every event the job decides, {@code SLATE} ranks the same ids in
 * the same order with the same probabilities, places the same ones with the same propensities, and
 * {@code SOFTMAX} gives a classified item's probabilities, all bit for bit. Three configs: the
 * shipped one, an exploring policy with shadows, and an experiment.
 */
class SqlDecisionsITCase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration
                                    .Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void theSampleEventsGetTheJobsDecisions() throws Exception {
        List<JsonNode> compared =
                compare(
                        Path.of("../config/scoring.yaml"),
                        Path.of("../config/samples/events.jsonl"));
        assertThat(compared).as("decisions compared").hasSize(1_010);
    }

    @Test
    void exploringDecisionsGetTheJobsPropensities() throws Exception {
        List<JsonNode> compared =
                compare(
                        Path.of("../config/samples/evaluation.yaml"),
                        Path.of("../config/samples/evaluation-events.jsonl"));
        assertThat(compared).hasSize(2_000);
        assertThat(compared)
                .as("explored placements among those compared")
                .anyMatch(d -> d.get("ranking_propensity").doubleValue() < 1.0);
    }

    @Test
    void experimentDecisionsGetTheJobsVariants() throws Exception {
        Path config = dir.resolve("experiment.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "policies:",
                        "  default: {slots: 3}",
                        "  feed:",
                        "    slots: 2",
                        "    exploration: epsilon_greedy",
                        "    epsilon: 0.2",
                        "    experiment:",
                        "      key: feed-temperature",
                        "      coverage: 0.8",
                        "      variants:",
                        "        control: {weight: 0.5}",
                        "        warm: {weight: 0.5, temperature: 2.0, exploration: boltzmann}",
                        ""));
        List<JsonNode> compared =
                compare(config, Path.of("../config/samples/evaluation-events.jsonl"));
        assertThat(compared).hasSize(2_000);
        assertThat(compared).anyMatch(d -> d.path("variant").asText().equals("warm"));
        assertThat(compared).anyMatch(d -> d.path("variant").asText().equals("control"));
        assertThat(compared)
                .as("units outside the coverage")
                .anyMatch(d -> d.get("variant").isNull());
    }

    /** Runs both and compares every decision of the job; returns the decisions compared. */
    private List<JsonNode> compare(Path config, Path events) throws Exception {
        Path output = dir.resolve("out-" + config.getFileName());
        RunSummary summary =
                BoundedRun.run(
                        JobOptions.parse(
                                new String[] {
                                    "--scoring-config", config.toString(),
                                    "--input", events.toString(),
                                    "--output", output.toString(),
                                    "--parallelism", "2"
                                }),
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        false);
        assertThat(summary.balanced()).isTrue();
        List<JsonNode> decisions = records(output.resolve("decisions"));

        StreamTableEnvironment tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        tables.createTemporarySystemFunction("SOFTMAX", SoftmaxFunction.class);
        tables.createTemporarySystemFunction(
                "SLATE", new SlateFunction(ScoringConfigReader.read(config)));
        tables.executeSql(
                "CREATE TABLE events ("
                        + " id STRING, kind STRING, placement STRING, temperature DOUBLE,"
                        + " unit STRING,"
                        + " candidates ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE,"
                        + " eligible BOOLEAN>>,"
                        + " logits ARRAY<DOUBLE>, labels ARRAY<STRING>"
                        + ") WITH ('connector' = 'filesystem', 'path' = '"
                        + events.toAbsolutePath()
                        + "', 'format' = 'json', 'json.ignore-parse-errors' = 'true')");

        Map<String, List<List<Row>>> slates = new HashMap<>();
        try (CloseableIterator<Row> rows =
                tables.executeSql(
                                "SELECT e.id, s.candidate_id, s.candidate_rank, s.slot,"
                                        + " s.probability, s.propensity, s.ranking_propensity,"
                                        + " s.policy, s.policy_version, s.experiment, s.variant_name,"
                                        + " s.error"
                                        + " FROM events AS e, LATERAL TABLE(SLATE(e.id,"
                                        + " e.candidates, e.placement, e.temperature, e.unit))"
                                        + " AS s WHERE e.kind = 'click_scores'")
                        .collect()) {
            // Rows of one request arrive together (one function call), in decision order.
            List<Row> current = null;
            while (rows.hasNext()) {
                Row r = rows.next();
                Integer rank = (Integer) r.getField(2);
                if (rank == null || rank == 1) {
                    current = new ArrayList<>();
                    slates.computeIfAbsent((String) r.getField(0), k -> new ArrayList<>())
                            .add(current);
                }
                current.add(r);
            }
        }
        Map<String, List<Row>> classProbabilities = new HashMap<>();
        double defaultTemperature = ScoringConfigReader.read(config).policyFor(null).temperature();
        try (CloseableIterator<Row> rows =
                tables.executeSql(
                                "SELECT id, SOFTMAX(logits, COALESCE(temperature, "
                                        + defaultTemperature
                                        + ")), labels FROM events WHERE kind = 'class_logits'"
                                        + " AND placement IS NULL")
                        .collect()) {
            rows.forEachRemaining(
                    r ->
                            classProbabilities
                                    .computeIfAbsent((String) r.getField(0), k -> new ArrayList<>())
                                    .add(r));
        }

        for (JsonNode d : decisions) {
            String id = d.get("id").asText();
            if (d.get("kind").asText().equals("click_scores")) {
                List<List<Row>> candidates = slates.getOrDefault(id, List.of());
                assertThat(candidates).as("SQL slates of " + id).isNotEmpty();
                assertThat(candidates.stream().anyMatch(s -> sameSlate(d, s)))
                        .as(
                                "a SQL slate of %s equals the job's decision %s; SQL gave %s",
                                id, d, candidates)
                        .isTrue();
            } else {
                List<Row> candidates = classProbabilities.getOrDefault(id, List.of());
                assertThat(candidates.stream().anyMatch(p -> sameTopK(d, p)))
                        .as("SQL probabilities of %s match the job's %s", id, d)
                        .isTrue();
            }
        }
        return decisions;
    }

    /**
     * Ranked ids, probabilities, slots, propensities, policy and variant: all equal, bit for bit.
     */
    private static boolean sameSlate(JsonNode d, List<Row> slate) {
        JsonNode ranked = d.get("ranked");
        JsonNode probabilities = d.get("probabilities");
        if (slate.size() != ranked.size() || slate.get(0).getField(11) != null) {
            return false;
        }
        List<String> placed = new ArrayList<>();
        d.get("placed").forEach(p -> placed.add(p.asText()));
        for (int k = 0; k < slate.size(); k++) {
            Row r = slate.get(k);
            if (!ranked.get(k).asText().equals(r.getField(1))
                    || !sameBits(probabilities.get(k).doubleValue(), (Double) r.getField(4))) {
                return false;
            }
            Integer slot = (Integer) r.getField(3);
            int expectedSlot = placed.indexOf(ranked.get(k).asText()) + 1;
            if ((slot == null ? 0 : slot) != expectedSlot) {
                return false;
            }
            if (slot != null
                    && !sameBits(
                            d.get("propensities").get(slot - 1).doubleValue(),
                            (Double) r.getField(5))) {
                return false;
            }
            if (!sameBits(d.get("ranking_propensity").doubleValue(), (Double) r.getField(6))
                    || !d.get("policy").asText().equals(r.getField(7))
                    || d.get("policy_version").asLong() != (Long) r.getField(8)
                    || !textOrNull(d, "experiment").equals(String.valueOf(r.getField(9)))
                    || !textOrNull(d, "variant").equals(String.valueOf(r.getField(10)))) {
                return false;
            }
        }
        return true;
    }

    /** Each of the decision's top-k probabilities equals the SQL array's entry for its label. */
    private static boolean sameTopK(JsonNode d, Row row) {
        Double[] sql = (Double[]) row.getField(1);
        String[] labels = (String[]) row.getField(2);
        if (sql == null) {
            return false;
        }
        for (JsonNode entry : d.get("top_k")) {
            String name = entry.get("label").asText();
            int label =
                    labels == null
                            ? Integer.parseInt(name)
                            : java.util.Arrays.asList(labels).indexOf(name);
            if (label < 0
                    || label >= sql.length
                    || !sameBits(entry.get("probability").doubleValue(), sql[label])) {
                return false;
            }
        }
        return true;
    }

    private static String textOrNull(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? "null" : v.asText();
    }

    private static boolean sameBits(double expected, Double actual) {
        return actual != null
                && Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual);
    }

    private static List<JsonNode> records(Path folder) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                if (!file.getFileName().toString().startsWith(".")) {
                    for (String line : Files.readAllLines(file)) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
        }
        return out;
    }
}
