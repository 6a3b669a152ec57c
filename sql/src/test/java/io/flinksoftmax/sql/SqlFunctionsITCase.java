package io.flinksoftmax.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.kernel.Softmax;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The functions as a SQL user calls them, through Flink's planner and type inference: NULL and
 * non-finite inputs, literals of other numeric types, both candidate row shapes, one row naming the
 * reason for a request that cannot be decided, the policies from the job parameter, and SLATE after
 * a window aggregation of per-candidate scores (append-only).
 */
class SqlFunctionsITCase {

    private static final Path CONFIG = Path.of("../config/scoring.yaml").toAbsolutePath();

    @RegisterExtension static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension();

    private StreamTableEnvironment tables;

    @BeforeEach
    void functions() {
        tables =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        tables.createTemporarySystemFunction("SOFTMAX", SoftmaxFunction.class);
        tables.createTemporarySystemFunction("LOG_SOFTMAX", LogSoftmaxFunction.class);
        tables.createTemporarySystemFunction("SIGMOID", SigmoidFunction.class);
        tables.createTemporarySystemFunction(
                "SLATE", new SlateFunction(ScoringConfigReader.read(CONFIG)));
        tables.createTemporarySystemFunction("CANDIDATES_BY_ID", CandidatesByIdFunction.class);
    }

    @Test
    void softmaxIsTheKernelsBitForBit() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int n = 1 + random.nextInt(30);
            double[] z = new double[n];
            StringBuilder array = new StringBuilder("ARRAY[");
            for (int i = 0; i < n; i++) {
                z[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(6));
                array.append(i == 0 ? "" : ", ")
                        .append("CAST(")
                        .append(Double.toString(z[i]))
                        .append(" AS DOUBLE)");
            }
            array.append(']');
            double t = 0.25 + random.nextInt(8) * 0.5;
            Row r =
                    one(
                            "SELECT SOFTMAX("
                                    + array
                                    + ", "
                                    + t
                                    + "), LOG_SOFTMAX("
                                    + array
                                    + ", "
                                    + t
                                    + ")");
            double[] p = new double[n];
            double[] logP = new double[n];
            Softmax.softmax(z, null, t, p, logP);
            assertThat((Double[]) r.getField(0))
                    .as("SOFTMAX of %s", array)
                    .containsExactly(Logits.boxed(p));
            assertThat((Double[]) r.getField(1)).containsExactly(Logits.boxed(logP));
        }
    }

    @Test
    void theDesignsExamplesHoldInSql() throws Exception {
        assertThat((Double[]) one("SELECT SOFTMAX(ARRAY[20, 300, 5000])").getField(0))
                .containsExactly(0.0, 0.0, 1.0);
        assertThat((Double[]) one("SELECT SOFTMAX(ARRAY[1e308, 1e308])").getField(0))
                .containsExactly(0.5, 0.5);
        assertThat((Double[]) one("SELECT LOG_SOFTMAX(ARRAY[1000, 0, -1000])").getField(0))
                .containsExactly(0.0, -1000.0, -2000.0);
        assertThat(one("SELECT SIGMOID(0)").getField(0)).isEqualTo(0.5);
        assertThat(one("SELECT SIGMOID(-800, 2)").getField(0)).isEqualTo(Softmax.sigmoid(-800, 2));
    }

    @Test
    void nullAndNonFiniteInputsGiveNull() throws Exception {
        for (String call :
                List.of(
                        "SOFTMAX(CAST(NULL AS ARRAY<DOUBLE>))",
                        "SOFTMAX(ARRAY[1.0, CAST(NULL AS DOUBLE)])",
                        "SOFTMAX(ARRAY[1.0, CAST('NaN' AS DOUBLE)])",
                        "SOFTMAX(ARRAY[1.0, CAST('Infinity' AS DOUBLE)])",
                        "SOFTMAX(ARRAY[1.0, 2.0], 0)",
                        "SOFTMAX(ARRAY[1.0, 2.0], -1)",
                        "SOFTMAX(ARRAY[1.0, 2.0], CAST(NULL AS DOUBLE))",
                        "SOFTMAX(ARRAY[1.0, 2.0], CAST('Infinity' AS DOUBLE))",
                        "LOG_SOFTMAX(ARRAY[CAST('-Infinity' AS DOUBLE)])",
                        "SIGMOID(CAST(NULL AS DOUBLE))",
                        "SIGMOID(CAST('NaN' AS DOUBLE))",
                        "SIGMOID(1.0, 0)")) {
            assertThat(one("SELECT " + call).getField(0)).as(call).isNull();
        }
    }

    @Test
    void slateTakesBothRowShapesAndCallsWithoutOptionalArguments() throws Exception {
        List<Row> three =
                all(
                        "SELECT s.candidate_id, s.slot, s.probability FROM (VALUES (1)) AS v(x),"
                                + " LATERAL TABLE(SLATE('r-1', ARRAY[ROW('a', 1.0, 0.5),"
                                + " ROW('b', 2.0, CAST(NULL AS DOUBLE))], 'feed')) AS s");
        assertThat(three).extracting(r -> r.getField(0)).containsExactly("b", "a");
        double[] p = new double[2];
        Softmax.softmax(new double[] {1.0, 2.0}, null, 2.0, p, null); // feed: temperature 2
        assertThat(three).extracting(r -> r.getField(2)).containsExactly(p[1], p[0]);

        // eligible FALSE and a NULL score: ineligible, last, never placed, probability 0.
        List<Row> four =
                all(
                        "SELECT s.candidate_id, s.slot, s.probability FROM (VALUES (1)) AS v(x),"
                                + " LATERAL TABLE(SLATE('r-2', ARRAY[ROW('a', 1.0, 0.5, FALSE),"
                                + " ROW('b', CAST(NULL AS DOUBLE), 0.5, TRUE), ROW('c', 0.0, 0.5,"
                                + " CAST(NULL AS BOOLEAN))], 'feed', CAST(NULL AS DOUBLE),"
                                + " CAST(NULL AS STRING))) AS s");
        assertThat(four).extracting(r -> r.getField(0)).containsExactly("c", "a", "b");
        assertThat(four).extracting(r -> r.getField(1)).containsExactly(1, null, null);
        assertThat(four).extracting(r -> r.getField(2)).containsExactly(1.0, 0.0, 0.0);
    }

    @Test
    void aRequestThatCannotBeDecidedGetsOneRowWithItsReason() throws Exception {
        String[][] cases = {
            {"ARRAY[ROW('a', 1.0, 0.5), ROW('a', 2.0, 0.5)]", "'feed'", "duplicate_id"},
            {"ARRAY[ROW('a', CAST('NaN' AS DOUBLE), 0.5)]", "'feed'", "non_finite_score"},
            {"ARRAY[ROW('a', 1.0, -1.0)]", "'feed'", "invalid_bid"},
            {"ARRAY[ROW('a', 1.0, CAST(NULL AS DOUBLE))]", "'home_top'", "missing_bid"},
            {"ARRAY[ROW('a', 1.0, 0.5)]", "'no_such_policy'", "unknown_placement"},
            {"ARRAY[ROW(CAST(NULL AS STRING), 1.0, 0.5)]", "'feed'", "missing_field"},
            {"ARRAY[ROW('', 1.0, 0.5)]", "'feed'", "invalid_id"},
            {"ARRAY[ROW('a', CAST(NULL AS DOUBLE), 0.5)]", "'feed'", "no_eligible_candidates"},
            {
                "CAST(NULL AS ARRAY<ROW<id STRING, score DOUBLE, bid DOUBLE>>)",
                "'feed'",
                "missing_field"
            },
        };
        for (String[] c : cases) {
            List<Row> rows =
                    all(
                            "SELECT s.candidate_id, s.error, s.error_message FROM (VALUES (1)) AS"
                                    + " v(x), LATERAL TABLE(SLATE('r', "
                                    + c[0]
                                    + ", "
                                    + c[1]
                                    + ")) AS s");
            assertThat(rows).as(c[0] + " under " + c[1]).hasSize(1);
            assertThat(rows.get(0).getField(0)).isNull();
            assertThat(rows.get(0).getField(1)).as(c[0]).isEqualTo(c[2]);
            assertThat((String) rows.get(0).getField(2)).isNotBlank();
        }
        List<Row> hot =
                all(
                        "SELECT s.error FROM (VALUES (1)) AS v(x), LATERAL TABLE(SLATE('r',"
                                + " ARRAY[ROW('a', 1.0, 0.5)], 'feed', 0.0, CAST(NULL AS"
                                + " STRING))) AS s");
        assertThat(hot).extracting(r -> r.getField(0)).containsExactly("invalid_temperature");
    }

    @Test
    void createFunctionReadsThePoliciesFromTheJobParameter() throws Exception {
        StreamTableEnvironment sql =
                StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment());
        sql.executeSql(
                "CREATE TEMPORARY SYSTEM FUNCTION SLATE AS 'io.flinksoftmax.sql.SlateFunction'"
                        + " USING JAR '"
                        + Path.of("target/flink-softmax-sql.jar").toAbsolutePath()
                        + "'");
        String query =
                "SELECT s.candidate_id, s.policy FROM (VALUES (1)) AS v(x), LATERAL TABLE(SLATE('r',"
                        + " ARRAY[ROW('a', 1.0, 0.5), ROW('b', 0.0, 0.5)], 'sidebar')) AS s";
        assertThatThrownBy(() -> collect(sql.sqlQuery(query)))
                .hasStackTraceContaining("softmax.scoring-config:/absolute/path/scoring.yaml");

        sql.getConfig()
                .set(
                        PipelineOptions.GLOBAL_JOB_PARAMETERS,
                        java.util.Map.of(SlateFunction.CONFIG_PARAMETER, CONFIG.toString()));
        List<Row> rows = collect(sql.sqlQuery(query));
        assertThat(rows).extracting(r -> r.getField(1)).containsOnly("sidebar");
        assertThat(rows).hasSize(2);
    }

    /**
     * Per-candidate scores, as {@code ML_PREDICT} gives them, gathered per request in a tumbling
     * event-time window and decided by SLATE: an insert-only result (a Kafka or file sink takes it
     * as it is), the same decision as the whole request.
     */
    @Test
    void slateAfterAWindowedArrayAggIsAppendOnly() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<Row> scored =
                env.fromData(
                        Types.ROW_NAMED(
                                new String[] {
                                    "request_id", "candidate_id", "score", "bid", "ts_ms"
                                },
                                Types.STRING,
                                Types.STRING,
                                Types.DOUBLE,
                                Types.DOUBLE,
                                Types.LONG),
                        Row.of("r-1", "a", 1.5, 0.2, 100L),
                        Row.of("r-1", "b", 0.5, 1.0, 200L),
                        Row.of("r-2", "c", 2.0, 0.7, 1_100L));
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.createTemporarySystemFunction(
                "SLATE", new SlateFunction(ScoringConfigReader.read(CONFIG)));
        tables.createTemporaryView(
                "scored_rows",
                tables.fromDataStream(
                        scored,
                        Schema.newBuilder()
                                .column("request_id", DataTypes.STRING())
                                .column("candidate_id", DataTypes.STRING())
                                .column("score", DataTypes.DOUBLE())
                                .column("bid", DataTypes.DOUBLE())
                                .column("ts_ms", DataTypes.BIGINT())
                                .columnByExpression("ts", "TO_TIMESTAMP_LTZ(ts_ms, 3)")
                                .watermark("ts", "ts")
                                .build()));
        Table slates =
                tables.sqlQuery(
                        "SELECT r.request_id, s.candidate_id, s.slot, s.probability FROM ("
                                + "  SELECT request_id, ARRAY_AGG(ROW(candidate_id, score, bid))"
                                + "    AS candidates"
                                + "  FROM TABLE(TUMBLE(TABLE scored_rows, DESCRIPTOR(ts),"
                                + "    INTERVAL '1' SECOND))"
                                + "  GROUP BY request_id, window_start, window_end) AS r,"
                                + " LATERAL TABLE(SLATE(r.request_id, r.candidates, 'feed')) AS s");
        // toDataStream refuses an updating table: this is the append-only check.
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = tables.toDataStream(slates).executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).extracting(r -> r.getField(1)).containsExactlyInAnyOrder("a", "b", "c");
        double[] p = new double[2];
        Softmax.softmax(new double[] {1.5, 0.5}, null, 2.0, p, null); // r-1 under feed
        assertThat(rows)
                .filteredOn(r -> "a".equals(r.getField(1)))
                .extracting(r -> r.getField(3))
                .containsExactly(p[0]);
    }

    /**
     * The same candidates in two random orders decide bit for bit alike through CANDIDATES_BY_ID,
     * which orders them by code point as the job's assembler does (so, by the assembler's own
     * tests, as the job decides them sent one at a time). Seeded: ids that tell code-point order
     * from UTF-16 order, scores whose sum depends on the order they are added in.
     */
    @Test
    void candidatesByIdDecidesAlikeInAnyArrivalOrder() throws Exception {
        Random random = new Random(16);
        String[] alphabet = {"a", "b", "Z", "0", "é", "\uE000", "\uFFFD", "\uD83D\uDE00"};
        StringBuilder values = new StringBuilder();
        List<List<String>> sortedIds = new ArrayList<>();
        for (int r = 0; r < 40; r++) {
            List<String> ids = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            int n = 2 + random.nextInt(9);
            while (ids.size() < n) {
                StringBuilder id = new StringBuilder();
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    id.append(alphabet[random.nextInt(alphabet.length)]);
                }
                if (ids.contains(id.toString())) {
                    continue;
                }
                ids.add(id.toString());
                double score =
                        random.nextBoolean()
                                ? random.nextGaussian() * 1e4
                                : Math.scalb(random.nextDouble(), -40);
                rows.add(
                        "ROW("
                                + unicodeLiteral(id.toString())
                                + ", "
                                + doubleLiteral(score)
                                + ", "
                                + doubleLiteral(random.nextInt(5) + 0.5)
                                + ")");
            }
            List<String> shuffled = new ArrayList<>(rows);
            java.util.Collections.shuffle(shuffled, random);
            values.append(r == 0 ? "" : ", ")
                    .append("('r")
                    .append(r)
                    .append("', ARRAY[")
                    .append(String.join(", ", rows))
                    .append("], ARRAY[")
                    .append(String.join(", ", shuffled))
                    .append("])");
            ids.sort(
                    (x, y) ->
                            java.util.Arrays.compare(
                                    x.codePoints().toArray(), y.codePoints().toArray()));
            sortedIds.add(ids);
        }
        String from = " FROM (VALUES " + values + ") AS v(r, x, y)";
        List<Row> sorted = all("SELECT v.r, CANDIDATES_BY_ID(v.x), CANDIDATES_BY_ID(v.y)" + from);
        for (Row row : sorted) {
            int r = Integer.parseInt(((String) row.getField(0)).substring(1));
            for (int f = 1; f <= 2; f++) {
                assertThat((Row[]) row.getField(f))
                        .extracting(c -> (String) c.getField(0))
                        .containsExactlyElementsOf(sortedIds.get(r));
            }
        }
        String slate =
                "SELECT v.r, s.candidate_rank, s.candidate_id, s.probability, s.slot"
                        + from
                        + ", LATERAL TABLE(SLATE(v.r, CANDIDATES_BY_ID(v.%s), 'feed')) AS s";
        List<Row> inOrder = all(String.format(slate, "x"));
        List<Row> shuffledOrder = all(String.format(slate, "y"));
        assertThat(inOrder).hasSize(sortedIds.stream().mapToInt(List::size).sum());
        assertThat(shuffledOrder).containsExactlyInAnyOrderElementsOf(inOrder);

        // NULLs: a NULL array is NULL; a NULL id sorts first and SLATE still refuses the request.
        assertThat(
                        one("SELECT CANDIDATES_BY_ID(CAST(NULL AS ARRAY<ROW<id STRING,"
                                        + " score DOUBLE, bid DOUBLE, eligible BOOLEAN>>))")
                                .getField(0))
                .isNull();
        assertThat(
                        one("SELECT s.error FROM (VALUES (1)) AS v(x), LATERAL"
                                        + " TABLE(SLATE('r', CANDIDATES_BY_ID(ARRAY[ROW('b',"
                                        + " 1.0, 0.5, TRUE), ROW(CAST(NULL AS STRING), 2.0,"
                                        + " 0.5, TRUE)]), 'feed')) AS s")
                                .getField(0))
                .isEqualTo("missing_field");
    }

    /** A DOUBLE literal that reads back to {@code d} exactly. */
    private static String doubleLiteral(double d) {
        String shortest = Double.toString(d);
        return shortest.contains("E") ? shortest : shortest + "E0";
    }

    /** A SQL string literal of {@code s}, every character escaped. */
    private static String unicodeLiteral(String s) {
        StringBuilder out = new StringBuilder("U&'");
        for (char c : s.toCharArray()) {
            out.append(String.format("\\%04X", (int) c));
        }
        return out.append("'").toString();
    }

    private Row one(String query) throws Exception {
        List<Row> rows = all(query);
        assertThat(rows).as(query).hasSize(1);
        return rows.get(0);
    }

    private List<Row> all(String query) throws Exception {
        return collect(tables.sqlQuery(query));
    }

    private static List<Row> collect(Table table) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = table.execute().collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
