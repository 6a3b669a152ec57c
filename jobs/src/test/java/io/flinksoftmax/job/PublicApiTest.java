package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is a promise (STYLE: "Mark the entry points"): the kernel, the scorer and what it
 * returns, the scoring operator with its types and tags, the config it takes, the graph's builder
 * and the job's options. A class added to it, or dropped from it, is a decision this list records.
 * Everything else is {@code @Internal} or package-private, and may change in any release.
 */
class PublicApiTest {

    private static final List<String> PUBLIC_EVOLVING =
            List.of(
                    "io.flinksoftmax.deadletter.DeadLetter",
                    "io.flinksoftmax.deadletter.Reason",
                    "io.flinksoftmax.decision.Assignment",
                    "io.flinksoftmax.decision.ClassDecision",
                    "io.flinksoftmax.decision.ClickDecision",
                    "io.flinksoftmax.decision.Confidence",
                    "io.flinksoftmax.decision.Decision",
                    "io.flinksoftmax.decision.Scorer",
                    "io.flinksoftmax.decision.ShadowPropensities",
                    "io.flinksoftmax.encode.DecisionJson",
                    "io.flinksoftmax.event.CandidateIds",
                    "io.flinksoftmax.event.CandidateScore",
                    "io.flinksoftmax.event.ClassLogits",
                    "io.flinksoftmax.event.ClickScores",
                    "io.flinksoftmax.event.EventKind",
                    "io.flinksoftmax.event.RawEvent",
                    "io.flinksoftmax.event.ScoringEvent",
                    "io.flinksoftmax.event.SourcePosition",
                    "io.flinksoftmax.experiment.Buckets",
                    "io.flinksoftmax.experiment.SampleRatio",
                    "io.flinksoftmax.job.ScoringJob",
                    "io.flinksoftmax.job.options.Endpoint",
                    "io.flinksoftmax.job.options.JobOptions",
                    "io.flinksoftmax.job.options.ScoringJobOptions",
                    "io.flinksoftmax.kernel.Softmax",
                    "io.flinksoftmax.operator.AssemblySettings",
                    "io.flinksoftmax.operator.OutputTags",
                    "io.flinksoftmax.operator.ParseEventFunction",
                    "io.flinksoftmax.operator.RequestAssembler",
                    "io.flinksoftmax.operator.ScoringOperator",
                    "io.flinksoftmax.operator.SoftmaxScoringFunction",
                    "io.flinksoftmax.operator.types.ScoringTypes",
                    "io.flinksoftmax.pipeline.EncodedDecision",
                    "io.flinksoftmax.policy.EventTimeBounds",
                    "io.flinksoftmax.policy.Experiment",
                    "io.flinksoftmax.policy.Exploration",
                    "io.flinksoftmax.policy.Limits",
                    "io.flinksoftmax.policy.Mode",
                    "io.flinksoftmax.policy.OutputFormat",
                    "io.flinksoftmax.policy.RankBy",
                    "io.flinksoftmax.policy.ScoringConfig",
                    "io.flinksoftmax.policy.ScoringConfigReader",
                    "io.flinksoftmax.policy.ScoringPolicy",
                    "io.flinksoftmax.policy.Shadow",
                    "io.flinksoftmax.policy.Variant");

    @Test
    void theAnnotatedEntryPointsAreExactlyTheListedOnes() throws IOException {
        List<String> annotated;
        try (Stream<Path> sources =
                Stream.concat(
                        Files.walk(Path.of("../operators/src/main/java")),
                        Files.walk(Path.of("src/main/java")))) {
            annotated =
                    sources.filter(p -> p.toString().endsWith(".java"))
                            .filter(PublicApiTest::annotatedAtTopLevel)
                            .map(PublicApiTest::className)
                            .sorted()
                            .toList();
        }
        assertThat(annotated).containsExactlyElementsOf(PUBLIC_EVOLVING);
    }

    private static boolean annotatedAtTopLevel(Path source) {
        try {
            return Files.readAllLines(source).contains("@PublicEvolving");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String className(Path source) {
        String path = source.toString().replace('\\', '/');
        String relative = path.substring(path.indexOf("/java/") + "/java/".length());
        return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    }
}
