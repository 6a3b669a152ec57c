package io.flinksoftmax.job.options;

import static io.flinksoftmax.job.options.ScoringJobOptions.ALLOW_NON_RESTORED_STATE;
import static io.flinksoftmax.job.options.ScoringJobOptions.ASSEMBLY_MEMORY;
import static io.flinksoftmax.job.options.ScoringJobOptions.ASSEMBLY_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.BROKER_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.BUFFER_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.CHECKPOINT_DIR;
import static io.flinksoftmax.job.options.ScoringJobOptions.CHECKPOINT_INTERVAL;
import static io.flinksoftmax.job.options.ScoringJobOptions.CHECKPOINT_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.INPUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.KAFKA_PREFIX;
import static io.flinksoftmax.job.options.ScoringJobOptions.MAX_OPEN_BYTES;
import static io.flinksoftmax.job.options.ScoringJobOptions.MAX_OPEN_REQUESTS;
import static io.flinksoftmax.job.options.ScoringJobOptions.MIN_DEFAULT_RECOVERY_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.NAME;
import static io.flinksoftmax.job.options.ScoringJobOptions.OUTPUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.OVERWRITE;
import static io.flinksoftmax.job.options.ScoringJobOptions.PARALLELISM;
import static io.flinksoftmax.job.options.ScoringJobOptions.POLICY_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.POLICY_UPDATES;
import static io.flinksoftmax.job.options.ScoringJobOptions.QUIET;
import static io.flinksoftmax.job.options.ScoringJobOptions.RECOVERY_TIMEOUT;
import static io.flinksoftmax.job.options.ScoringJobOptions.SCORING_CONFIG;
import static io.flinksoftmax.job.options.ScoringJobOptions.SINK;
import static io.flinksoftmax.job.options.ScoringJobOptions.SOURCE;

import io.flinksoftmax.job.file.InputFiles;
import io.flinksoftmax.job.file.OutputFolder;
import io.flinksoftmax.job.kafka.KafkaOptions;
import io.flinksoftmax.operator.AssemblySettings;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's options, parsed once at start and validated with messages that say what to fix. Values
 * come from the {@code job:} section of the config file, overridden by the command line ({@code
 * --name value} or {@code --name=value}). Each option is a typed {@link ScoringJobOptions} entry
 * with its default and description; {@link OptionsHelp} renders them for {@code --help} and the
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
 * @param policyTopic Kafka topic of policy documents applied at runtime, or {@code null}
 * @param policyUpdates file of policy documents applied in order, or {@code null}
 * @param bufferTimeout streaming runs: the network buffer timeout between tasks
 * @param feedback the feedback input and calibration settings
 * @param allowNonRestoredState whether a restore may drop state of operators the job no longer has
 * @param assembly how requests are put together from per-candidate events
 */
@PublicEvolving
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
        int parallelism,
        String policyTopic,
        Path policyUpdates,
        Duration bufferTimeout,
        FeedbackSettings feedback,
        boolean allowNonRestoredState,
        AssemblySettings assembly) {

    /**
     * Restarts of a streaming job before it fails for good: with backoff from 1 s doubling to 1
     * min, ten attempts take about five minutes; a job that runs an hour without failing starts
     * counting afresh.
     */
    public static final int MAX_RESTARTS = 10;

    /** Whether policies can change while the job runs: a control input is given. */
    public boolean hasControlInput() {
        return policyTopic != null || policyUpdates != null;
    }

    /** The longest wait between two restarts. */
    public static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(JobOptions.class);

    /** The old name of {@link ScoringJobOptions#SCORING_CONFIG}, refused with the new one. */
    private static final String RENAMED_CONFIG = "config";

    /** The options that may be given without a value: the boolean ones. */
    private static final Set<String> FLAGS =
            ScoringJobOptions.ALL.stream()
                    .filter(d -> d.option().defaultValue() instanceof Boolean)
                    .map(d -> d.option().key())
                    .collect(Collectors.toUnmodifiableSet());

    /** Whether the command line asks for the usage text ({@code --help} or {@code -h}). */
    public static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses and validates the command line (and the config file it names).
     *
     * @throws IllegalArgumentException with a message that names the option and what to fix
     */
    public static JobOptions parse(String[] args) {
        JobArguments split = JobArguments.split(args);
        if (!split.flinkSettings().isEmpty()) {
            LOG.info(
                    "Ignoring {} Flink setting(s) given after the job's options (the entrypoint's"
                            + " own, already in force in this process): {}",
                    split.flinkSettings().size(),
                    String.join(", ", new TreeSet<>(split.flinkSettings().keySet())));
        }
        Map<String, String> cli;
        try {
            cli = CommandLine.parse(split.jobArgs().toArray(String[]::new), FLAGS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + System.lineSeparator() + OptionsHelp.usage(), e);
        }
        cli.forEach(
                (key, value) -> {
                    checkKey(key, "option --" + key);
                    if (value == null) {
                        throw new IllegalArgumentException("--" + key + " needs a value");
                    }
                });
        Path configFile =
                Path.of(cli.getOrDefault(SCORING_CONFIG.key(), SCORING_CONFIG.defaultValue()));
        ConfigFile file = ConfigFile.read(configFile);
        for (String key : file.jobSection().keySet()) {
            try {
                checkKey(key, "key 'job." + key + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(file.jobSection());
        merged.putAll(cli);
        OptionReader values = new OptionReader(merged);

        Endpoint source = values.get(SOURCE);
        Endpoint sink = values.optional(SINK).orElse(source);
        Path input = Path.of(values.get(INPUT));
        Path output = Path.of(values.get(OUTPUT));
        if (source == Endpoint.FILE) {
            InputFiles.check(input);
        }
        if (sink == Endpoint.FILE && Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(
                    "--output " + output + " is a file; it must be a folder (or not exist yet)");
        }
        KafkaOptions kafka = KafkaSettings.read(values);
        Duration checkpointInterval = values.get(CHECKPOINT_INTERVAL);
        Duration checkpointTimeout = values.get(CHECKPOINT_TIMEOUT);
        Duration checkpointBound = checkpointInterval.plus(checkpointTimeout);
        // Unless given, long enough for a slow checkpoint and the longest restart backoff.
        Duration recoveryTimeout =
                values.optional(RECOVERY_TIMEOUT)
                        .orElse(
                                max(
                                        MIN_DEFAULT_RECOVERY_TIMEOUT,
                                        checkpointBound.plus(MAX_RESTART_BACKOFF)));
        KafkaSettings.check(
                source, sink, kafka, file.scoring(), checkpointInterval, checkpointTimeout);
        if (source == Endpoint.KAFKA && recoveryTimeout.compareTo(checkpointBound) <= 0) {
            throw new IllegalArgumentException(
                    "--recovery-timeout ("
                            + TimeUtils.formatWithHighestUnit(recoveryTimeout)
                            + ") must be longer than --checkpoint-interval + --checkpoint-timeout ("
                            + TimeUtils.formatWithHighestUnit(checkpointBound)
                            + "): a healthy job may take that long to complete a checkpoint");
        }
        String policyTopic = values.optional(POLICY_TOPIC).orElse(null);
        Path policyUpdates = values.optional(POLICY_UPDATES).map(Path::of).orElse(null);
        if (policyTopic != null && policyUpdates != null) {
            throw new IllegalArgumentException(
                    "give --policy-topic or --policy-updates, not both: one control input");
        }
        if (policyTopic != null && source != Endpoint.KAFKA) {
            throw new IllegalArgumentException(
                    "--policy-topic needs --source kafka; a file run takes --policy-updates <file>");
        }
        if (policyUpdates != null && !Files.isRegularFile(policyUpdates)) {
            throw new IllegalArgumentException(
                    "--policy-updates " + policyUpdates + " is not a file");
        }
        FeedbackSettings feedback = FeedbackSettings.read(values, source, sink);
        if (sink == Endpoint.FILE) {
            // A run must never read what it writes, nor --overwrite delete what it reads.
            if (source == Endpoint.FILE) {
                OutputFolder.overlap("--" + INPUT.key(), input, output);
            }
            if (policyUpdates != null) {
                OutputFolder.overlap("--" + POLICY_UPDATES.key(), policyUpdates, output);
            }
            if (feedback.file() != null) {
                OutputFolder.overlap("--feedback", feedback.file(), output);
            }
        }
        return new JobOptions(
                values.get(NAME),
                source,
                sink,
                input,
                output,
                values.get(OVERWRITE),
                values.get(QUIET),
                kafka,
                checkpointInterval,
                checkpointTimeout,
                recoveryTimeout,
                values.get(BROKER_TIMEOUT),
                values.optional(CHECKPOINT_DIR).map(Path::of).orElse(null),
                configFile,
                file.scoring(),
                values.optional(PARALLELISM).orElse(0),
                policyTopic,
                policyUpdates,
                values.get(BUFFER_TIMEOUT),
                feedback,
                values.get(ALLOW_NON_RESTORED_STATE),
                assembly(values));
    }

    /** The assembly options; their rules are {@link AssemblySettings}'. */
    private static AssemblySettings assembly(OptionReader values) {
        return new AssemblySettings(
                values.get(ASSEMBLY_TIMEOUT),
                values.get(ASSEMBLY_MEMORY),
                values.get(MAX_OPEN_REQUESTS),
                values.optional(MAX_OPEN_BYTES)
                        .map(MemorySize::getBytes)
                        .orElse(AssemblySettings.AUTOMATIC));
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
                    MessageDigest.getInstance("SHA-256")
                            .digest(prefix.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return safe + "-" + HexFormat.of().formatHex(hash, 0, 4);
    }

    /**
     * Refuses a name that is neither an option nor a {@code kafka.} pass-through, listing the
     * options.
     */
    private static void checkKey(String key, String what) {
        if (key.equals(RENAMED_CONFIG)) {
            throw new IllegalArgumentException(
                    what
                            + " is now --"
                            + SCORING_CONFIG.key()
                            + ": Flink's application-mode entrypoint reads --config as its own"
                            + " --configDir, so the job would never see it");
        }
        boolean passThrough = key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length();
        boolean known = ScoringJobOptions.ALL.stream().anyMatch(d -> d.option().key().equals(key));
        if (!known && !passThrough) {
            throw new IllegalArgumentException(
                    "unknown " + what + System.lineSeparator() + OptionsHelp.usage());
        }
    }
}
