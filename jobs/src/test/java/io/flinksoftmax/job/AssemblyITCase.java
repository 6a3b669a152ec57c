package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.job.file.FileConnectors;
import io.flinksoftmax.job.options.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-candidate records in file runs on a MiniCluster: shuffled candidates give the decisions of
 * the whole requests, bit for bit; a request short of a candidate is decided at the end of the
 * file; two runs give the same decisions; the sample's bad candidates are dead letters with their
 * reasons, and the counts balance.
 */
class AssemblyITCase {

    /** The reasons only the request assembler gives. */
    static final Set<Reason> ASSEMBLY_REASONS =
            Set.of(
                    Reason.LATE_CANDIDATE,
                    Reason.DUPLICATE_CANDIDATE,
                    Reason.INCONSISTENT_REQUEST,
                    Reason.ASSEMBLY_OVERFLOW);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    @TempDir Path dir;

    @Test
    void shuffledCandidatesGiveTheWholeRequestsDecisionsAndTwoRunsAgree() throws Exception {
        JobOptions probe =
                options(Path.of("../config/samples/candidates.jsonl"), dir.resolve("probe"));
        CandidateRequests requests =
                CandidateRequests.generate("file", 400, 25, 15L, probe.scoring());
        Path input = dir.resolve("candidates.jsonl");
        Files.write(input, requests.lines());

        List<String> first = run(input, dir.resolve("run-1"), requests);
        List<String> second = run(input, dir.resolve("run-2"), requests);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void theSampleCandidatesAreDecidedOrDeadLetteredAndBalance() throws Exception {
        Path output = dir.resolve("sample");
        RunSummary summary =
                BoundedRun.run(
                        options(Path.of("../config/samples/candidates.jsonl"), output),
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        false);
        assertThat(summary.balanced()).isTrue();
        // One candidate repeats an id in an open request and one comes after its request is
        // complete; in a file run (batch) which of two conflicting records counts as first is the
        // order of Flink's sort by request, so together they are two dead letters, either reason.
        var byReason = summary.deadLettersByReason();
        assertThat(byReason).containsEntry(Reason.INCONSISTENT_REQUEST.code(), 1L);
        assertThat(
                        byReason.getOrDefault(Reason.LATE_CANDIDATE.code(), 0L)
                                + byReason.getOrDefault(Reason.DUPLICATE_CANDIDATE.code(), 0L))
                .isEqualTo(2L);
        assertThat(summary.assembly().partial()).isPositive();
        assertThat(summary.assembly().complete()).isPositive();
        assertThat(ResultFiles.countLines(output.resolve(FileConnectors.DEAD_LETTERS_DIR)))
                .isEqualTo(summary.deadLetters());
        assertThat(summary.render("d/", "l/")).contains("assembled");
    }

    /** Runs the file job; checks every decision; returns them without scoring time, sorted. */
    private List<String> run(Path input, Path output, CandidateRequests requests) throws Exception {
        RunSummary summary =
                BoundedRun.run(
                        options(input, output),
                        StreamExecutionEnvironment.getExecutionEnvironment(),
                        false);
        assertThat(summary.recordsIn()).isEqualTo(requests.candidates());
        assertThat(summary.deadLetters()).isZero();
        assertThat(summary.balanced()).isTrue();
        assertThat(summary.assembly().decided()).isEqualTo(requests.candidates());
        assertThat(summary.assembly().partial()).isEqualTo(25);
        List<String> decisions = new ArrayList<>();
        for (String line : lines(output.resolve(FileConnectors.DECISIONS_DIR))) {
            byte[] json = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            requests.assertMatches(json);
            decisions.add(CandidateRequests.comparable(json).toString());
        }
        assertThat(decisions).hasSize(requests.wholeDecisions().size());
        decisions.sort(null);
        return decisions;
    }

    private static JobOptions options(Path input, Path output) {
        return JobOptions.parse(
                new String[] {
                    "--scoring-config",
                    "../config/scoring.yaml",
                    "--input",
                    input.toString(),
                    "--output",
                    output.toString(),
                    "--parallelism",
                    "2"
                });
    }

    private static List<String> lines(Path folder) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                all.addAll(Files.readAllLines(f));
            }
        }
        return all;
    }
}
