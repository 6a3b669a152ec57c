package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinksoftmax.job.options.JobArguments;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.job.options.ScoringJobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.cli.Option;
import org.apache.flink.container.entrypoint.StandaloneApplicationClusterConfigurationParserFactory;
import org.apache.flink.runtime.entrypoint.EntrypointClusterConfiguration;
import org.apache.flink.runtime.entrypoint.FlinkParseException;
import org.apache.flink.runtime.entrypoint.parser.CommandLineParser;
import org.apache.flink.runtime.entrypoint.parser.ParserResultFactory;
import org.junit.jupiter.api.Test;

/**
 * Every command line the project ships — the compose JobManager's, the Kubernetes FlinkDeployment's
 * and the README's ({@code java -jar}, {@code flink run}, {@code flink-cluster.sh submit}) — goes
 * through the parser that really receives it in application mode: Flink's own {@code
 * StandaloneApplicationClusterConfigurationParserFactory} (commons-cli, partial matching, stopping
 * at the first option it does not know), with the {@code --configDir} that {@code
 * standalone-job.sh} puts first and the JobManager's {@code -D} pairs it appends last. Each of the
 * line's options is tried first (the position where the entrypoint would take an option it mistakes
 * for its own), then the job's parser reads what the entrypoint hands on.
 */
class EntrypointCommandLinesTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What {@code standalone-job.sh} appends: the JobManager's computed memory settings. */
    private static final List<String> DYNAMIC_PARAMETERS =
            List.of(
                    "-D",
                    "jobmanager.memory.off-heap.size=134217728b",
                    "-D",
                    "jobmanager.memory.jvm-overhead.min=201326592b",
                    "-D",
                    "jobmanager.memory.jvm-metaspace.size=268435456b",
                    "-D",
                    "jobmanager.memory.heap.size=1073741824b",
                    "-D",
                    "jobmanager.memory.jvm-overhead.max=201326592b");

    @Test
    void noJobOptionIsTakenByTheEntrypoint() throws FlinkParseException {
        for (ScoringJobOptions.Documented d : ScoringJobOptions.ALL) {
            String option = "--" + d.option().key();
            List<String> job = List.of(option, "value");
            assertThat(throughEntrypoint(job)).as(option).isEqualTo(withDynamic(job));
        }
        // No job option is a prefix of an entrypoint option, which commons-cli would expand.
        for (Option entrypoint :
                new StandaloneApplicationClusterConfigurationParserFactory()
                        .getOptions()
                        .getOptions()) {
            for (ScoringJobOptions.Documented d : ScoringJobOptions.ALL) {
                if (entrypoint.getLongOpt() != null) {
                    assertThat(entrypoint.getLongOpt())
                            .as("entrypoint option --" + entrypoint.getLongOpt())
                            .doesNotStartWith(d.option().key());
                }
            }
        }
    }

    /** Why {@code --config} was renamed: the entrypoint reads it as its own {@code --configDir}. */
    @Test
    void theEntrypointSwallowsTheOldConfigOptionAndTheJobRefusesIt() throws FlinkParseException {
        EntrypointClusterConfiguration parsed =
                entrypoint(List.of("--config", "/opt/flink-softmax/scoring.yaml", "--source"));
        // Taken as a second --configDir: the job would never see its scoring config.
        assertThat(parsed.getArgs()).containsExactly("--source");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--config", "x.yaml"}))
                .hasMessageContaining("option --config is now --scoring-config");
    }

    @Test
    void theComposeJobManagersArgumentsReachTheJobInEveryOrder() throws Exception {
        JsonNode jobmanager =
                YAML.readTree(ROOT.resolve("docker-compose.yml").toFile())
                        .get("services")
                        .get("jobmanager");
        List<String> command = new ArrayList<>();
        jobmanager.get("command").forEach(c -> command.add(c.asText()));
        assertThat(command.subList(0, 3))
                .containsExactly(
                        "standalone-job", "--job-classname", ScoringJobMain.class.getName());
        Map<String, String> mounts = new LinkedHashMap<>();
        jobmanager
                .get("volumes")
                .forEach(v -> mounts.put(v.get("target").asText(), v.get("source").asText()));
        // The files the container sees are the repository's, mounted there.
        mounts.replaceAll((target, source) -> ROOT.resolve(source).toString());
        for (JobOptions options : parsedInEveryOrder(command.subList(3, command.size()), mounts)) {
            assertThat(options.kafka().bootstrapServers()).isEqualTo("kafka:19092");
            assertThat(options.configFile()).isEqualTo(ROOT.resolve("./config/scoring.yaml"));
        }
    }

    @Test
    void theKubernetesJobArgumentsReachTheJobInEveryOrder() throws Exception {
        JsonNode job =
                YAML.readTree(ROOT.resolve("config/k8s/flink-deployment.yaml").toFile())
                        .get("spec")
                        .get("job");
        List<String> args = new ArrayList<>();
        job.get("args").forEach(a -> args.add(a.asText()));
        // The image's scoring.yaml is the repository's (config/k8s/Dockerfile).
        Map<String, String> image =
                Map.of(
                        "/opt/flink/usrlib/scoring.yaml",
                        ROOT.resolve("config/scoring.yaml").toString());
        for (JobOptions options : parsedInEveryOrder(args, image)) {
            assertThat(options.kafka().groupId()).isEqualTo("flink-softmax");
        }
    }

    /**
     * {@code args} in every order ({@link #everyOptionFirst}), each through the entrypoint, which
     * must hand it on whole, then read by the job with container paths mapped to local files.
     */
    private static List<JobOptions> parsedInEveryOrder(
            List<String> args, Map<String, String> containerToLocal) throws FlinkParseException {
        List<JobOptions> parsed = new ArrayList<>();
        for (List<String> order : everyOptionFirst(args)) {
            List<String> received = throughEntrypoint(order);
            assertThat(received).as(order.toString()).isEqualTo(withDynamic(order));
            parsed.add(
                    JobOptions.parse(
                            received.stream()
                                    .map(arg -> containerToLocal.getOrDefault(arg, arg))
                                    .toArray(String[]::new)));
        }
        return parsed;
    }

    /**
     * The README's job command lines, in every order: each reaches the job whole, and every option
     * in it is one the job knows (paths and brokers in the README are examples, so the lines are
     * checked up to the job's option names, not run).
     */
    @Test
    void theReadmesCommandLinesReachTheJobInEveryOrder() throws Exception {
        List<List<String>> lines = readmeJobCommandLines();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(8);
        List<String> known = new ArrayList<>();
        ScoringJobOptions.ALL.forEach(d -> known.add("--" + d.option().key()));
        for (List<String> line : lines) {
            for (List<String> order : everyOptionFirst(line)) {
                List<String> received = throughEntrypoint(order);
                assertThat(received).as(order.toString()).isEqualTo(withDynamic(order));
                assertThat(JobArguments.split(received.toArray(String[]::new)).jobArgs())
                        .isEqualTo(order);
            }
            for (String arg : line) {
                if (arg.startsWith("--")) {
                    String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                    assertThat(known).as("README: " + line).contains(name);
                }
            }
        }
    }

    /** {@code job} as application mode hands it to {@code main()}. */
    private static List<String> throughEntrypoint(List<String> job) throws FlinkParseException {
        List<String> args = new ArrayList<>(job);
        args.addAll(DYNAMIC_PARAMETERS);
        return List.of(entrypoint(args).getArgs());
    }

    private static EntrypointClusterConfiguration entrypoint(List<String> job)
            throws FlinkParseException {
        List<String> args = new ArrayList<>(List.of("--configDir", "/opt/flink/conf"));
        args.addAll(List.of("--job-classname", ScoringJobMain.class.getName()));
        args.addAll(job);
        return parse(
                new StandaloneApplicationClusterConfigurationParserFactory(),
                args.toArray(String[]::new));
    }

    /** Flink's own parsing step ({@code StandaloneApplicationClusterEntryPoint.main}'s). */
    private static <T extends EntrypointClusterConfiguration> T parse(
            ParserResultFactory<T> factory, String[] args) throws FlinkParseException {
        return new CommandLineParser<>(factory).parse(args);
    }

    private static List<String> withDynamic(List<String> job) {
        List<String> all = new ArrayList<>(job);
        all.addAll(DYNAMIC_PARAMETERS);
        return all;
    }

    /** The line once per option, with that option (and its value, if any) moved to the front. */
    private static List<List<String>> everyOptionFirst(List<String> line) {
        List<List<String>> groups = new ArrayList<>();
        for (String arg : line) {
            if (arg.startsWith("--") || groups.isEmpty()) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(arg);
        }
        List<List<String>> orders = new ArrayList<>();
        for (int first = 0; first < groups.size(); first++) {
            List<String> order = new ArrayList<>(groups.get(first));
            for (int i = 0; i < groups.size(); i++) {
                if (i != first) {
                    order.addAll(groups.get(i));
                }
            }
            orders.add(order);
        }
        return orders;
    }

    private static final Pattern JOB_COMMAND =
            Pattern.compile(
                    "(?:-jar \\S*flink-softmax\\.jar|run \\S*flink-softmax-cluster\\.jar"
                            + "|flink-cluster\\.sh submit)(.*)");

    /** The job arguments of each README shell line that runs the job. */
    private static List<List<String>> readmeJobCommandLines() throws IOException {
        List<List<String>> lines = new ArrayList<>();
        boolean inShell = false;
        StringBuilder pending = new StringBuilder();
        List<String> pages = new ArrayList<>(Files.readAllLines(ROOT.resolve("README.md")));
        try (var docs = Files.list(ROOT.resolve("docs"))) {
            for (Path page : docs.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                pages.addAll(Files.readAllLines(page));
            }
        }
        for (String line : pages) {
            if (line.startsWith("```")) {
                inShell = line.equals("```bash");
                continue;
            }
            if (!inShell) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String command = pending.append(line).toString();
            pending.setLength(0);
            Matcher m = JOB_COMMAND.matcher(command);
            if (m.find() && !command.strip().startsWith("#")) {
                lines.add(words(m.group(1)));
            }
        }
        return lines;
    }

    /**
     * Shell words up to a comment, pipe or {@code &&}: quotes removed, {@code $PWD} expanded to the
     * repository root; the README's {@code ...} ("more options") is dropped.
     */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(text);
        while (m.find()) {
            String word =
                    m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (m.group(3) != null
                    && (word.startsWith("#") || word.equals("|") || word.equals("&&"))) {
                break;
            }
            if (!word.equals("...")) {
                words.add(word.replace("$PWD", ROOT.toAbsolutePath().normalize().toString()));
            }
        }
        return words;
    }
}
