package io.flinksoftmax.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringConfigReaderTest {

    @TempDir Path dir;

    @Test
    void readsTheShippedConfig() {
        ScoringConfig config = ScoringConfigReader.read(Path.of("../config/scoring.yaml"));
        assertThat(config.policies()).containsKeys("default", "home_top", "feed", "sidebar");
        ScoringPolicy homeTop = config.policyFor("home_top");
        assertThat(homeTop.rankBy()).isEqualTo(RankBy.EXPECTED_VALUE);
        assertThat(homeTop.slots()).isEqualTo(2);
        assertThat(config.policyFor("sidebar").mode()).isEqualTo(Mode.SIGMOID);
        assertThat(config.policyFor(null).name()).isEqualTo("default");
        assertThat(config.policyFor("footer")).isNull();
        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void fillsLeftOutKeysWithDefaults() throws IOException {
        ScoringConfig config = read("policies:\n  default:\n    slots: 4\n  empty:\n");
        assertThat(config.policyFor(null))
                .isEqualTo(
                        new ScoringPolicy(
                                "default", Mode.SOFTMAX, 1.0, 4, RankBy.PROBABILITY, 0.0, 5));
        assertThat(config.policyFor("empty").slots()).isEqualTo(3);
        assertThat(config.limits()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void requiresADefaultPolicy() {
        assertThatThrownBy(() -> read("policies:\n  home_top:\n    slots: 2\n"))
                .hasMessageContaining("needs a policy named 'default'");
    }

    @Test
    void namesAnUnknownKeyAndTheKnownOnes() {
        assertThatThrownBy(() -> read("policies:\n  default:\n    slotz: 2\n"))
                .hasMessageContaining("unknown key 'policies.default.slotz'")
                .hasMessageContaining("slots");
        assertThatThrownBy(() -> read("limit:\n  max_candidates: 3\npolicies:\n  default: {}\n"))
                .hasMessageContaining("unknown key 'limit'");
    }

    @Test
    void saysWhatABadValueShouldBe() {
        assertThatThrownBy(() -> read("policies:\n  default:\n    mode: softargmax\n"))
                .hasMessageContaining("policies.default.mode must be softmax or sigmoid")
                .hasMessageContaining("softargmax");
        assertThatThrownBy(() -> read("policies:\n  default:\n    temperature: 0\n"))
                .hasMessageContaining("temperature must be a finite number > 0");
        assertThatThrownBy(() -> read("policies:\n  default:\n    slots: two\n"))
                .hasMessageContaining("policies.default.slots must be a whole number");
        assertThatThrownBy(() -> read("policies:\n  default:\n    min_probability: 1.5\n"))
                .hasMessageContaining("min_probability must be in [0, 1]");
        assertThatThrownBy(() -> read("limits:\n  max_candidates: 0\npolicies:\n  default: {}\n"))
                .hasMessageContaining("limits.max_candidates must be a whole number >= 1");
        assertThatThrownBy(() -> read("output_format: verbose\npolicies:\n  default: {}\n"))
                .hasMessageContaining("output_format must be compact or full, got 'verbose'");
        assertThatThrownBy(() -> read("policies:\n  default: {}\n  \"a\\x1fb\": {}\n"))
                .hasMessageContaining("must be non-empty without control characters");
        // Issue 22: the int maximum used to overflow the line reader and drop every record.
        assertThatThrownBy(
                        () ->
                                read(
                                        "limits:\n  max_payload_bytes: 2147483647\n"
                                                + "policies:\n  default: {}\n"))
                .hasMessageContaining("limits.max_payload_bytes must be at most 1073741824");
    }

    /** Issue 23: the plausible range of ts, as a date, an instant or epoch ms, and a duration. */
    @Test
    void readsTheEventTimeBoundsAndSaysWhatABadOneShouldBe() throws IOException {
        String policies = "policies:\n  default: {}\n";
        assertThat(
                        read("limits:\n  min_event_ts: 2020-03-01\n  max_event_ts_ahead: 30 min\n"
                                        + policies)
                                .limits()
                                .eventTime())
                .isEqualTo(new EventTimeBounds(1_583_020_800_000L, 1_800_000L));
        assertThat(
                        read("limits:\n  min_event_ts: 2020-03-01T12:00:00Z\n" + policies)
                                .limits()
                                .eventTime()
                                .notBefore())
                .isEqualTo(1_583_064_000_000L);
        assertThat(
                        read("limits:\n  min_event_ts: 0\n  max_event_ts_ahead: 0 ms\n" + policies)
                                .limits()
                                .eventTime())
                .isEqualTo(new EventTimeBounds(0, 0));
        assertThat(read("limits:\n  min_event_ts: 1583020800000\n" + policies).limits().eventTime())
                .isEqualTo(
                        new EventTimeBounds(
                                1_583_020_800_000L, EventTimeBounds.DEFAULT_MAX_AHEAD_MILLIS));
        // Neither key: the defaults, not zeros.
        assertThat(read("limits:\n  max_candidates: 10\n" + policies).limits().eventTime())
                .isEqualTo(EventTimeBounds.DEFAULTS);
        assertThatThrownBy(() -> read("limits:\n  min_event_ts: yesterday\n" + policies))
                .hasMessageContaining("limits.min_event_ts must be a date (2000-01-01)")
                .hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> read("limits:\n  min_event_ts: -1\n" + policies))
                .hasMessageContaining("limits.min_event_ts must be 1970-01-01 or later");
        assertThatThrownBy(() -> read("limits:\n  max_event_ts_ahead: soon\n" + policies))
                .hasMessageContaining("limits.max_event_ts_ahead must be a duration such as '1 h'");
        assertThatThrownBy(() -> read("limits:\n  max_event_ts_ahead: 20000 d\n" + policies))
                .hasMessageContaining("limits.max_event_ts_ahead must be between 0 and 3650 d");
    }

    @Test
    void readsExplorationAndRefusesWhatDoesNotFitIt() throws IOException {
        assertThat(read("policies:\n  default: {}\n").policyFor(null).exploration())
                .isEqualTo(Exploration.NONE);
        assertThat(
                        read("policies:\n  default:\n    exploration: boltzmann\n    seed: -3\n")
                                .policyFor(null)
                                .exploration())
                .isEqualTo(new Exploration(Exploration.Kind.BOLTZMANN, 0, -3));
        assertThat(
                        read("policies:\n  default:\n    exploration: epsilon_greedy\n    epsilon: 0.2\n")
                                .policyFor(null)
                                .exploration())
                .isEqualTo(new Exploration(Exploration.Kind.EPSILON_GREEDY, 0.2, 0));
        assertThatThrownBy(() -> read("policies:\n  default:\n    exploration: thompson\n"))
                .hasMessageContaining(
                        "policies.default.exploration must be none or boltzmann or epsilon_greedy,"
                                + " got 'thompson'");
        assertThatThrownBy(() -> read("policies:\n  default:\n    exploration: epsilon_greedy\n"))
                .hasMessageContaining(
                        "policies.default.epsilon is required with exploration:"
                                + " epsilon_greedy");
        assertThatThrownBy(() -> read("policies:\n  default:\n    epsilon: 0.1\n"))
                .hasMessageContaining("epsilon applies to exploration: epsilon_greedy only");
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default:\n    exploration: epsilon_greedy\n"
                                                + "    epsilon: 1.5\n"))
                .hasMessageContaining("policies.default.epsilon must be in [0, 1], got '1.5'");
        assertThatThrownBy(() -> read("policies:\n  default:\n    seed: 0.5\n"))
                .hasMessageContaining("policies.default.seed must be a whole number");
        assertThat(read("policies:\n  default: {}\n").policyFor(null).version()).isZero();
    }

    @Test
    void readsTheOutputFormatCompactUnlessToldOtherwise() throws IOException {
        assertThat(read("policies:\n  default: {}\n").output()).isEqualTo(OutputFormat.COMPACT);
        assertThat(read("output_format: full\npolicies:\n  default: {}\n").output())
                .isEqualTo(OutputFormat.FULL);
    }

    @Test
    void reportsAMissingOrBrokenFile() {
        assertThatThrownBy(() -> ScoringConfigReader.read(dir.resolve("nope.yaml")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> read("policies: [unclosed\n"))
                .hasMessageContaining("not valid YAML");
    }

    /**
     * Issue 22: an alias read as the string of its name ("must be a mapping"), and a second
     * document silently ignored.
     */
    @Test
    void refusesAliasesAndASecondDocumentSayingSo() {
        assertThatThrownBy(() -> read("policies:\n  default: &p {slots: 2}\n" + "  home_top: *p\n"))
                .hasMessageContaining("uses a YAML alias (*p, line 3)")
                .hasMessageContaining("write the value out in full");
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default: {}\n---\n"
                                                + "policies:\n  default: {slots: 9}\n"))
                .hasMessageContaining("holds more than one YAML document");
        // A document marker at the start is one document.
        org.assertj.core.api.Assertions.assertThatCode(
                        () -> read("---\npolicies:\n  default: {}\n"))
                .doesNotThrowAnyException();
    }

    @Test
    void shadowsInheritThePolicysKeysTheyDoNotSet() throws IOException {
        ScoringConfig config =
                read(
                        "policies:\n  default:\n    temperature: 2.0\n    slots: 2\n"
                                + "    exploration: epsilon_greedy\n    epsilon: 0.1\n"
                                + "    shadows:\n      colder: {temperature: 0.5}\n"
                                + "      greedy: {exploration: none}\n      same:\n");
        ScoringPolicy policy = config.policyFor(null);
        assertThat(policy.shadows())
                .extracting(Shadow::name)
                .containsExactly("colder", "greedy", "same");
        Shadow colder = policy.shadows().get(0);
        assertThat(colder.policy().temperature()).isEqualTo(0.5);
        assertThat(colder.ownTemperature()).isTrue();
        assertThat(colder.policy().slots()).isEqualTo(2);
        assertThat(colder.policy().exploration()).isEqualTo(policy.exploration());
        Shadow greedy = policy.shadows().get(1);
        // Setting exploration drops the inherited epsilon, which only epsilon_greedy takes.
        assertThat(greedy.policy().exploration()).isEqualTo(Exploration.NONE);
        assertThat(greedy.ownTemperature()).isFalse();
        assertThat(greedy.temperature(3.0)).isEqualTo(3.0);
        Shadow same = policy.shadows().get(2);
        assertThat(same.policy())
                .isEqualTo(
                        new ScoringPolicy(
                                "default",
                                policy.mode(),
                                policy.temperature(),
                                policy.slots(),
                                policy.rankBy(),
                                policy.minProbability(),
                                policy.topK(),
                                policy.exploration(),
                                policy.version()));
    }

    @Test
    void saysWhatIsWrongWithAShadow() {
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default:\n    shadows:\n"
                                                + "      a: {temprature: 0.5}\n"))
                .hasMessageContaining("unknown key 'policies.default.shadows.a.temprature'")
                .hasMessageContaining("temperature");
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default:\n    shadows:\n"
                                                + "      a: {shadows: {b: {}}}\n"))
                .hasMessageContaining("unknown key 'policies.default.shadows.a.shadows'");
        assertThatThrownBy(
                        () ->
                                read(
                                        "policies:\n  default:\n    shadows:\n"
                                                + "      a: {temperature: -1}\n"))
                .hasMessageContaining("policies.default.shadows.a.")
                .hasMessageContaining("temperature must be a finite number > 0");
        assertThatThrownBy(() -> read("policies:\n  default:\n    shadows:\n      logging: {}\n"))
                .hasMessageContaining("not 'logging'");
        assertThatThrownBy(() -> read("policies:\n  default:\n    shadows: [colder]\n"))
                .hasMessageContaining("policies.default.shadows must be a mapping");
        assertThatThrownBy(() -> read("policies:\n  default:\n    shadows:\n      a: 0.5\n"))
                .hasMessageContaining("policies.default.shadows.a must be a mapping");
        StringBuilder many = new StringBuilder("policies:\n  default:\n    shadows:\n");
        for (int i = 0; i <= ScoringPolicy.MAX_SHADOWS; i++) {
            many.append("      s").append(i).append(": {}\n");
        }
        assertThatThrownBy(() -> read(many.toString())).hasMessageContaining("at most 16");
    }

    @Test
    void aPolicyDocumentVersionsItsShadows() {
        ScoringPolicy policy =
                new ScoringPolicy(
                        "p",
                        Mode.SOFTMAX,
                        1,
                        1,
                        RankBy.PROBABILITY,
                        0,
                        1,
                        Exploration.NONE,
                        0L,
                        java.util.List.of(
                                new Shadow(
                                        "s",
                                        new ScoringPolicy(
                                                "p", Mode.SOFTMAX, 2, 1, RankBy.PROBABILITY, 0, 1),
                                        true)));
        assertThat(policy.withVersion(7).shadows().get(0).policy().version()).isEqualTo(7);
        assertThatThrownBy(
                        () ->
                                new ScoringPolicy(
                                        "p",
                                        Mode.SOFTMAX,
                                        1,
                                        1,
                                        RankBy.PROBABILITY,
                                        0,
                                        1,
                                        Exploration.NONE,
                                        3L,
                                        policy.shadows()))
                .hasMessageContaining("must have the policy's name and version");
    }

    private ScoringConfig read(String yaml) throws IOException {
        Path file = dir.resolve("scoring.yaml");
        Files.writeString(file, yaml);
        return ScoringConfigReader.read(file);
    }
}
