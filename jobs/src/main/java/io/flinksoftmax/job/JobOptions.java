package io.flinksoftmax.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.flinksoftmax.job.file.InputFiles;
import io.flinksoftmax.job.kafka.DeliveryChecks;
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
import org.apache.flink.util.TimeUtils;

/**
 * The job's options, parsed once at start and validated with messages that say what to fix. Values
 * come from the {@code job:} section of the config file, overridden by the command line ({@code
 * --name value} or {@code --name=value}). Every option has a default; see {@link #USAGE} and the
 * README.
 *
 * @param name the deployment's name: the Flink job's name, and the default consumer group (and so
 *     part of the default transactional-id prefix)
 * @param source where events come from
 * @param sink where decisions and dead letters go
 * @param input file source: a JSON-lines file or a folder of them
 * @param output file sink: the folder that receives {@code decisions/} and {@code dead-letters/}
 * @param overwrite file sink: whether results of an earlier run may be replaced
 * @param quiet embedded runs: no progress lines
 * @param kafka Kafka source and sink settings (defaults when neither end is Kafka)
 * @param checkpointInterval how often a streaming job checkpoints (and, exactly-once, commits)
 * @param checkpointTimeout how long a checkpoint may take before it is given up
 * @param recoveryTimeout embedded streaming runs: how long without a completed checkpoint before
 *     the process gives up and exits non-zero
 * @param brokerTimeout how long the start-up checks wait for a Kafka broker to answer
 * @param checkpointDir where checkpoints are kept so that a restarted job resumes, or {@code null}
 *     to keep them in memory
 * @param configFile the scoring config file
 * @param scoring the scoring config, read and validated
 * @param parallelism operator parallelism, or 0 for the environment's default
 */
public record JobOptions(
        String name,
        Endpoint source,
        Endpoint sink,
        Path input,
        Path output,
        boolean overwrite,
        boolean quiet,
        KafkaOptions kafka,
        Duration checkpointInterval,
        Duration checkpointTimeout,
        Duration recoveryTimeout,
        Duration brokerTimeout,
        Path checkpointDir,
        Path configFile,
        ScoringConfig scoring,
        int parallelism) {

    public static final String NAME = "name";
    public static final String BROKER_TIMEOUT = "broker-timeout";
    public static final String SOURCE = "source";
    public static final String SINK = "sink";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";
    public static final String QUIET = "quiet";
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
    public static final String CHECKPOINT_TIMEOUT = "checkpoint-timeout";
    public static final String RECOVERY_TIMEOUT = "recovery-timeout";
    public static final String PARTITION_DISCOVERY_INTERVAL = "partition-discovery-interval";
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
    public static final String DEFAULT_NAME = "flink-softmax";
    public static final Duration DEFAULT_BROKER_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    /**
     * Far above the seconds a checkpoint of this job takes, and with the default interval well
     * within half the sink's 10-minute transaction timeout (see {@link
     * io.flinksoftmax.job.kafka.DeliveryChecks}). Flink's own default, 10 minutes, is not.
     */
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Above the default checkpoint interval and timeout plus the longest restart backoff (1 min),
     * so a job that is only slow to recover is not given up: five minutes without a completed
     * checkpoint means it cannot. Longer when the checkpoint settings are.
     */
    public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(5);

    private static final Set<String> NAMES =
            Set.of(
                    NAME,
                    BROKER_TIMEOUT,
                    SOURCE,
                    SINK,
                    INPUT,
                    OUTPUT,
                    OVERWRITE,
                    QUIET,
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
                    CHECKPOINT_TIMEOUT,
                    RECOVERY_TIMEOUT,
                    PARTITION_DISCOVERY_INTERVAL,
                    CHECKPOINT_DIR);

    /** What ParameterTool stores for a flag given without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    /** The options as the README lists them, for usage messages. */
    public static final String USAGE =
            String.join(
                    System.lineSeparator(),
                    "Options (the command line overrides the 'job:' section of --config):",
                    "  --name <name>                    the deployment: job name, default group id (default "
                            + DEFAULT_NAME
                            + ")",
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
                    "  --quiet [true|false]             no progress lines while an embedded job runs (default"
                            + " false)",
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
                    "  --group-id <name>                consumer group (default: --name)",
                    "  --broker-timeout <duration>      how long the start-up checks wait for Kafka"
                            + " (default 20s)",
                    "  --starting-offsets earliest|latest|committed  without a checkpoint (default committed)",
                    "  --delivery-guarantee exactly-once|at-least-once  (default exactly-once)",
                    "  --transactional-id-prefix <p>    unique per deployment (default:"
                            + " <group-id>/<input-topic>/<output-topic>/<dead-letter-topic>)",
                    "  --checkpoint-interval <duration> e.g. 5s, 500ms (default 5s)",
                    "  --checkpoint-timeout <duration>  give a checkpoint up after this (default 2 min)",
                    "  --recovery-timeout <duration>    embedded: exit non-zero after this long without a"
                            + " completed checkpoint (default 5 min, or interval + checkpoint"
                            + " timeout + 1 min if longer)",
                    "  --partition-discovery-interval <duration>  look for new input partitions"
                            + " (default 30s)",
                    "  --checkpoint-dir <path>          keep checkpoints there and resume from them",
                    "  --kafka.<property>=<value>       any Kafka client property (security, ...)",
                    "  --help, -h                       print this and exit");

    /** Whether the command line asks for the usage text ({@code --help} or {@code -h}). */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** Every option's name (without {@code --}), for checks that the docs list them all. */
    static Set<String> names() {
        return NAMES;
    }

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
        if (source == Endpoint.FILE) {
            InputFiles.check(input);
        }
        if (sink == Endpoint.FILE && Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(
                    "--output " + output + " is a file; it must be a folder (or not exist yet)");
        }
        KafkaOptions kafka = kafka(values);
        Duration checkpointInterval =
                values.duration(CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        Duration checkpointTimeout =
                values.duration(CHECKPOINT_TIMEOUT, DEFAULT_CHECKPOINT_TIMEOUT);
        // Unless given, long enough for a slow checkpoint and the longest restart backoff.
        Duration recoveryTimeout =
                values.duration(
                        RECOVERY_TIMEOUT,
                        max(
                                DEFAULT_RECOVERY_TIMEOUT,
                                checkpointInterval
                                        .plus(checkpointTimeout)
                                        .plus(ScoringJobMain.MAX_RESTART_BACKOFF)));
        checkKafka(source, sink, kafka, scoring, checkpointInterval, checkpointTimeout);
        if (source == Endpoint.KAFKA
                && recoveryTimeout.compareTo(checkpointInterval.plus(checkpointTimeout)) <= 0) {
            throw new IllegalArgumentException(
                    "--recovery-timeout ("
                            + TimeUtils.formatWithHighestUnit(recoveryTimeout)
                            + ") must be longer than --checkpoint-interval + --checkpoint-timeout ("
                            + TimeUtils.formatWithHighestUnit(
                                    checkpointInterval.plus(checkpointTimeout))
                            + "): a healthy job may take that long to complete a checkpoint");
        }
        return new JobOptions(
                values.string(NAME, DEFAULT_NAME),
                source,
                sink,
                input,
                output,
                values.bool(OVERWRITE, false),
                values.bool(QUIET, false),
                kafka,
                checkpointInterval,
                checkpointTimeout,
                recoveryTimeout,
                values.duration(BROKER_TIMEOUT, DEFAULT_BROKER_TIMEOUT),
                values.path(CHECKPOINT_DIR, null),
                configFile,
                scoring,
                values.positiveInt(PARALLELISM, 0));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * The deployment's identity as a folder name: its transactional-id prefix (by default group id
     * and topics) with unsafe characters replaced, plus a hash of the exact prefix so that two
     * prefixes that read alike never share a folder. Names the checkpoint folder and the instance
     * lock.
     */
    public String deploymentName() {
        String prefix = kafka.transactionalIdPrefix();
        String safe = prefix.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        byte[] hash;
        try {
            hash =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return safe + "-" + java.util.HexFormat.of().formatHex(hash, 0, 4);
    }

    /**
     * Kafka settings that would fail the job or lose output later: checked now, with the numbers.
     */
    private static void checkKafka(
            Endpoint source,
            Endpoint sink,
            KafkaOptions kafka,
            ScoringConfig scoring,
            Duration checkpointInterval,
            Duration checkpointTimeout) {
        if (sink != Endpoint.KAFKA) {
            return;
        }
        // With a file source the job is a bounded batch job: no checkpoints, no transactions
        // held open between them.
        if (source == Endpoint.KAFKA) {
            DeliveryChecks.checkTransactionTiming(
                    kafka.deliveryGuarantee(),
                    checkpointInterval,
                    checkpointTimeout,
                    DeliveryChecks.transactionTimeout(kafka.clientProperties()));
        }
        DeliveryChecks.checkRequestSize(
                scoring.limits().maxOutputBytes(), kafka.clientProperties());
    }

    private static KafkaOptions kafka(OptionValues values) {
        // The deployment's name is its default group: two names, two groups.
        String groupId = values.string(GROUP_ID, values.string(NAME, DEFAULT_NAME));
        String inputTopic = values.string(INPUT_TOPIC, DEFAULT_INPUT_TOPIC);
        String outputTopic = values.string(OUTPUT_TOPIC, DEFAULT_OUTPUT_TOPIC);
        String deadLetterTopic = values.string(DEAD_LETTER_TOPIC, DEFAULT_DEAD_LETTER_TOPIC);
        KafkaOptions kafka =
                new KafkaOptions(
                        values.string(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS),
                        inputTopic,
                        outputTopic,
                        deadLetterTopic,
                        groupId,
                        values.choice(
                                STARTING_OFFSETS, StartingOffsets.class, StartingOffsets.COMMITTED),
                        values.choice(
                                DELIVERY_GUARANTEE,
                                DeliveryGuarantee.class,
                                DeliveryGuarantee.EXACTLY_ONCE),
                        values.string(
                                TRANSACTIONAL_ID_PREFIX,
                                defaultTransactionalIdPrefix(
                                        groupId, inputTopic, outputTopic, deadLetterTopic)),
                        values.duration(
                                PARTITION_DISCOVERY_INTERVAL,
                                KafkaOptions.DEFAULT_PARTITION_DISCOVERY_INTERVAL),
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

    /**
     * The transactional-id prefix when none is given: the deployment's identity, so that two jobs
     * that read or write different topics, or consume as different groups, never fence each other,
     * while a second copy of the same job (same group, same topics) is fenced, as it must be.
     * Stable across restarts: a restarted job finds and aborts its own open transactions.
     */
    static String defaultTransactionalIdPrefix(
            String groupId, String inputTopic, String outputTopic, String deadLetterTopic) {
        return String.join("/", groupId, inputTopic, outputTopic, deadLetterTopic);
    }

    private static Map<String, String> commandLine(String[] args) {
        // --name=value is read here: ParameterTool would take a value such as -1s for a flag.
        List<String> rest = new ArrayList<>();
        Map<String, String> assigned = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                assigned.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                rest.add(arg);
            }
        }
        Map<String, String> values;
        try {
            values =
                    new LinkedHashMap<>(
                            ParameterTool.fromArgs(rest.toArray(new String[0])).toMap());
            values.putAll(assigned);
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
                if (!OVERWRITE.equals(name) && !QUIET.equals(name)) {
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
