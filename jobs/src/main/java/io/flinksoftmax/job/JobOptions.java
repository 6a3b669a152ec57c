package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.job.kafka.KafkaOptions;
import io.flinksoftmax.job.kafka.StartingOffsets;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.ParameterTool;

/**
 * The job's options, parsed once at start and validated with messages that say what to fix. Values
 * come from the {@code job:} section of the config file, overridden by the command line ({@code
 * --name value} or {@code --name=value}). Every option has a default; see {@link #USAGE} and the
 * README.
 *
 * @param source where events come from
 * @param sink where decisions and dead letters go
 * @param input file source: a JSON-lines file or a folder of them
 * @param output file sink: the folder that receives {@code decisions/} and {@code dead-letters/}
 * @param overwrite file sink: whether results of an earlier run may be replaced
 * @param kafka Kafka source and sink settings (defaults when neither end is Kafka)
 * @param checkpointInterval how often a streaming job checkpoints (and, exactly-once, commits)
 * @param checkpointDir where checkpoints are kept so that a restarted job resumes, or {@code null}
 *     to keep them in memory
 * @param configFile the scoring config file
 * @param scoring the scoring config, read and validated
 * @param parallelism operator parallelism, or 0 for the environment's default
 */
public record JobOptions(
        Endpoint source,
        Endpoint sink,
        Path input,
        Path output,
        boolean overwrite,
        KafkaOptions kafka,
        Duration checkpointInterval,
        Path checkpointDir,
        Path configFile,
        ScoringConfig scoring,
        int parallelism) {

    public static final String SOURCE = "source";
    public static final String SINK = "sink";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";
    public static final String CONFIG = "config";
    public static final String PARALLELISM = "parallelism";
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String INPUT_TOPIC = "input-topic";
    public static final String OUTPUT_TOPIC = "output-topic";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String GROUP_ID = "group-id";
    public static final String STARTING_OFFSETS = "starting-offsets";
    public static final String DELIVERY_GUARANTEE = "delivery-guarantee";
    public static final String TRANSACTIONAL_ID_PREFIX = "transactional-id-prefix";
    public static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
    public static final String CHECKPOINT_DIR = "checkpoint-dir";

    /** Prefix of pass-through Kafka client properties: {@code --kafka.security.protocol=SSL}. */
    public static final String KAFKA_PREFIX = "kafka.";

    public static final String DEFAULT_INPUT = "config/samples/events.jsonl";
    public static final String DEFAULT_OUTPUT = "output";
    public static final String DEFAULT_CONFIG = "config/scoring.yaml";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_INPUT_TOPIC = "scores";
    public static final String DEFAULT_OUTPUT_TOPIC = "decisions";
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "dead-letters";
    public static final String DEFAULT_GROUP_ID = "flink-softmax";
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "flink-softmax";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private static final Set<String> NAMES =
            Set.of(
                    SOURCE,
                    SINK,
                    INPUT,
                    OUTPUT,
                    OVERWRITE,
                    CONFIG,
                    PARALLELISM,
                    BOOTSTRAP_SERVERS,
                    INPUT_TOPIC,
                    OUTPUT_TOPIC,
                    DEAD_LETTER_TOPIC,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    DELIVERY_GUARANTEE,
                    TRANSACTIONAL_ID_PREFIX,
                    CHECKPOINT_INTERVAL,
                    CHECKPOINT_DIR);

    /** What ParameterTool stores for a flag given without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    /** The options as the README lists them, for usage messages. */
    public static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Options (the command line overrides the 'job:' section of --config):",
                    "  --source file|kafka              where events come from (default file)",
                    "  --sink file|kafka                where results go (default: as --source)",
                    "  --config <yaml>                  scoring policies and limits (default "
                            + DEFAULT_CONFIG
                            + ")",
                    "  --parallelism <n>                operator parallelism (default: the environment's)",
                    "  --input <file|folder>            JSON-lines events (default "
                            + DEFAULT_INPUT
                            + ")",
                    "  --output <folder>                receives decisions/ and dead-letters/ (default "
                            + DEFAULT_OUTPUT
                            + ")",
                    "  --overwrite [true|false]         replace results of an earlier run (default false)",
                    "  --bootstrap-servers <host:port>  Kafka brokers (default "
                            + DEFAULT_BOOTSTRAP_SERVERS
                            + ")",
                    "  --input-topic <name>             score events (default "
                            + DEFAULT_INPUT_TOPIC
                            + ")",
                    "  --output-topic <name>            decisions (default "
                            + DEFAULT_OUTPUT_TOPIC
                            + ")",
                    "  --dead-letter-topic <name>       dead letters (default "
                            + DEFAULT_DEAD_LETTER_TOPIC
                            + ")",
                    "  --group-id <name>                consumer group (default "
                            + DEFAULT_GROUP_ID
                            + ")",
                    "  --starting-offsets earliest|latest|committed  without a checkpoint (default committed)",
                    "  --delivery-guarantee exactly-once|at-least-once  (default exactly-once)",
                    "  --transactional-id-prefix <p>    unique per job (default "
                            + DEFAULT_TRANSACTIONAL_ID_PREFIX
                            + ")",
                    "  --checkpoint-interval <duration> e.g. 5s, 500ms (default 5s)",
                    "  --checkpoint-dir <path>          keep checkpoints there and resume from them",
                    "  --kafka.<property>=<value>       any Kafka client property (security, ...)");

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
        Map<String, String> merged = new LinkedHashMap<>(jobSection(tree, configFile));
        merged.putAll(cli);
        OptionValues values = new OptionValues(merged);

        Endpoint source = values.choice(SOURCE, Endpoint.class, Endpoint.FILE);
        Endpoint sink = values.choice(SINK, Endpoint.class, source);
        Path input = values.path(INPUT, DEFAULT_INPUT);
        Path output = values.path(OUTPUT, DEFAULT_OUTPUT);
        if (source == Endpoint.FILE && !Files.exists(input)) {
            throw new IllegalArgumentException(
                    "--input "
                            + input
                            + " does not exist; point it at a JSON-lines file or a folder"
                            + " of them");
        }
        if (sink == Endpoint.FILE && Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(
                    "--output " + output + " is a file; it must be a folder (or not exist yet)");
        }
        return new JobOptions(
                source,
                sink,
                input,
                output,
                values.bool(OVERWRITE, false),
                kafka(values),
                values.duration(CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL),
                values.path(CHECKPOINT_DIR, null),
                configFile,
                scoring,
                values.positiveInt(PARALLELISM, 0));
    }

    private static KafkaOptions kafka(OptionValues values) {
        KafkaOptions kafka =
                new KafkaOptions(
                        values.string(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS),
                        values.string(INPUT_TOPIC, DEFAULT_INPUT_TOPIC),
                        values.string(OUTPUT_TOPIC, DEFAULT_OUTPUT_TOPIC),
                        values.string(DEAD_LETTER_TOPIC, DEFAULT_DEAD_LETTER_TOPIC),
                        values.string(GROUP_ID, DEFAULT_GROUP_ID),
                        values.choice(
                                STARTING_OFFSETS, StartingOffsets.class, StartingOffsets.COMMITTED),
                        values.choice(
                                DELIVERY_GUARANTEE,
                                DeliveryGuarantee.class,
                                DeliveryGuarantee.EXACTLY_ONCE),
                        values.string(TRANSACTIONAL_ID_PREFIX, DEFAULT_TRANSACTIONAL_ID_PREFIX),
                        values.withPrefix(KAFKA_PREFIX));
        if (kafka.deliveryGuarantee() == DeliveryGuarantee.NONE) {
            throw new IllegalArgumentException(
                    "--delivery-guarantee must be exactly-once or at-least-once, got 'none'");
        }
        if (kafka.outputTopic().equals(kafka.inputTopic())
                || kafka.deadLetterTopic().equals(kafka.inputTopic())) {
            throw new IllegalArgumentException(
                    "--output-topic and --dead-letter-topic must differ from --input-topic ("
                            + kafka.inputTopic()
                            + "): the job would read its own results");
        }
        if (kafka.outputTopic().equals(kafka.deadLetterTopic())) {
            throw new IllegalArgumentException(
                    "--output-topic and --dead-letter-topic must differ, both are "
                            + kafka.outputTopic());
        }
        return kafka;
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
            checkName(name, "option --" + name);
            if (NO_VALUE.equals(entry.getValue())) {
                if (!OVERWRITE.equals(name)) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                entry.setValue("true");
            }
        }
        return values;
    }

    private static void checkName(String name, String what) {
        boolean passThrough =
                name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length();
        if (!NAMES.contains(name) && !passThrough) {
            throw new IllegalArgumentException("unknown " + what + System.lineSeparator() + USAGE);
        }
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
            try {
                checkName(entry.getKey(), "key 'job." + entry.getKey() + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
            }
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }
}
