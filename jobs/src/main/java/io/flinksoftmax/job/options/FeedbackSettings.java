package io.flinksoftmax.job.options;

import static io.flinksoftmax.job.options.ScoringJobOptions.ATTRIBUTION_WINDOW;
import static io.flinksoftmax.job.options.ScoringJobOptions.CALIBRATION_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.CALIBRATION_WINDOW;
import static io.flinksoftmax.job.options.ScoringJobOptions.EVALUATION_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.EVALUATION_WINDOW;
import static io.flinksoftmax.job.options.ScoringJobOptions.FEEDBACK;
import static io.flinksoftmax.job.options.ScoringJobOptions.FEEDBACK_TOPIC;
import static io.flinksoftmax.job.options.ScoringJobOptions.IDLENESS;
import static io.flinksoftmax.job.options.ScoringJobOptions.MAX_OUT_OF_ORDERNESS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.annotation.Internal;

/**
 * The feedback part of the options (README "Feedback and calibration").
 *
 * @param file a feedback file, or {@code null}
 * @param topic a feedback topic, or {@code null}
 * @param calibrationTopic where calibration records go with a Kafka sink, or {@code null}
 * @param attributionWindow how long after a decision its clicks count
 * @param calibrationWindow the tumbling window of a calibration record
 * @param evaluationTopic where evaluation records go with a Kafka sink, or {@code null} (gauges
 *     only)
 * @param evaluationWindow the tumbling window of an evaluation record
 * @param maxOutOfOrderness how late a record may be and still be on time
 * @param idleness how long a quiet input holds event time back
 */
@Internal
public record FeedbackSettings(
        Path file,
        String topic,
        String calibrationTopic,
        Duration attributionWindow,
        Duration calibrationWindow,
        String evaluationTopic,
        Duration evaluationWindow,
        Duration maxOutOfOrderness,
        Duration idleness) {

    /** Whether there is a feedback input: attribution and calibration run. */
    public boolean enabled() {
        return file != null || topic != null;
    }

    /** Reads and checks the feedback options against where events come from and go. */
    static FeedbackSettings read(OptionReader values, Endpoint source, Endpoint sink) {
        Path file = values.optional(FEEDBACK).map(Path::of).orElse(null);
        String topic = values.optional(FEEDBACK_TOPIC).orElse(null);
        String calibrationTopic = values.optional(CALIBRATION_TOPIC).orElse(null);
        if (file != null && topic != null) {
            throw new IllegalArgumentException(
                    "give --feedback or --feedback-topic, not both: one feedback input");
        }
        if (topic != null && source != Endpoint.KAFKA) {
            throw new IllegalArgumentException(
                    "--feedback-topic needs --source kafka; a file run takes --feedback <file>");
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--feedback " + file + " is not a file");
        }
        boolean enabled = file != null || topic != null;
        if (calibrationTopic != null && !enabled) {
            throw new IllegalArgumentException(
                    "--calibration-topic needs a feedback input: --feedback-topic or --feedback");
        }
        if (enabled && sink == Endpoint.KAFKA && calibrationTopic == null) {
            throw new IllegalArgumentException(
                    "with feedback and --sink kafka, give --calibration-topic: where the"
                            + " calibration records go");
        }
        String evaluationTopic = values.optional(EVALUATION_TOPIC).orElse(null);
        if (evaluationTopic != null && !enabled) {
            throw new IllegalArgumentException(
                    "--evaluation-topic needs a feedback input: --feedback-topic or --feedback"
                            + " (evaluation weighs the clicks)");
        }
        if (evaluationTopic != null && sink != Endpoint.KAFKA) {
            throw new IllegalArgumentException(
                    "--evaluation-topic needs --sink kafka; a file sink writes"
                            + " <output>/evaluation/");
        }
        if (calibrationTopic != null && sink != Endpoint.KAFKA) {
            throw new IllegalArgumentException(
                    "--calibration-topic needs --sink kafka; a file sink writes"
                            + " <output>/calibration/");
        }
        return new FeedbackSettings(
                file,
                topic,
                calibrationTopic,
                values.get(ATTRIBUTION_WINDOW),
                values.get(CALIBRATION_WINDOW),
                evaluationTopic,
                values.optional(EVALUATION_WINDOW).orElse(values.get(CALIBRATION_WINDOW)),
                values.get(MAX_OUT_OF_ORDERNESS),
                values.get(IDLENESS));
    }
}
