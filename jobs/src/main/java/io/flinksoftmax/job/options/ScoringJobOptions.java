package io.flinksoftmax.job.options;

import static org.apache.flink.configuration.ConfigOptions.key;

import io.flinksoftmax.job.kafka.StartingOffsets;
import io.flinksoftmax.operator.AssemblySettings;
import java.time.Duration;
import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The job's options as Flink {@link ConfigOption}s: key, type, default and description in one
 * place. {@link JobOptions#parse} reads them, {@link OptionsHelp} renders {@code --help} and the
 * option table of docs/configuration.md from them, and a test keeps that page in step.
 *
 * <p>Each option is written {@code --key value} or {@code --key=value} on the command line, or
 * {@code key: value} under {@code job:} in the config file. Options without a default here take one
 * that depends on other options (see {@link Documented#shownDefault()}).
 *
 * <pre>{@code
 * java -jar flink-softmax.jar --source kafka --checkpoint-interval 10s
 * }</pre>
 */
@PublicEvolving
public final class ScoringJobOptions {

    public static final ConfigOption<String> NAME =
            key("name")
                    .stringType()
                    .defaultValue("flink-softmax")
                    .withDescription(
                            "the deployment: the Flink job's name and the default `--group-id`"
                                    + " (hence part of the default transactional-id prefix)."
                                    + " Give each deployment its own");

    public static final ConfigOption<Endpoint> SOURCE =
            key("source")
                    .enumType(Endpoint.class)
                    .defaultValue(Endpoint.FILE)
                    .withDescription("where events come from");

    public static final ConfigOption<Endpoint> SINK =
            key("sink")
                    .enumType(Endpoint.class)
                    .noDefaultValue()
                    .withDescription("where decisions and dead letters go");

    public static final ConfigOption<String> SCORING_CONFIG =
            key("scoring-config")
                    .stringType()
                    .defaultValue("config/scoring.yaml")
                    .withDescription(
                            "scoring policies and limits; its `job:` section holds defaults for"
                                    + " these options");

    public static final ConfigOption<Integer> PARALLELISM =
            key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription("operator parallelism, >= 1");

    public static final ConfigOption<String> INPUT =
            key("input")
                    .stringType()
                    .defaultValue("config/samples/events.jsonl")
                    .withDescription(
                            "file source: JSON lines. A named file is read whatever its name; in a"
                                    + " folder, the regular files (and links to them) are read,"
                                    + " and the job lists at start what it skips: names starting"
                                    + " with `.` or `_` (markers such as `_SUCCESS`), pipes,"
                                    + " devices, sockets, links to folders, broken links. `.gz`,"
                                    + " `.bz2`, `.xz`, `.deflate` files are decompressed, so they"
                                    + " must be compressed; a file that fails while it is read"
                                    + " (truncated, corrupt) keeps the records before the failure"
                                    + " and becomes an `unreadable_input` dead letter, and the run"
                                    + " goes on. A pipe or device named as `--input` (`/dev/stdin`)"
                                    + " is refused");

    public static final ConfigOption<String> OUTPUT =
            key("output")
                    .stringType()
                    .defaultValue("output")
                    .withDescription("file sink: receives `decisions/` and `dead-letters/`");

    public static final ConfigOption<Boolean> OVERWRITE =
            key("overwrite")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "file sink: replace the results of an earlier run; without it the job"
                                    + " refuses to mix old and new part files. It deletes only the"
                                    + " job's own part files (`decisions-<uuid>-<n>.jsonl`, ...) in"
                                    + " the result folders, and refuses to start, deleting nothing,"
                                    + " when one of them holds anything else; an input in or around"
                                    + " `--output` is refused whatever this says");

    public static final ConfigOption<Boolean> QUIET =
            key("quiet")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "embedded runs: no progress line (records in, decisions, dead letters,"
                                    + " records/s) on stderr every 10 s");

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            key("bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka brokers");

    public static final ConfigOption<String> INPUT_TOPIC =
            key("input-topic").stringType().defaultValue("scores").withDescription("score events");

    public static final ConfigOption<String> OUTPUT_TOPIC =
            key("output-topic")
                    .stringType()
                    .defaultValue("decisions")
                    .withDescription("decisions, keyed by event id");

    public static final ConfigOption<String> DEAD_LETTER_TOPIC =
            key("dead-letter-topic")
                    .stringType()
                    .defaultValue("dead-letters")
                    .withDescription("dead letters, keyed by event id where known");

    public static final ConfigOption<String> GROUP_ID =
            key("group-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("consumer group; offsets are committed on checkpoints");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "where a job without a checkpoint starts (`committed` falls back to"
                                    + " earliest)");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            key("delivery-guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription(
                            "Kafka transactions committed on checkpoints, or plain flushes");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            key("transactional-id-prefix")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "stable and unique per deployment (the two sinks append `-decisions` /"
                                    + " `-dead-letters`). The default differs between jobs with"
                                    + " different groups or topics, and is the same for a second"
                                    + " copy of the same job, which is then fenced");

    public static final ConfigOption<Duration> BROKER_TIMEOUT =
            key("broker-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(20))
                    .withDescription(
                            "how long the start-up checks wait for a Kafka broker; then the job"
                                    + " exits with status 2 and says so");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "how often a Kafka job checkpoints; exactly-once output becomes"
                                    + " readable at each one");

    /**
     * Far above the seconds a checkpoint of this job takes, and with the default interval well
     * within half the sink's 10-minute transaction timeout (see {@link
     * io.flinksoftmax.job.kafka.DeliveryChecks}). Flink's own default, 10 minutes, is not.
     */
    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            key("checkpoint-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription(
                            "a checkpoint that takes longer is given up. Exactly-once: interval +"
                                    + " timeout must be at most half the sink's"
                                    + " `transaction.timeout.ms` (10 min unless"
                                    + " `--kafka.transaction.timeout.ms` says otherwise), or the"
                                    + " job refuses to start — a transaction the broker aborts"
                                    + " before its checkpoint commits it loses its records");

    public static final ConfigOption<String> POLICY_TOPIC =
            key("policy-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka source: a topic of policy documents applied while the job runs"
                                    + " (see \"Changing policies at runtime\"); read from its"
                                    + " start, then from the checkpointed offsets");

    public static final ConfigOption<String> POLICY_UPDATES =
            key("policy-updates")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "a JSON-lines file of policy documents, applied in order: for"
                                    + " embedded runs, tests and demos. With a file source (a"
                                    + " batch run) every document is applied before the first"
                                    + " event");

    public static final ConfigOption<String> FEEDBACK =
            key("feedback")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "a JSON-lines file of feedback (clicks, true labels) to attribute to"
                                    + " the decisions and calibrate (see \"Feedback and"
                                    + " calibration\"); calibration records go to"
                                    + " <output>/calibration/");

    public static final ConfigOption<String> FEEDBACK_TOPIC =
            key("feedback-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka source: a topic of feedback; needs --calibration-topic with a"
                                    + " Kafka sink");

    public static final ConfigOption<String> CALIBRATION_TOPIC =
            key("calibration-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka sink: where calibration records go (keyed by"
                                    + " model/placement), with the decisions' delivery guarantee");

    public static final ConfigOption<String> EVALUATION_TOPIC =
            key("evaluation-topic")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka sink: where off-policy evaluation records go (keyed by"
                                    + " placement/target), with the decisions' delivery"
                                    + " guarantee; without it a Kafka run keeps the evaluation"
                                    + " gauges only. A file run writes <output>/evaluation/");

    public static final ConfigOption<Duration> EVALUATION_WINDOW =
            key("evaluation-window")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "tumbling event-time window of each evaluation record (README"
                                    + " \"Shadow policies\"); a decision counts in the window"
                                    + " where its attribution window ends");

    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW =
            key("attribution-window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "how long after a decision (its event time) a click counts for it;"
                                    + " then its unclicked impressions are negatives");

    public static final ConfigOption<Duration> CALIBRATION_WINDOW =
            key("calibration-window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "tumbling event-time window of each calibration record; an"
                                    + " impression counts in the window where its attribution"
                                    + " window ends");

    public static final ConfigOption<Duration> ASSEMBLY_TIMEOUT =
            key("assembly-timeout")
                    .durationType()
                    .defaultValue(AssemblySettings.DEFAULTS.timeout())
                    .withDescription(
                            "per-candidate events: how long after its first candidate a request"
                                    + " that is not complete is decided with what it has"
                                    + " (processing time; more than 0, at most 1 h)");

    public static final ConfigOption<Duration> ASSEMBLY_MEMORY =
            key("assembly-memory")
                    .durationType()
                    .defaultValue(AssemblySettings.DEFAULTS.memory())
                    .withDescription(
                            "per-candidate events: how long a decided request id is remembered,"
                                    + " so that a straggler is a `late_candidate` dead letter and"
                                    + " not a second decision (at least `--assembly-timeout`)");

    public static final ConfigOption<Integer> MAX_OPEN_REQUESTS =
            key("max-open-requests")
                    .intType()
                    .defaultValue(AssemblySettings.DEFAULTS.maxOpenRequests())
                    .withDescription(
                            "per-candidate events: requests open at once on one subtask; a"
                                    + " candidate that would open one more is an"
                                    + " `assembly_overflow` dead letter");

    public static final ConfigOption<MemorySize> MAX_OPEN_BYTES =
            key("max-open-bytes")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "per-candidate events: heap that open requests may hold on one"
                                    + " subtask (their records, ids and scores); a candidate"
                                    + " that would take more is an `assembly_overflow` dead"
                                    + " letter, not an out-of-memory failure");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            key("max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "feedback: how far behind the newest time seen a decision or a"
                                    + " feedback record may arrive and still be on time");

    public static final ConfigOption<Duration> IDLENESS =
            key("idleness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription(
                            "feedback: a Kafka partition (or input) quiet this long stops"
                                    + " holding event time back; the control input is always"
                                    + " idle");

    public static final ConfigOption<String> CHECKPOINT_DIR =
            key("checkpoint-dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "keep checkpoints there, per deployment; a restarted run resumes from"
                                    + " the newest one (see \"Running on Kafka\")");

    public static final ConfigOption<Boolean> ALLOW_NON_RESTORED_STATE =
            key("allow-non-restored-state")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "with `--checkpoint-dir`: resume even if the checkpoint holds state of"
                                    + " an operator the job no longer has (e.g. after dropping"
                                    + " `--policy-topic` or `--feedback-topic`); that state is"
                                    + " dropped. Flink's `--allowNonRestoredState`, for the job's"
                                    + " own resume");

    /**
     * Above the default checkpoint interval and timeout plus the longest restart backoff (1 min),
     * so a job that is only slow to recover is not given up: five minutes without a completed
     * checkpoint means it cannot. Longer when the checkpoint settings are.
     */
    public static final ConfigOption<Duration> RECOVERY_TIMEOUT =
            key("recovery-timeout")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "embedded Kafka runs: with no completed checkpoint for this long,"
                                    + " cancel the job and exit with status 1 (see \"Running"
                                    + " unattended\")");

    /**
     * New partitions are scored within half a minute, at the cost of one metadata request per
     * interval (the connector's own default is 5 minutes).
     */
    public static final ConfigOption<Duration> PARTITION_DISCOVERY_INTERVAL =
            key("partition-discovery-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "how often the source looks for new input partitions (the"
                                    + " connector's own default is 5 min)");

    /**
     * 1 ms: records of per-candidate events always cross the network (to the assembler, keyed by
     * request), and at 5,000 requests/s the 10 ms this was before made the complete requests' p99
     * 55 ms against 8-11 ms, with no throughput cost measurable at full speed (BENCHMARKS.md
     * "Kafka: assembly latency").
     */
    public static final ConfigOption<Duration> BUFFER_TIMEOUT =
            key("buffer-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(1))
                    .withDescription(
                            "streaming runs: the longest a record waits in a network buffer"
                                    + " before it is sent to the next task (Flink's default is"
                                    + " 100 ms). Without a control input, per-candidate events or"
                                    + " feedback the job is one chain of tasks and nothing waits;"
                                    + " with them, records cross the network and wait up to this"
                                    + " long. Lower: less latency, more CPU at low rates");

    /** The shortest recovery timeout when none is given; see {@link #RECOVERY_TIMEOUT}. */
    public static final Duration MIN_DEFAULT_RECOVERY_TIMEOUT = Duration.ofMinutes(5);

    /** Prefix of pass-through Kafka client properties: {@code --kafka.security.protocol=SSL}. */
    public static final String KAFKA_PREFIX = "kafka.";

    /**
     * How an option is shown in {@code --help} and the README.
     *
     * @param option the option
     * @param argument what follows the option's name, e.g. {@code <duration>}; empty for none
     * @param shownDefault the default as documented, or {@code null} for the option's own default
     *     value
     */
    public record Documented(ConfigOption<?> option, String argument, String shownDefault) {}

    /** Every option, in the order the docs list them. */
    public static final List<Documented> ALL =
            List.of(
                    new Documented(NAME, "<name>", null),
                    new Documented(SOURCE, "file|kafka", null),
                    new Documented(SINK, "file|kafka", "as `--source`"),
                    new Documented(SCORING_CONFIG, "<yaml>", null),
                    new Documented(PARALLELISM, "<n>", "the environment's (embedded: CPU cores)"),
                    new Documented(INPUT, "<file or folder>", null),
                    new Documented(OUTPUT, "<folder>", null),
                    new Documented(QUIET, "[true|false]", null),
                    new Documented(OVERWRITE, "[true|false]", null),
                    new Documented(BOOTSTRAP_SERVERS, "<host:port,...>", null),
                    new Documented(INPUT_TOPIC, "<name>", null),
                    new Documented(OUTPUT_TOPIC, "<name>", null),
                    new Documented(DEAD_LETTER_TOPIC, "<name>", null),
                    new Documented(GROUP_ID, "<name>", "`--name`"),
                    new Documented(STARTING_OFFSETS, "earliest|latest|committed", null),
                    new Documented(DELIVERY_GUARANTEE, "exactly-once|at-least-once", null),
                    new Documented(
                            TRANSACTIONAL_ID_PREFIX,
                            "<prefix>",
                            "`<group-id>/<input-topic>/<output-topic>/<dead-letter-topic>`"),
                    new Documented(POLICY_TOPIC, "<name>", "none"),
                    new Documented(POLICY_UPDATES, "<file>", "none"),
                    new Documented(FEEDBACK, "<file>", "none"),
                    new Documented(FEEDBACK_TOPIC, "<name>", "none"),
                    new Documented(CALIBRATION_TOPIC, "<name>", "none"),
                    new Documented(ATTRIBUTION_WINDOW, "<duration>", null),
                    new Documented(CALIBRATION_WINDOW, "<duration>", null),
                    new Documented(EVALUATION_TOPIC, "<name>", "none"),
                    new Documented(EVALUATION_WINDOW, "<duration>", "`--calibration-window`"),
                    new Documented(MAX_OUT_OF_ORDERNESS, "<duration>", null),
                    new Documented(IDLENESS, "<duration>", null),
                    new Documented(ASSEMBLY_TIMEOUT, "<duration>", null),
                    new Documented(ASSEMBLY_MEMORY, "<duration>", null),
                    new Documented(MAX_OPEN_REQUESTS, "<count>", null),
                    new Documented(
                            MAX_OPEN_BYTES,
                            "<size>",
                            "60 % of the JVM heap over the TaskManager's slots (about 300 MB in"
                                    + " Flink's default TaskManager)"),
                    new Documented(BROKER_TIMEOUT, "<duration>", null),
                    new Documented(CHECKPOINT_INTERVAL, "<duration>", null),
                    new Documented(CHECKPOINT_TIMEOUT, "<duration>", null),
                    new Documented(
                            CHECKPOINT_DIR,
                            "<path>",
                            "embedded: a temporary folder, deleted at exit; on a cluster, its"
                                    + " `execution.checkpointing.dir`"),
                    new Documented(ALLOW_NON_RESTORED_STATE, "[true|false]", null),
                    new Documented(
                            RECOVERY_TIMEOUT,
                            "<duration>",
                            "`5 min` (or interval + checkpoint timeout + 1 min if longer)"),
                    new Documented(PARTITION_DISCOVERY_INTERVAL, "<duration>", null),
                    new Documented(BUFFER_TIMEOUT, "<duration>", null));

    private ScoringJobOptions() {}
}
