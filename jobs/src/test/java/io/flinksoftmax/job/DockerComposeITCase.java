package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so this reads docker-compose.yml and the files it
 * mounts and checks that they agree with the build (after {@code package}: the jar must exist).
 */
class DockerComposeITCase {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CLUSTER_JAR = "./jobs/target/flink-softmax-cluster.jar";

    private final JsonNode services = read("docker-compose.yml").get("services");

    @Test
    void flinkImagesUseThePomsFlinkVersion() throws IOException {
        String flinkVersion = pomProperty("flink.version");
        for (String service : List.of("jobmanager", "taskmanager", "submit-job")) {
            assertThat(services.get(service).get("image").asText())
                    .as(service)
                    .startsWith("flink:${FLINK_VERSION:?")
                    .endsWith("}-scala_2.12-java17");
        }
        // .env, which compose reads, comes from this template filtered with the pom's version.
        assertThat(Files.readString(ROOT.resolve("config/compose/.env")))
                .contains("FLINK_VERSION=${flink.version}");
        Path env = ROOT.resolve(".env");
        if (Files.exists(env)) {
            assertThat(Files.readString(env)).contains("FLINK_VERSION=" + flinkVersion);
        }
    }

    @Test
    void everyMountedFileExistsAndTheJarIsTheOneTheBuildMakes() throws IOException {
        List<String> sources = new ArrayList<>();
        services.forEach(
                service ->
                        service.path("volumes")
                                .forEach(v -> sources.add(v.asText().split(":")[0])));
        assertThat(sources).contains(CLUSTER_JAR, "./config/scoring.yaml", "./config/flink/docker");
        for (String source : sources) {
            if (source.startsWith("./")) {
                assertThat(ROOT.resolve(source)).as("mounted " + source).exists();
            }
        }
        assertThat(Files.readString(ROOT.resolve("jobs/pom.xml")))
                .contains(
                        "<outputFile>${project.build.directory}/flink-softmax-cluster.jar</outputFile>");
        String submit = services.get("submit-job").get("command").get(0).asText();
        assertThat(submit)
                .contains("flink run")
                .contains("/opt/flink-softmax/flink-softmax-cluster.jar");
        assertThat(services.get("submit-job").get("volumes").toString())
                .contains(CLUSTER_JAR + ":/opt/flink-softmax/flink-softmax-cluster.jar");
    }

    @Test
    void topicNamesMatchTheJobsOptions() {
        String created = services.get("topics").get("command").get(0).asText();
        String submit = services.get("submit-job").get("command").get(0).asText();
        for (String[] topic :
                new String[][] {
                    {JobOptions.INPUT_TOPIC, JobOptions.DEFAULT_INPUT_TOPIC},
                    {JobOptions.OUTPUT_TOPIC, JobOptions.DEFAULT_OUTPUT_TOPIC},
                    {JobOptions.DEAD_LETTER_TOPIC, JobOptions.DEFAULT_DEAD_LETTER_TOPIC}
                }) {
            assertThat(created).contains(topic[1]);
            assertThat(submit).contains("--" + topic[0] + " " + topic[1]);
        }
        assertThat(services.get("producer").get("command").get(0).asText())
                .contains("--topic " + JobOptions.DEFAULT_INPUT_TOPIC);
    }

    @Test
    void brokerAllowsTheSinksTransactionTimeout() {
        long max =
                services.get("kafka")
                        .get("environment")
                        .get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS")
                        .asLong();
        assertThat(max).isGreaterThanOrEqualTo(KafkaConnectors.TRANSACTION_TIMEOUT.toMillis());
    }

    @Test
    void clusterConfigExportsPrometheusMetricsAndSharesCheckpoints() {
        JsonNode config = read("config/flink/docker/config.yaml");
        assertThat(config.at("/metrics/reporter/prom/factory/class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(config.at("/execution/checkpointing/dir").asText())
                .isEqualTo("file:///flink-checkpoints");
        for (String service : List.of("jobmanager", "taskmanager")) {
            assertThat(services.get(service).get("volumes").toString())
                    .contains("checkpoints:/flink-checkpoints");
            assertThat(services.get(service).get("command").get(0).asText())
                    .contains("cp /opt/flink/conf-src/* /opt/flink/conf/")
                    .contains("flink-metrics-prometheus");
        }
    }

    private static JsonNode read(String file) {
        try {
            return YAML.readTree(ROOT.resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m =
                Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                        .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
