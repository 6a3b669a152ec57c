package io.flinksoftmax.job.file;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;

/**
 * The bounded file source and the JSON-lines file sinks of the embedded job: decisions under {@code
 * <output>/decisions/}, dead letters under {@code <output>/dead-letters/}.
 */
@Internal
public final class FileConnectors {

    public static final String DECISIONS_DIR = "decisions";
    public static final String DEAD_LETTERS_DIR = "dead-letters";
    public static final String CALIBRATION_DIR = "calibration";
    public static final String EVALUATION_DIR = "evaluation";

    private FileConnectors() {}

    /**
     * Reads {@code input} as JSON lines: a file whatever its name, or the files {@link
     * InputFiles#list} finds under a folder (regular files whose names do not start with {@code .}
     * or {@code _}), listed now.
     *
     * @param maxLineBytes lines longer than this are kept as a prefix (they are dead letters)
     */
    public static FileSource<RawEvent> jsonLines(Path input, int maxLineBytes) {
        JsonLinesFormat format = new JsonLinesFormat(maxLineBytes);
        List<Path> files = InputFiles.list(input).files();
        if (files.isEmpty()) {
            // A folder with nothing to read: the source lists it and finds nothing.
            var filter = InputFiles.filter(input);
            return FileSource.forBulkFileFormat(format, flinkPath(input))
                    .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(filter))
                    .build();
        }
        // The files as listed and checked at start, never a folder for Flink to walk again: it
        // would open pipes and devices, and fail the run on a broken link.
        org.apache.flink.core.fs.Path[] paths =
                files.stream()
                        .map(FileConnectors::flinkPath)
                        .toArray(org.apache.flink.core.fs.Path[]::new);
        return FileSource.forBulkFileFormat(format, paths)
                .setFileEnumerator(() -> new NonSplittingRecursiveEnumerator(path -> true))
                .build();
    }

    public static FileSink<EncodedDecision> decisions(Path output) {
        return sink(output.resolve(DECISIONS_DIR), JsonLinesEncoder.decisions(), "decisions");
    }

    /**
     * Decisions of assembled requests, into the same folder (part files named {@code
     * assembled-decisions-*}), from a sink of their own so that the events' sink stays chained.
     */
    public static FileSink<EncodedDecision> assembledDecisions(Path output) {
        return sink(
                output.resolve(DECISIONS_DIR), JsonLinesEncoder.decisions(), "assembled-decisions");
    }

    /** Calibration records (README "Feedback and calibration"), one JSON object per line. */
    public static FileSink<EncodedDecision> calibration(Path output) {
        return sink(output.resolve(CALIBRATION_DIR), JsonLinesEncoder.decisions(), "calibration");
    }

    /** Off-policy evaluation records (README "Shadow policies"), one JSON object per line. */
    public static FileSink<EncodedDecision> evaluation(Path output) {
        return sink(output.resolve(EVALUATION_DIR), JsonLinesEncoder.decisions(), "evaluation");
    }

    public static FileSink<DeadLetter> deadLetters(Path output) {
        return sink(
                output.resolve(DEAD_LETTERS_DIR), JsonLinesEncoder.deadLetters(), "dead-letters");
    }

    private static <T> FileSink<T> sink(Path dir, Encoder<T> encoder, String prefix) {
        return FileSink.forRowFormat(flinkPath(dir), encoder)
                // One flat folder: no date-time buckets for a bounded run.
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix(prefix)
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    private static org.apache.flink.core.fs.Path flinkPath(Path path) {
        return org.apache.flink.core.fs.Path.fromLocalFile(path.toAbsolutePath().toFile());
    }
}
