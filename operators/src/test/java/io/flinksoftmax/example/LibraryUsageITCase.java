package io.flinksoftmax.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.OutputTags;
import io.flinksoftmax.operator.types.ScoringTypes;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "Using the library" page's class (docs/library.md), as shown, compiles and scores on a
 * MiniCluster.
 */
class LibraryUsageITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void theReadmeShowsThisVeryClass() throws Exception {
        String readme = squash(Files.readString(Path.of("../docs/library.md")));
        String source =
                squash(
                        Files.readString(
                                Path.of(
                                        "src/test/java/io/flinksoftmax/example/ScoreMyEvents.java")));
        assertThat(source).startsWith("packageio.flinksoftmax.example;");
        assertThat(readme).contains(source.substring(source.indexOf("import")));
    }

    @Test
    void scoresWhatItCanAndRoutesTheRest() throws Exception {
        List<String> decisions =
                ScoreMyEvents.score(input(), ScoringConfig.defaults())
                        .map(d -> new String(d.json(), StandardCharsets.UTF_8))
                        .executeAndCollect(10);
        assertThat(decisions).hasSize(1);
        assertThat(decisions.get(0))
                .startsWith("{\"id\":\"r1\",\"kind\":\"class_logits\"")
                .contains("\"predicted\":\"2\"");

        List<String> deadLetters =
                ScoreMyEvents.score(input(), ScoringConfig.defaults())
                        .getSideOutput(OutputTags.DEAD_LETTERS)
                        .map(letter -> letter.reason().code())
                        .executeAndCollect(10);
        assertThat(deadLetters).containsExactly("malformed_json");
    }

    /** One event and one record that is not JSON, in a fresh environment. */
    private static DataStream<RawEvent> input() {
        return StreamExecutionEnvironment.getExecutionEnvironment()
                .fromData(
                        ScoringTypes.RAW_EVENT,
                        RawEvent.of(
                                "{\"id\":\"r1\",\"kind\":\"class_logits\",\"logits\":[1,2,3]}"
                                        .getBytes(StandardCharsets.UTF_8)),
                        RawEvent.of("not json".getBytes(StandardCharsets.UTF_8)));
    }

    /** Whitespace-insensitive: the formatter may wrap what the README shows on one line. */
    private static String squash(String text) {
        return text.replaceAll("\\s+", "");
    }
}
