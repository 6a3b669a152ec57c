package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.fixtures.FeedbackSamples;
import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.JobEnvironment;
import io.flinksoftmax.job.OfflineCalibration;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.embedded.LocalCluster;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feedback on a real broker, in streaming mode, through what goes wrong in production (issue 23):
 *
 * <ol>
 *   <li>events in two batches with one event from a clock in 2100 between them: a dead letter
 *       {@code invalid_ts}, and event time not moved by it (the second batch is attributed like the
 *       first);
 *   <li>a failure while the events are read: exactly once all the same;
 *   <li>the job stopped, after its last checkpoint, for more than three attribution windows of wall
 *       time (Flink's state TTL counts wall time: the old three-window TTL expired every pending
 *       decision here), then resumed from that checkpoint; only then do the clicks come.
 * </ol>
 *
 * Every calibration record on the calibration topic (read committed) is there once and equals an
 * offline attribution and choice calibration of the committed decisions and the same clicks.
 */
@ExtendWith(KafkaBroker.class)
class KafkaFeedbackITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final long T0 = 1_764_230_400_000L;
    private static final long WINDOW = 2_000; // attribution, event time
    private static final long CALIBRATION = 5_000;
    private static final int EVENTS = 400;
    private static final String FROM_2100 =
            "{\"id\":\"clock-2100\",\"kind\":\"click_scores\",\"model\":\"m-a\",\"ts\":4102444800000,"
                    + "\"candidates\":[{\"id\":\"c0\",\"score\":1}]}";

    @TempDir Path checkpoints;

    @Test
    void calibrationSurvivesABadClockAFailureAndALongStop(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        JobTopics t = JobTopics.create(2);
        String bootstrap = KafkaBroker.bootstrapServers();
        String feedbackTopic = "feedback-" + t.suffix();
        String calibrationTopic = "calibration-" + t.suffix();
        String evaluationTopic = "evaluation-" + t.suffix();
        KafkaTopics.create(bootstrap, 2, feedbackTopic);
        KafkaTopics.create(bootstrap, 1, calibrationTopic);
        KafkaTopics.create(bootstrap, 1, evaluationTopic);
        JobOptions options =
                t.options(
                        "--delivery-guarantee",
                        "exactly-once",
                        "--checkpoint-interval",
                        "300ms",
                        "--checkpoint-dir",
                        checkpoints.toString(),
                        "--parallelism",
                        "2",
                        "--feedback-topic",
                        feedbackTopic,
                        "--calibration-topic",
                        calibrationTopic,
                        "--evaluation-topic",
                        evaluationTopic,
                        "--attribution-window",
                        WINDOW + "ms",
                        "--calibration-window",
                        CALIBRATION + "ms",
                        "--max-out-of-orderness",
                        "500ms",
                        // Longer than the test: event time moves only with the data, so the
                        // outcome cannot depend on how fast either input is read.
                        "--idleness",
                        "10min");

        List<String> events = new ArrayList<>();
        List<String> feedback = new ArrayList<>();
        generate(options, events, feedback);

        // 1. Decisions, with a failure and the clock from 2100 between the two batches.
        JobClient first =
                start(
                        options,
                        KafkaConnectors.source(options.kafka())
                                .setDeserializer(new FailingDeserializer())
                                .build());
        Await.until("a first checkpoint", DEADLINE, () -> checkpoints(cluster, first) > 0);
        FailingDeserializer.arm(EVENTS / 4);
        KafkaTopics.produceRoundRobin(bootstrap, t.input(), events.subList(0, EVENTS / 2), 2);
        KafkaTopics.produceRoundRobin(bootstrap, t.input(), List.of(FROM_2100, FROM_2100), 2);
        KafkaTopics.produceRoundRobin(bootstrap, t.input(), events.subList(EVENTS / 2, EVENTS), 2);
        Await.until(
                "every decision",
                DEADLINE,
                () -> KafkaTopics.committedCountsByKey(bootstrap, t.output()).size() == EVENTS);
        assertThat(FailingDeserializer.FAILURES.get()).as("injected failures").isEqualTo(1);
        List<JsonNode> deadLetters = values(t.deadLetters());
        assertThat(deadLetters)
                .as("the clock from 2100, on each partition")
                .hasSize(2)
                .allSatisfy(d -> assertThat(d.get("reason").asText()).isEqualTo("invalid_ts"));
        // Everything read is in a checkpoint, then the job stops.
        long readAt = checkpoints(cluster, first);
        Await.until(
                "two more checkpoints", DEADLINE, () -> checkpoints(cluster, first) >= readAt + 2);
        first.cancel().get();
        assertThat(values(calibrationTopic)).as("nothing closes without feedback time").isEmpty();

        // 2. Stopped for more than three attribution windows of wall time.
        Thread.sleep(4 * WINDOW);

        // 3. Resumed from the checkpoint; now the clicks, then event time far ahead everywhere.
        JobClient second = start(options, KafkaConnectors.source(options.kafka()).build());
        JobID secondId = second.getJobID();
        try {
            KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, feedback, 2);
            long later = T0 + 3_600_000L;
            List<String> flush = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                flush.add(event("flush-" + i, "m-a", later, new double[] {1}));
            }
            KafkaTopics.produceRoundRobin(bootstrap, t.input(), flush, 2);
            String click = "{\"id\":\"flush-x\",\"candidate\":\"c0\",\"ts\":" + later + "}";
            KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, List.of(click, click), 2);

            List<JsonNode> decisions = new ArrayList<>();
            for (JsonNode d : values(t.output())) {
                if (!d.get("id").asText().startsWith("flush-")) {
                    decisions.add(d); // their windows close only at the end of time
                }
            }
            assertThat(decisions).hasSize(EVENTS);
            Map<String, OfflineCalibration.Expected> expected =
                    OfflineCalibration.of(
                            decisions,
                            feedback,
                            WINDOW,
                            CALIBRATION,
                            OfflineCalibration.modes(options.scoring()));
            assertThat(expected.keySet())
                    .as("windows of both batches")
                    .anyMatch(k -> k.endsWith("@" + (T0 + 5_000)))
                    .anyMatch(k -> k.endsWith("@" + (T0 + 40_000)));
            Await.until(
                    "every calibration record",
                    DEADLINE,
                    () -> values(calibrationTopic).size() >= expected.size());
            Await.until(
                    "every decision in an evaluation record",
                    DEADLINE,
                    () -> evaluated(values(evaluationTopic)) >= EVENTS);
            // Two more checkpoints: whatever the windows emitted is committed by then, so a
            // duplicate, were there one, would be read below.
            long seenAt = KafkaTopics.completedCheckpoints(cluster, secondId);
            Await.until(
                    "two more checkpoints",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, secondId) >= seenAt + 2);
            List<JsonNode> records = values(calibrationTopic);
            assertThat(records)
                    .allSatisfy(r -> assertThat(r.get("target").asText()).isEqualTo("choice"));
            OfflineCalibration.assertMatches(records, expected);
            // Evaluation (no shadows in this config: the serving policy's own value): each
            // closed decision counted once, in one record per placement and window.
            List<JsonNode> evaluation = values(evaluationTopic);
            assertThat(evaluated(evaluation)).isEqualTo(EVENTS);
            assertThat(evaluation)
                    .allSatisfy(r -> assertThat(r.get("target").asText()).isEqualTo("logging"))
                    .extracting(
                            r -> r.get("placement").asText() + "@" + r.get("window_start").asLong())
                    .doesNotHaveDuplicates();
        } finally {
            second.cancel().get();
        }
    }

    /** The decisions counted in evaluation records, on time or late. */
    private static long evaluated(List<JsonNode> records) {
        return records.stream().mapToLong(r -> r.get("n").asLong()).sum();
    }

    private static JobClient start(
            JobOptions options, Source<io.flinksoftmax.event.RawEvent, ?, ?> source)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        JobEnvironment.streamingConfiguration(options));
        ScoringJob.fromOptions(options, env, source);
        return env.executeAsync("kafka-feedback");
    }

    /**
     * Click events over 40 s of event time, two models, and clicks as a softmax choice: the user
     * picks one candidate by its share and clicks it if it was placed; now and then a second click
     * (several clicks are no choice) and a click past the window.
     */
    private static void generate(JobOptions options, List<String> events, List<String> feedback) {
        EventParser parser = new EventParser(options.scoring());
        Scorer scorer = new Scorer(options.scoring());
        SplittableRandom random = new SplittableRandom(31L);
        for (int i = 0; i < EVENTS; i++) {
            double[] scores = new double[5];
            for (int c = 0; c < scores.length; c++) {
                scores[c] = random.nextGaussian();
            }
            long ts = T0 + i * 100L;
            String json = event("fb-" + i, i % 2 == 0 ? "m-a" : "m-b", ts, scores);
            events.add(json);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            var accepted = (ParseResult.Accepted) parser.parse(bytes, bytes.length, bytes.length);
            ClickDecision d = (ClickDecision) scorer.score(accepted.event(), 0L);
            double u = random.nextDouble();
            int chosen = 0;
            for (double sum = d.probabilities()[0]; sum <= u && chosen < 4; ) {
                sum += d.probabilities()[++chosen];
            }
            for (int k : d.placedIndices()) {
                if (k == chosen || random.nextDouble() < 0.03) {
                    long at =
                            ts
                                    + (random.nextDouble() < 0.05
                                            ? WINDOW + 1
                                            : random.nextLong(0, WINDOW));
                    feedback.add(FeedbackSamples.click("fb-" + i, "c" + k, at));
                }
            }
        }
        // In event time order, as a tracker would send them; one without ts: a dead letter.
        feedback.sort(Comparator.comparingLong(KafkaFeedbackITCase::ts));
        feedback.add("{\"id\":\"fb-1\",\"candidate\":\"c0\"}");
    }

    private static long ts(String feedbackLine) {
        try {
            return MAPPER.readTree(feedbackLine).get("ts").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(String id, String model, long ts, double[] scores) {
        StringBuilder s =
                new StringBuilder("{\"id\":\"")
                        .append(id)
                        .append("\",\"kind\":\"click_scores\",\"model\":\"")
                        .append(model)
                        .append("\",\"ts\":")
                        .append(ts)
                        .append(",\"candidates\":[");
        for (int c = 0; c < scores.length; c++) {
            s.append(c == 0 ? "" : ",")
                    .append("{\"id\":\"c")
                    .append(c)
                    .append("\",\"score\":")
                    .append(scores[c])
                    .append('}');
        }
        return s.append("]}").toString();
    }

    /** The committed values of {@code topic}, as JSON. */
    private static List<JsonNode> values(String topic) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), topic)) {
            try {
                out.add(MAPPER.readTree(record.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The job's completed checkpoints, from Flink's statistics. */
    private static long checkpoints(MiniCluster cluster, JobClient job) {
        try {
            return LocalCluster.completedCheckpoints(cluster, job.getJobID());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
