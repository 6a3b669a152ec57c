package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.policy.ScoringConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph's builder refuses to build without a required part, and names every one missing; the
 * graph it builds scores in the events' source task.
 */
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

    /**
     * Without a policy input the scoring operator is chained to the events' source: a record is
     * scored where it is read, never serialized between them. (The policy input makes it a
     * two-input operator, which Flink does not chain.)
     */
    @Test
    void scoringIsChainedToTheEventsSource() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.builder(env)
                .source(FileConnectors.jsonLines(dir, 1 << 20))
                .decisions(FileConnectors.decisions(dir))
                .deadLetters(FileConnectors.deadLetters(dir))
                .config(ScoringConfig.defaults())
                .build();
        List<String> vertices =
                StreamSupport.stream(
                                env.getStreamGraph().getJobGraph().getVertices().spliterator(),
                                false)
                        .map(JobVertex::getName)
                        .toList();
        assertThat(vertices)
                .anySatisfy(
                        name -> assertThat(name).contains("events").contains(ScoringJob.SCORE_UID));
    }
}
