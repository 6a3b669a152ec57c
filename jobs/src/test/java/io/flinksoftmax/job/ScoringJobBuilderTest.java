package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph's builder refuses to build without a required part, and names every one missing. */
class ScoringJobBuilderTest {

    @TempDir Path dir;

    @Test
    void namesEveryMissingPart() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        assertThatThrownBy(() -> ScoringJob.builder(env).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source(...)")
                .hasMessageContaining("decisions(...)")
                .hasMessageContaining("deadLetters(...)")
                .hasMessageContaining("config(...)");
        assertThatThrownBy(
                        () ->
                                ScoringJob.builder(env)
                                        .source(FileConnectors.jsonLines(dir, 1 << 20))
                                        .decisions(FileConnectors.decisions(dir))
                                        .config(ScoringConfig.defaults())
                                        .build())
                .hasMessage("the scoring graph is missing deadLetters(...): where dead letters go");
        assertThatThrownBy(() -> ScoringJob.builder(null).config(ScoringConfig.defaults()).build())
                .hasMessageContaining("the environment");
    }
}
