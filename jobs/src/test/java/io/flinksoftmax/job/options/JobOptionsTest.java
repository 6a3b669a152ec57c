package io.flinksoftmax.job.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.operator.AssemblySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobOptionsTest {

    @TempDir Path dir;
    private Path config;
    private Path input;

    @BeforeEach
    void writeFiles() throws IOException {
        input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        config =
                Files.writeString(
                        dir.resolve("scoring.yaml"),
                        "policies:\n  default: {}\njob:\n  input: "
                                + input
                                + "\n  output: "
                                + dir.resolve("from-file")
                                + "\n  parallelism: 3\n");
    }

    @Test
    void readsTheJobSectionOfTheConfigFile() {
        JobOptions options = JobOptions.parse(new String[] {"--scoring-config", config.toString()});
        assertThat(options.input()).isEqualTo(input);
        assertThat(options.output()).isEqualTo(dir.resolve("from-file"));
        assertThat(options.parallelism()).isEqualTo(3);
        assertThat(options.overwrite()).isFalse();
        assertThat(options.scoring().policyFor(null).name()).isEqualTo("default");
    }

    @Test
    void commandLineOverridesTheFileInBothSpellings() {
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config",
                            config.toString(),
                            "--output=" + dir.resolve("cli"),
                            "--parallelism",
                            "1",
                            "--overwrite"
                        });
        assertThat(options.output()).isEqualTo(dir.resolve("cli"));
        assertThat(options.parallelism()).isEqualTo(1);
        assertThat(options.overwrite()).isTrue();
    }

    @Test
    void shippedDefaultsWorkFromTheProjectRoot() {
        // The README's run command relies on these defaults (run from the repository root).
        assertThat(Path.of("..", ScoringJobOptions.SCORING_CONFIG.defaultValue())).isRegularFile();
        assertThat(Path.of("..", ScoringJobOptions.INPUT.defaultValue())).isRegularFile();
    }

    @Test
    void failsAtStartWithMessagesThatSayWhatToFix() {
        String c = config.toString();
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", c, "--paralelism", "2"}))
                .hasMessageContaining("unknown option --paralelism")
                .hasMessageContaining("--parallelism <n>");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", c, "--parallelism", "0"}))
                .hasMessageContaining(
                        "--parallelism must be a whole number from 1 to 32768, got '0'");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", c, "--input", "nope"}))
                .hasMessageContaining("--input nope does not exist");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--scoring-config", c, "--overwrite", "maybe"
                                        }))
                .hasMessageContaining("--overwrite must be true or false");
        assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--scoring-config", "missing.yaml"}))
                .hasMessageContaining("--scoring-config missing.yaml does not exist");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--scoring-config", c, "--output", input.toString()
                                        }))
                .hasMessageContaining("is a file");
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--scoring-config", c, "stray"}))
                .hasMessageContaining("cannot read the command line");
    }

    /** Each row: the arguments after {@code --scoring-config}, and what the refusal must say. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--parallelism abc | --parallelism must be a whole number from 1 to 32768, got 'abc'",
                "--parallelism -2 | --parallelism must be a whole number from 1 to 32768, got '-2'",
                "--parallelism 100000 | --parallelism must be a whole number from 1 to 32768, got '100000'",
                "--source ftp | --source must be file or kafka, got 'ftp'",
                "--sink ftp | --sink must be file or kafka, got 'ftp'",
                "--quiet sometimes | --quiet must be true or false, got 'sometimes'",
                "--name= | --name must be non-empty, got ''",
                "--input | --input needs a value",
                "--input --output x | --input needs a value",
                "--output a --output b | --output is given twice",
                "- | '-' is not an option",
                "-- | '--' is not an option",
                "--policy-topic p | --policy-topic needs --source kafka",
                "--policy-updates nowhere.jsonl | --policy-updates nowhere.jsonl is not a file",
                "--source kafka --policy-topic p --policy-updates x | give --policy-topic or --policy-updates, not both",
                "--buffer-timeout 0ms | --buffer-timeout must be",
                "--buffer-timeout soon | --buffer-timeout must be",
                "--feedback-topic f | --feedback-topic needs --source kafka",
                "--feedback nowhere.jsonl | --feedback nowhere.jsonl is not a file",
                "--calibration-topic c | --calibration-topic needs a feedback input",
                "--source kafka --sink kafka --feedback-topic f | give --calibration-topic",
                "--attribution-window 0s | --attribution-window must be",
                "--calibration-window -1min | --calibration-window must be",
                "--attribution-window 40000000000d | --attribution-window must be a positive duration such as 5s or 500ms, at most 365 d, got '40000000000d'",
                "--checkpoint-interval 366d | --checkpoint-interval must be a positive duration such as 5s or 500ms, at most 365 d",
                "--max-open-bytes 0 | --max-open-bytes must be a positive size such as 256mb or 1gb, got '0'",
                "--max-open-bytes lots | --max-open-bytes must be a positive size such as 256mb or 1gb, got 'lots'",
                "--max-open-requests 0 | --max-open-requests must be a whole number from 1 to 2147483647, got '0'",
            })
    void refusesEachBadOptionSayingWhatToFix(String arguments, String message) {
        String[] extra = arguments.strip().split("\\s+");
        String[] args = new String[extra.length + 2];
        args[0] = "--scoring-config";
        args[1] = config.toString();
        System.arraycopy(extra, 0, args, 2, extra.length);
        assertThatThrownBy(() -> JobOptions.parse(args)).hasMessageContaining(message.strip());
    }

    @Test
    void assemblyBoundsAreReadWithTheirUnitsAndDefaultToTheAutomaticBudget() {
        String c = config.toString();
        var given =
                JobOptions.parse(
                                new String[] {
                                    "--scoring-config",
                                    c,
                                    "--max-open-bytes",
                                    "64mb",
                                    "--max-open-requests",
                                    "250000"
                                })
                        .assembly();
        assertThat(given.maxOpenBytes()).isEqualTo(64L << 20);
        assertThat(given.maxOpenRequests()).isEqualTo(250_000);
        var defaults = JobOptions.parse(new String[] {"--scoring-config", c}).assembly();
        assertThat(defaults.maxOpenBytes()).isEqualTo(AssemblySettings.AUTOMATIC);
        assertThat(defaults.openBytesBudget(1000, 1)).isEqualTo(600);
        assertThat(defaults.openBytesBudget(1000, 2)).isEqualTo(300);
        assertThat(given.openBytesBudget(512L << 20, 2)).isEqualTo(64L << 20);
    }

    @Test
    void rejectsABadConfigFileNamingIt() throws IOException {
        Path bad =
                Files.writeString(
                        dir.resolve("bad.yaml"), "policies:\n  default:\n    slots: -1\n");
        assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--scoring-config", bad.toString()}))
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("slots must be >= 0");
        Path badJob =
                Files.writeString(
                        dir.resolve("job.yaml"), "policies:\n  default: {}\njob:\n  inptu: x\n");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", badJob.toString()}))
                .hasMessageContaining("unknown key 'job.inptu'");
        Path listJob =
                Files.writeString(
                        dir.resolve("list.yaml"), "policies:\n  default: {}\njob:\n  - x\n");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", listJob.toString()}))
                .hasMessageContaining("list.yaml: 'job' must be a mapping");
        Path notYaml = Files.writeString(dir.resolve("tab.yaml"), "policies:\n\t- [\n");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", notYaml.toString()}))
                .hasMessageContaining("tab.yaml is not valid YAML");
    }

    /** Each row: extra arguments for a Kafka run, and what the refusal must say. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--delivery-guarantee none | must be exactly-once or at-least-once, got 'none'",
                "--delivery-guarantee twice | --delivery-guarantee must be",
                "--output-topic scores | must differ from --input-topic (scores)",
                "--dead-letter-topic scores | must differ from --input-topic (scores)",
                "--dead-letter-topic decisions | must differ, both are decisions",
                "--starting-offsets newest | --starting-offsets must be",
                "--checkpoint-interval 5x | --checkpoint-interval must be a positive duration",
                "--checkpoint-timeout=-1s | --checkpoint-timeout must be a positive duration",
                "--checkpoint-interval 1min --checkpoint-timeout 5min | (1 min) + --checkpoint-timeout (5 min) = 6 min must be at most half the sink's transaction.timeout.ms (10 min)",
                "--kafka.transaction.timeout.ms=60000 | = 125 s must be at most half the sink's transaction.timeout.ms (1 min)",
                "--kafka.transaction.timeout.ms=ten | --kafka.transaction.timeout.ms must be a whole number > 0, got 'ten'",
                "--kafka.max.request.size=500000 | exceeds the producer's max.request.size (500000)",
                "--kafka. | unknown option --kafka.",
                "--recovery-timeout 1min | --recovery-timeout (1 min) must be longer than --checkpoint-interval + --checkpoint-timeout (125 s)",
                "--partition-discovery-interval never | --partition-discovery-interval must be a positive duration",
                "--broker-timeout 0s | --broker-timeout must be a positive duration",
            })
    void refusesKafkaSettingsThatWouldFailOrLoseOutput(String arguments, String message) {
        assertThatThrownBy(() -> JobOptions.parse(kafkaArgs(arguments)))
                .hasMessageContaining(message.strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--kafka.transaction.timeout.ms=900000 --checkpoint-timeout 5min",
                "--delivery-guarantee at-least-once --checkpoint-interval 1min --checkpoint-timeout 10min",
                "--kafka.security.protocol=SSL --kafka.max.request.size=2097152",
            })
    void acceptsKafkaSettingsThatAreSafe(String arguments) {
        JobOptions options = JobOptions.parse(kafkaArgs(arguments));
        // Every --kafka.<key>=<value> reaches the clients as given.
        for (String arg : arguments.strip().split("\\s+")) {
            if (arg.startsWith("--kafka.")) {
                String[] kv = arg.substring("--kafka.".length()).split("=", 2);
                assertThat(options.kafka().clientProperties()).containsEntry(kv[0], kv[1]);
            }
        }
    }

    @Test
    void derivesTheTransactionalIdPrefixFromTheDeploymentsIdentity() {
        JobOptions defaults = JobOptions.parse(kafkaArgs(""));
        assertThat(defaults.kafka().transactionalIdPrefix())
                .isEqualTo("flink-softmax/scores/decisions/dead-letters");
        JobOptions other = JobOptions.parse(kafkaArgs("--output-topic decisions-b"));
        assertThat(other.kafka().transactionalIdPrefix())
                .isNotEqualTo(defaults.kafka().transactionalIdPrefix());
        assertThat(
                        JobOptions.parse(kafkaArgs("--transactional-id-prefix prod-1"))
                                .kafka()
                                .transactionalIdPrefix())
                .isEqualTo("prod-1");
        assertThat(defaults.checkpointTimeout())
                .isEqualTo(ScoringJobOptions.CHECKPOINT_TIMEOUT.defaultValue());
        // A named deployment gets its own group and transactional ids.
        JobOptions named = JobOptions.parse(kafkaArgs("--name scoring-cluster"));
        assertThat(named.name()).isEqualTo("scoring-cluster");
        assertThat(named.kafka().groupId()).isEqualTo("scoring-cluster");
        assertThat(named.kafka().transactionalIdPrefix())
                .isEqualTo("scoring-cluster/scores/decisions/dead-letters");
        assertThat(JobOptions.parse(kafkaArgs("--name a --group-id b")).kafka().groupId())
                .isEqualTo("b");
    }

    @Test
    void refusesARepeatedKeyInTheConfigFile() throws IOException {
        Path twice =
                Files.writeString(
                        dir.resolve("twice.yaml"),
                        "policies:\n  default:\n    slots: 1\n  default:\n    slots: 2\n");
        assertThatThrownBy(
                        () -> JobOptions.parse(new String[] {"--scoring-config", twice.toString()}))
                .hasMessageContaining("twice.yaml")
                .hasMessageContaining("Duplicate field 'default'");
    }

    private String[] kafkaArgs(String extra) {
        java.util.List<String> args =
                new java.util.ArrayList<>(
                        java.util.List.of(
                                "--scoring-config", config.toString(), "--source", "kafka"));
        if (!extra.isBlank()) {
            args.addAll(java.util.Arrays.asList(extra.strip().split("\\s+")));
        }
        return args.toArray(new String[0]);
    }

    /** Issue 22: {@code --overwrite} would have deleted the input under the output. */
    @Test
    void refusesAnInputUnderTheOutputBeforeAnythingIsDeleted() throws IOException {
        Path out = dir.resolve("out");
        Path events =
                Files.writeString(
                        Files.createDirectories(out.resolve("decisions")).resolve("events.jsonl"),
                        "{}\n");
        String c = config.toString();
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--scoring-config",
                                            c,
                                            "--input",
                                            events.toString(),
                                            "--output",
                                            out.toString(),
                                            "--overwrite"
                                        }))
                .hasMessageContaining("--input " + events + " and --output " + out + " overlap");
        assertThat(events).exists();
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {
                                            "--scoring-config", c,
                                            "--feedback", events.toString(),
                                            "--output", out.toString()
                                        }))
                .hasMessageContaining("--feedback " + events);
    }

    /** What application mode's standalone-job.sh appends after the job's own arguments. */
    @Test
    void acceptsTheEntrypointsFlinkSettingsAndRefusesABareDashD() {
        String c = config.toString();
        JobOptions options =
                JobOptions.parse(
                        new String[] {
                            "--scoring-config",
                            c,
                            "--overwrite",
                            "-D",
                            "jobmanager.memory.heap.size=1073741824b",
                            "-Djobmanager.memory.off-heap.size=134217728b"
                        });
        assertThat(options.overwrite()).isTrue();
        assertThatThrownBy(() -> JobOptions.parse(new String[] {"--scoring-config", c, "-D"}))
                .hasMessageContaining(
                        "'-D' is neither a job option (--key value) nor a Flink setting");
        assertThatThrownBy(
                        () ->
                                JobOptions.parse(
                                        new String[] {"--scoring-config", c, "-D", "novalue"}))
                .hasMessageContaining("'-D novalue' is neither");
    }

    @Test
    void theUsageTextListsEveryOptionAndTheReadmeTableIsGeneratedFromThem() throws IOException {
        String usage = OptionsHelp.usage();
        for (ScoringJobOptions.Documented d : ScoringJobOptions.ALL) {
            assertThat(usage).as("usage text").contains("--" + d.option().key() + " ");
            assertThat(OptionsHelp.description(d.option())).as(d.option().key()).isNotBlank();
        }
        // docs/configuration.md's table is OptionsHelp.markdownTable() verbatim: change the
        // option's
        // description in ScoringJobOptions, then paste the table this prints into
        // docs/configuration.md.
        String readme = Files.readString(Path.of("../docs/configuration.md"));
        String table = OptionsHelp.markdownTable();
        assertThat(readme)
                .as("README option table; expected:%n%s", table)
                .contains(START + "\n" + table + END);
        assertThat(JobOptions.wantsHelp(new String[] {"--source", "kafka", "-h"})).isTrue();
        assertThat(JobOptions.wantsHelp(new String[] {"--source", "kafka"})).isFalse();
    }

    private static final String START =
            "<!-- options: generated by OptionsHelp.markdownTable() -->";
    private static final String END = "<!-- options end -->";
}
