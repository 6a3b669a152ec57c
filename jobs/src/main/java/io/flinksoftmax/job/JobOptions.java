package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.ParameterTool;

/**
 * The job's options, parsed once at start and validated with messages that say what to fix. Values
 * come from the {@code job:} section of the config file, overridden by the command line ({@code
 * --name value} or {@code --name=value}).
 *
 * @param input a JSON-lines file or a folder of them
 * @param output the folder that receives {@code decisions/} and {@code dead-letters/}
 * @param configFile the scoring config (policies and limits)
 * @param scoring the scoring config, read and validated
 * @param parallelism operator parallelism, or 0 for the environment's default
 * @param overwrite whether results of an earlier run in {@code output} may be replaced
 */
public record JobOptions(
        Path input,
        Path output,
        Path configFile,
        ScoringConfig scoring,
        int parallelism,
        boolean overwrite) {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String CONFIG = "config";
    public static final String PARALLELISM = "parallelism";
    public static final String OVERWRITE = "overwrite";

    public static final String DEFAULT_INPUT = "config/samples/events.jsonl";
    public static final String DEFAULT_OUTPUT = "output";
    public static final String DEFAULT_CONFIG = "config/scoring.yaml";

    private static final Set<String> NAMES = Set.of(INPUT, OUTPUT, CONFIG, PARALLELISM, OVERWRITE);

    /** What ParameterTool stores for a flag given without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    /** The options as the README lists them, for usage messages. */
    public static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Options (command line overrides the 'job:' section of --config):",
                    "  --input <file|folder>    JSON-lines events (default " + DEFAULT_INPUT + ")",
                    "  --output <folder>        receives decisions/ and dead-letters/ (default "
                            + DEFAULT_OUTPUT
                            + ")",
                    "  --config <yaml>          scoring policies and limits (default "
                            + DEFAULT_CONFIG
                            + ")",
                    "  --parallelism <n>        operator parallelism (default: the environment's)",
                    "  --overwrite [true|false] replace results of an earlier run (default false)");

    /**
     * Parses and validates the command line (and the config file it names).
     *
     * @throws IllegalArgumentException with a message that names the option and what to fix
     */
    public static JobOptions parse(String[] args) {
        Map<String, String> cli = commandLine(args);
        Path configFile = Path.of(cli.getOrDefault(CONFIG, DEFAULT_CONFIG));
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(
                    "--config "
                            + configFile
                            + " does not exist; pass the scoring policies file (see "
                            + DEFAULT_CONFIG
                            + ")");
        }
        JsonNode tree = ScoringConfigReader.readTree(configFile);
        ScoringConfig scoring;
        try {
            scoring = ScoringConfigReader.fromTree(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
        }

        Map<String, String> values = new LinkedHashMap<>(jobSection(tree, configFile));
        values.putAll(cli);

        Path input = Path.of(values.getOrDefault(INPUT, DEFAULT_INPUT));
        if (!Files.exists(input)) {
            throw new IllegalArgumentException(
                    "--input "
                            + input
                            + " does not exist; point it at a JSON-lines file or a folder of"
                            + " them");
        }
        Path output = Path.of(values.getOrDefault(OUTPUT, DEFAULT_OUTPUT));
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(
                    "--output " + output + " is a file; it must be a folder (or not exist yet)");
        }
        return new JobOptions(
                input,
                output,
                configFile,
                scoring,
                parallelism(values.get(PARALLELISM)),
                bool(OVERWRITE, values.getOrDefault(OVERWRITE, "false")));
    }

    private static Map<String, String> commandLine(String[] args) {
        List<String> split = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                split.add(arg.substring(0, eq));
                split.add(arg.substring(eq + 1));
            } else {
                split.add(arg);
            }
        }
        Map<String, String> values;
        try {
            values =
                    new LinkedHashMap<>(
                            ParameterTool.fromArgs(split.toArray(new String[0])).toMap());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot read the command line: "
                            + e.getMessage()
                            + System.lineSeparator()
                            + USAGE,
                    e);
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown option --" + name + System.lineSeparator() + USAGE);
            }
            if (NO_VALUE.equals(entry.getValue())) {
                if (!OVERWRITE.equals(name)) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                entry.setValue("true");
            }
        }
        return values;
    }

    private static Map<String, String> jobSection(JsonNode tree, Path configFile) {
        JsonNode job = tree.path("job");
        Map<String, String> values = new LinkedHashMap<>();
        if (job.isMissingNode() || job.isNull()) {
            return values;
        }
        if (!job.isObject()) {
            throw new IllegalArgumentException(configFile + ": 'job' must be a mapping");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = job.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!NAMES.contains(entry.getKey())) {
                throw new IllegalArgumentException(
                        configFile
                                + ": unknown key 'job."
                                + entry.getKey()
                                + "'; the keys there are "
                                + String.join(", ", NAMES.stream().sorted().toList()));
            }
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }

    private static int parallelism(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int p = Integer.parseInt(value.trim());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "--parallelism must be a whole number >= 1, got '" + value + "'");
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "--" + name + " must be true or false, got '" + value + "'");
        };
    }
}
