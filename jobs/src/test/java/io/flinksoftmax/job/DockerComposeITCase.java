package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinksoftmax.job.kafka.KafkaConnectors;
import io.flinksoftmax.job.options.ScoringJobOptions;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.util.bash.FlinkConfigLoader;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs where the tests run, so this checks docker-compose.yml against what the
 * images really do, with the same code they run: Flink's own configuration rewriting (the step the
 * image's {@code docker-entrypoint.sh} performs, with each service's environment), the Kafka tools'
 * own option parsers from the same-version jars (a flag the image's tool refuses fails here), our
 * job's option parser on the job's arguments, and the rules of a non-root image.
 */
class DockerComposeITCase {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CLUSTER_JAR = "./jobs/target/flink-softmax-cluster.jar";
    private static final Path KAFKA_TOOLS_LIB = ROOT.resolve("tools/kafka-broker/target/lib");

    private final JsonNode services = read("docker-compose.yml").get("services");

    @TempDir Path dir;

    @Test
    void imagesUseTheBuildsFlinkAndKafkaVersions() throws IOException {
        String kafkaVersion = pomProperty("pom.xml", "kafka.version");
        // The client the job is built with, the test broker, and the compose image: one version.
        assertThat(AppInfoParser.getVersion()).isEqualTo(kafkaVersion);
        assertThat(pomProperty("tools/kafka-broker/pom.xml", "kafka.version"))
                .isEqualTo(kafkaVersion);
        services.fields()
                .forEachRemaining(
                        s -> {
                            String image = s.getValue().get("image").asText();
                            if (s.getValue().path("profiles").toString().contains("monitoring")) {
                                // Pinned to a release, never a moving tag.
                                assertThat(image)
                                        .as(s.getKey())
                                        .matches(
                                                "(prom/prometheus|grafana/grafana):v?\\d+\\.\\d+\\.\\d+");
                                return;
                            }
                            assertThat(image)
                                    .as(s.getKey())
                                    .matches(
                                            "flink:\\$\\{FLINK_VERSION:\\?[^}]*}-scala_2.12-java17"
                                                    + "|apache/kafka:\\$\\{KAFKA_VERSION:\\?[^}]*}");
                        });
        String template = Files.readString(ROOT.resolve("config/compose/.env"));
        assertThat(template)
                .contains("FLINK_VERSION=${flink.version}")
                .contains("KAFKA_VERSION=${kafka.version}");
        Path env = ROOT.resolve(".env");
        if (Files.exists(env)) {
            assertThat(Files.readString(env))
                    .contains("FLINK_VERSION=" + pomProperty("pom.xml", "flink.version"))
                    .contains("KAFKA_VERSION=" + kafkaVersion);
        }
    }

    /**
     * Item 1 of issue 9: the image's entrypoint writes {@code JOB_MANAGER_RPC_ADDRESS} (default:
     * the container's own hostname) and then each {@code FLINK_PROPERTIES} line into the config
     * with Flink's rewriter. Run that rewriter as the entrypoint does, per Flink service.
     */
    @Test
    void everyFlinkProcessFindsTheJobManager() throws Exception {
        for (String name : flinkServices()) {
            JsonNode service = services.get(name);
            JsonNode env = service.path("environment");
            String rpcAddress =
                    env.has("JOB_MANAGER_RPC_ADDRESS")
                            ? env.get("JOB_MANAGER_RPC_ADDRESS").asText()
                            : service.path("hostname").asText("<container id of " + name + ">");
            Path conf = Files.createDirectories(dir.resolve(name));
            // What flink-dist ships (only the key that matters here).
            Files.writeString(conf.resolve("config.yaml"), "jobmanager.rpc.address: localhost\n");
            List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
            Map<String, String> dynamic = new LinkedHashMap<>();
            dynamic.put("jobmanager.rpc.address", rpcAddress);
            dynamic.put("blob.server.port", "6124");
            dynamic.put("query.server.port", "6125");
            dynamic.putAll(flinkProperties(env.path("FLINK_PROPERTIES").asText()));
            dynamic.forEach((k, v) -> args.add("-D" + k + "=" + v));
            List<String> lines =
                    FlinkConfigLoader.loadAndModifyConfiguration(args.toArray(String[]::new));
            JsonNode written = YAML.readTree(String.join("\n", lines));
            assertThat(flat(written, "jobmanager.rpc.address")).as(name).isEqualTo("jobmanager");
            assertThat(flat(written, "metrics.reporter.prom.factory.class"))
                    .as(name)
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(flat(written, "taskmanager.numberOfTaskSlots")).as(name).isEqualTo("2");
        }
    }

    /** Item 2: the Flink images run as the user flink; nothing may need root, but one init step. */
    @Test
    void nothingButTheOwnershipStepNeedsRoot() {
        List<String> initialised = new ArrayList<>();
        services.fields()
                .forEachRemaining(
                        s -> {
                            JsonNode service = s.getValue();
                            if (!service.get("image").asText().startsWith("flink:")) {
                                return;
                            }
                            String command =
                                    service.path("command").toString()
                                            + service.path("entrypoint").toString();
                            if ("0".equals(service.path("user").asText())) {
                                assertThat(service.get("entrypoint").toString())
                                        .as(s.getKey())
                                        .startsWith("[\"chown\",\"-R\",\"flink:flink\"");
                                service.get("volumes")
                                        .forEach(v -> initialised.add(v.get("source").asText()));
                                return;
                            }
                            assertThat(command)
                                    .as(s.getKey())
                                    .doesNotContain("chown", "mkdir", "cp ");
                        });
        for (String name : flinkServices()) {
            for (JsonNode volume : services.get(name).path("volumes")) {
                if (volume.get("type").asText().equals("volume")) {
                    assertThat(initialised).as(name).contains(volume.get("source").asText());
                    assertThat(volume.get("target").asText()).startsWith("/tmp/");
                }
            }
            assertThat(services.get(name).at("/depends_on/checkpoints-owner/condition").asText())
                    .as(name)
                    .isEqualTo("service_completed_successfully");
        }
    }

    /**
     * Item 3: every Kafka CLI call in the file (and the README's consumer command) goes through
     * that tool's option parser from the Kafka jars of the same version as the image.
     */
    @Test
    void everyKafkaCommandIsAcceptedByTheToolItCalls() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        services.fields()
                .forEachRemaining(
                        s -> {
                            JsonNode service = s.getValue();
                            calls.addAll(kafkaCalls(service.path("command")));
                            calls.addAll(kafkaCalls(service.at("/healthcheck/test")));
                        });
        calls.addAll(kafkaCalls(readmeConsumerCommand()));
        assertThat(calls.stream().map(c -> c.get(0)))
                .contains(
                        "kafka-topics.sh",
                        "kafka-console-producer.sh",
                        "kafka-console-consumer.sh");
        URL[] jars;
        try (Stream<Path> files = Files.list(KAFKA_TOOLS_LIB)) {
            jars = files.map(p -> toUrl(p)).toArray(URL[]::new);
        }
        try (URLClassLoader kafka = new URLClassLoader(jars, null)) {
            // The tools call Exit.exit on a bad flag: make that a failure instead of an exit.
            Class<?> exit = kafka.loadClass("org.apache.kafka.common.utils.Exit");
            Class<?> procedure = kafka.loadClass("org.apache.kafka.common.utils.Exit$Procedure");
            Object thrower =
                    Proxy.newProxyInstance(
                            kafka,
                            new Class<?>[] {procedure},
                            (proxy, method, margs) -> {
                                throw new AssertionError(
                                        "the tool refused its arguments: exit " + margs[0]);
                            });
            exit.getMethod("setExitProcedure", procedure).invoke(null, thrower);
            for (List<String> call : calls) {
                String[] args = call.subList(1, call.size()).toArray(String[]::new);
                String options =
                        switch (call.get(0)) {
                            case "kafka-topics.sh" ->
                                    "org.apache.kafka.tools.TopicCommand$TopicCommandOptions";
                            case "kafka-console-producer.sh" ->
                                    "org.apache.kafka.tools.ConsoleProducer$ConsoleProducerOptions";
                            case "kafka-console-consumer.sh" ->
                                    "org.apache.kafka.tools.consumer.ConsoleConsumerOptions";
                            default -> throw new AssertionError("no parser known for " + call);
                        };
                Constructor<?> constructor =
                        kafka.loadClass(options).getDeclaredConstructor(String[].class);
                constructor.setAccessible(true);
                Object parsed;
                try {
                    parsed = constructor.newInstance((Object) args);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(call + " refused: " + e.getCause(), e.getCause());
                }
                for (Method m : parsed.getClass().getDeclaredMethods()) {
                    if (m.getName().equals("checkArgs") && m.getParameterCount() == 0) {
                        m.setAccessible(true);
                        try {
                            m.invoke(parsed);
                        } catch (InvocationTargetException e) {
                            throw new AssertionError(
                                    call + " refused: " + e.getCause(), e.getCause());
                        }
                    }
                }
            }
        }
    }

    /**
     * Item 4: the job runs in application mode, once per {@code up}. Its arguments, through the
     * entrypoint's parser and then the job's, are {@link EntrypointCommandLinesTest}'s.
     */
    @Test
    void theJobRunsInApplicationModeOncePerUp() {
        assertThat(services.has("submit-job")).isFalse();
        assertThat(services.toString()).doesNotContain("flink run");
        JsonNode jobmanager = services.get("jobmanager");
        assertThat(jobmanager.get("command").get(0).asText()).isEqualTo("standalone-job");
        List<String> mounts = new ArrayList<>();
        jobmanager.get("volumes").forEach(v -> mounts.add(v.get("target").asText()));
        assertThat(mounts).contains("/opt/flink/usrlib/flink-softmax-cluster.jar");
        assertThat(services.get("producer").get("profiles").toString()).isEqualTo("[\"demo\"]");
    }

    /** Item 5: a missing jar must fail the start, not become a root-owned directory. */
    @Test
    void everyBindMountIsReadOnlyAndNeverCreated() {
        List<String> sources = new ArrayList<>();
        services.fields()
                .forEachRemaining(
                        s ->
                                s.getValue()
                                        .path("volumes")
                                        .forEach(
                                                v -> {
                                                    assertThat(v.isObject())
                                                            .as("long syntax in %s", s.getKey())
                                                            .isTrue();
                                                    if (v.get("type").asText().equals("bind")) {
                                                        assertThat(
                                                                        v.at(
                                                                                        "/bind/create_host_path")
                                                                                .asBoolean(true))
                                                                .as(s.getKey())
                                                                .isFalse();
                                                        assertThat(v.get("read_only").asBoolean())
                                                                .isTrue();
                                                        sources.add(v.get("source").asText());
                                                    }
                                                }));
        assertThat(sources)
                .contains(CLUSTER_JAR, "./config/scoring.yaml", "./config/samples/events.jsonl");
        for (String source : sources) {
            assertThat(ROOT.resolve(source)).as("mounted " + source).exists();
        }
    }

    /** Item 6: a failed topic creation fails the step. */
    @Test
    void topicCreationFailsOnAnyErrorAndNamesTheJobsTopics() {
        String created = services.get("topics").get("command").get(0).asText();
        assertThat(created).startsWith("set -euo pipefail");
        String job = services.get("jobmanager").get("command").toString();
        for (String[] topic :
                new String[][] {
                    {
                        ScoringJobOptions.INPUT_TOPIC.key(),
                        ScoringJobOptions.INPUT_TOPIC.defaultValue()
                    },
                    {
                        ScoringJobOptions.OUTPUT_TOPIC.key(),
                        ScoringJobOptions.OUTPUT_TOPIC.defaultValue()
                    },
                    {
                        ScoringJobOptions.DEAD_LETTER_TOPIC.key(),
                        ScoringJobOptions.DEAD_LETTER_TOPIC.defaultValue()
                    }
                }) {
            assertThat(created).contains(topic[1]);
            assertThat(job).contains("\"--" + topic[0] + "\",\"" + topic[1] + "\"");
        }
        assertThat(services.get("producer").get("command").get(0).asText())
                .contains("--topic " + ScoringJobOptions.INPUT_TOPIC.defaultValue());
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

    private List<String> flinkServices() {
        List<String> names = new ArrayList<>();
        services.fields()
                .forEachRemaining(
                        s -> {
                            JsonNode command = s.getValue().path("command");
                            String first =
                                    command.isArray() && command.size() > 0
                                            ? command.get(0).asText()
                                            : "";
                            if (List.of("standalone-job", "jobmanager", "taskmanager")
                                    .contains(first)) {
                                names.add(s.getKey());
                            }
                        });
        assertThat(names).contains("jobmanager", "taskmanager");
        return names;
    }

    /** FLINK_PROPERTIES as the entrypoint reads it: whitespace removed, split at the first ':'. */
    private static Map<String, String> flinkProperties(String text) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String stripped = line.replaceAll("\\s", "");
            if (stripped.isEmpty()) {
                continue;
            }
            int colon = stripped.indexOf(':');
            properties.put(stripped.substring(0, colon), stripped.substring(colon + 1));
        }
        return properties;
    }

    /** A key of the written config, whether Flink wrote it flat or nested. */
    private static String flat(JsonNode config, String key) {
        if (config.has(key)) {
            return config.get(key).asText();
        }
        JsonNode node = config;
        for (String part : key.split("\\.")) {
            node = node.path(part);
        }
        return node.asText();
    }

    /** The Kafka CLI calls in a command (an argv array or a bash script), as tool + arguments. */
    private static List<List<String>> kafkaCalls(JsonNode command) {
        List<List<String>> calls = new ArrayList<>();
        if (command.isArray() && command.size() > 1 && command.get(0).asText().equals("CMD")) {
            List<String> argv = new ArrayList<>();
            command.forEach(a -> argv.add(a.asText()));
            calls.addAll(kafkaCalls(String.join(" ", argv.subList(1, argv.size()))));
        } else if (command.isArray()) {
            command.forEach(c -> calls.addAll(kafkaCalls(c.asText())));
        }
        return calls;
    }

    private static List<List<String>> kafkaCalls(String script) {
        List<List<String>> calls = new ArrayList<>();
        Matcher m =
                Pattern.compile("/opt/kafka/bin/(kafka-[a-z-]+\\.sh)([^\\n<|;]*)")
                        .matcher(script.replace("\\\n", " "));
        while (m.find()) {
            List<String> call = new ArrayList<>();
            call.add(m.group(1));
            for (String token : m.group(2).trim().split("\\s+")) {
                // Shell quoting and compose's $$ escape, as bash would see them in the loop.
                call.add(token.replace("\"$$topic\"", "scores").replace("\"", ""));
            }
            calls.add(call);
        }
        return calls;
    }

    private static String readmeConsumerCommand() {
        try {
            String readme = Files.readString(ROOT.resolve("README.md"));
            String compose = readme.substring(readme.indexOf("### docker-compose"));
            Matcher m =
                    Pattern.compile(
                                    "docker compose exec kafka (/opt/kafka/bin/kafka-console-consumer\\.sh(?:[^\\n]|\\\\\\n)*)")
                            .matcher(compose);
            assertThat(m.find()).as("the README's consumer command").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String file) {
        try {
            return YAML.readTree(ROOT.resolve(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pomProperty(String pom, String name) throws IOException {
        Matcher m =
                Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
                        .matcher(Files.readString(ROOT.resolve(pom)));
        assertThat(m.find()).as(name + " in " + pom).isTrue();
        return m.group(1);
    }
}
