package io.flinksoftmax.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of docker-compose's {@code monitoring} profile without Grafana: valid against the
 * JSON Schema of its {@code schemaVersion} (39; {@code
 * config/monitoring/grafana/dashboard.schema.json}, written from Grafana's dashboard kind), panels
 * that do not overlap, every panel on the provisioned datasource and described in the README, and
 * the Prometheus config Grafana's datasource points at valid for {@code promtool} where it is
 * installed. {@link DashboardITCase} runs the queries.
 */
class DashboardSchemaTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MONITORING = ROOT.resolve("config/monitoring");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode dashboard;
    private final Schema schema;

    DashboardSchemaTest() throws Exception {
        dashboard = JSON.readTree(DashboardITCase.DASHBOARD.toFile());
        schema =
                SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(
                                Files.readString(
                                        MONITORING.resolve("grafana/dashboard.schema.json")));
    }

    @Test
    void theDashboardIsValidForItsSchemaVersion() {
        assertThat(schema.validate(dashboard)).isEmpty();
        assertThat(dashboard.get("schemaVersion").asInt()).isEqualTo(39);
    }

    /** The schema is not a formality: each of these breaks it. */
    @Test
    void theSchemaRefusesBrokenDashboards() {
        List<java.util.function.Consumer<ObjectNode>> breakages =
                List.of(
                        d -> d.put("schemaVersion", 38),
                        d -> d.remove("uid"),
                        d -> firstPanel(d).remove("gridPos"),
                        d -> ((ObjectNode) firstPanel(d).get("gridPos")).put("w", 25),
                        d -> ((ObjectNode) firstPanel(d).get("targets").get(0)).put("refId", "a"),
                        d -> ((ObjectNode) firstPanel(d).get("targets").get(0)).put("expr", ""),
                        d -> firstPanel(d).put("type", "graph"),
                        d -> firstPanel(d).put("unknownKey", 1),
                        d -> d.put("graphTooltip", 3));
        for (int i = 0; i < breakages.size(); i++) {
            ObjectNode broken = dashboard.deepCopy();
            breakages.get(i).accept(broken);
            assertThat(schema.validate(broken)).as("breakage %d", i).isNotEmpty();
        }
    }

    @Test
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.get("id").asInt())).as("id of " + p.get("title")).isTrue();
            JsonNode g = p.get("gridPos");
            for (int y = g.get("y").asInt(); y < g.get("y").asInt() + g.get("h").asInt(); y++) {
                for (int x = g.get("x").asInt(); x < g.get("x").asInt() + g.get("w").asInt(); x++) {
                    assertThat(cells.add(x + "," + y)).as(p.get("title") + " overlaps").isTrue();
                }
            }
        }
    }

    @Test
    void everyPanelUsesTheProvisionedDatasourceAndTheReadmeDescribesIt() throws Exception {
        JsonNode datasources =
                new YAMLMapper()
                        .readTree(
                                MONITORING
                                        .resolve("grafana/provisioning/datasources/prometheus.yml")
                                        .toFile());
        String uid = datasources.get("datasources").get(0).get("uid").asText();
        String readme = Files.readString(ROOT.resolve("README.md"));
        int titles = 0;
        for (JsonNode p : dashboard.get("panels")) {
            if (p.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.at("/datasource/uid").asText()).isEqualTo(uid);
            p.get("targets")
                    .forEach(t -> assertThat(t.at("/datasource/uid").asText()).isEqualTo(uid));
            assertThat(readme)
                    .as("README describes panel " + p.get("title"))
                    .contains("**" + p.get("title").asText() + "**");
            titles++;
        }
        assertThat(titles).isGreaterThanOrEqualTo(15);
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() throws Exception {
        Path promtool = Prometheus.binary().map(p -> p.resolveSibling("promtool")).orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                promtool != null && Files.isExecutable(promtool),
                "promtool comes with Debian's prometheus package (.ci/run installs it)");
        Process check =
                new ProcessBuilder(
                                promtool.toString(),
                                "check",
                                "config",
                                MONITORING.resolve("prometheus.yml").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(Files.readString(MONITORING.resolve("prometheus.yml")))
                .contains("jobmanager:9249", "taskmanager:9249");
    }

    private static ObjectNode firstPanel(ObjectNode d) {
        for (JsonNode p : d.get("panels")) {
            if (!p.get("type").asText().equals("row")) {
                return (ObjectNode) p;
            }
        }
        throw new AssertionError("no panel");
    }
}
