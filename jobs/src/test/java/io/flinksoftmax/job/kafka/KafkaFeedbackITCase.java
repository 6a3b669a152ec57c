package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.calibration.CalibrationStats;
import io.flinksoftmax.calibration.Outcome;
import io.flinksoftmax.decision.ClickDecision;
import io.flinksoftmax.decision.Scorer;
import io.flinksoftmax.job.Await;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.TestClusters;
import io.flinksoftmax.job.options.JobOptions;
import io.flinksoftmax.parse.EventParser;
import io.flinksoftmax.parse.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Feedback on a real broker, exactly once across a failure: clicks drawn from the decisions'
 * probabilities go to the feedback topic, a failure strikes while the events are read, and every
 * calibration record on the calibration topic (read committed) is there once and equals an offline
 * attribution and calibration of the committed decisions and the same feedback.
 */
@ExtendWith(KafkaBroker.class)
class KafkaFeedbackITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestClusters.oneTaskManager(2);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final long T0 = 1_764_230_400_000L;
    private static final long WINDOW = 20_000; // attribution, event time
    private static final long CALIBRATION = 10_000;
    private static final int EVENTS = 400;

    @Test
    void calibrationRecordsAreExactlyOnceAndMatchAnOfflineComputation(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        JobTopics t = JobTopics.create(2);
        String bootstrap = KafkaBroker.bootstrapServers();
        String feedbackTopic = "feedback-" + t.suffix();
        String calibrationTopic = "calibration-" + t.suffix();
        KafkaTopics.create(bootstrap, 2, feedbackTopic);
        KafkaTopics.create(bootstrap, 1, calibrationTopic);
        JobOptions options =
                t.options(
                        "--delivery-guarantee", "exactly-once",
                        "--checkpoint-interval", "500ms",
                        "--parallelism", "2",
                        "--feedback-topic", feedbackTopic,
                        "--calibration-topic", calibrationTopic,
                        "--attribution-window", WINDOW + "ms",
                        "--calibration-window", CALIBRATION + "ms",
                        "--max-out-of-orderness", "1s",
                        // Longer than any pause here: event time moves only with the data, so the
                        // outcome cannot depend on how fast either input is read.
                        "--idleness", "1min");

        List<String> events = new ArrayList<>();
        List<String> feedback = new ArrayList<>();
        generate(options, events, feedback);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.fromOptions(
                options,
                env,
                KafkaConnectors.source(options.kafka())
                        .setDeserializer(new FailingDeserializer())
                        .build());
        JobClient job = env.executeAsync("kafka-feedback");
        JobID jobId = job.getJobID();
        try {
            // Feedback first: it waits for its decisions (less than one window in event time).
            KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, feedback, 2);
            Await.until(
                    "two checkpoints",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= 2);
            FailingDeserializer.arm(EVENTS / 2);
            KafkaTopics.produceRoundRobin(bootstrap, t.input(), events, 2);
            Await.until(
                    "every decision",
                    DEADLINE,
                    () -> KafkaTopics.committedCountsByKey(bootstrap, t.output()).size() == EVENTS);
            assertThat(FailingDeserializer.FAILURES.get()).as("injected failures").isEqualTo(1);
            // Far ahead in event time on every partition: every window closes.
            List<String> flush = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                flush.add(event("flush-" + i, "m-a", T0 + 3_600_000L, new double[] {1}));
            }
            KafkaTopics.produceRoundRobin(bootstrap, t.input(), flush, 2);
            KafkaTopics.produceRoundRobin(
                    bootstrap,
                    feedbackTopic,
                    List.of(
                            "{\"id\":\"flush-x\",\"candidate\":\"c0\",\"ts\":"
                                    + (T0 + 3_600_000L)
                                    + "}",
                            "{\"id\":\"flush-y\",\"candidate\":\"c0\",\"ts\":"
                                    + (T0 + 3_600_000L)
                                    + "}"),
                    2);

            Map<String, CalibrationStats> expected = offline(t, feedback);
            Await.until(
                    "every calibration record",
                    DEADLINE,
                    () -> records(calibrationTopic).size() >= expected.size());
            // Two more completed checkpoints: whatever the windows emitted is committed by then,
            // so a duplicate, were there one, would be read below.
            long seenAt = KafkaTopics.completedCheckpoints(cluster, jobId);
            Await.until(
                    "two more checkpoints",
                    DEADLINE,
                    () -> KafkaTopics.completedCheckpoints(cluster, jobId) >= seenAt + 2);
            List<JsonNode> records = records(calibrationTopic);
            Map<String, Integer> seen = new HashMap<>();
            for (JsonNode r : records) {
                String key = key(r.get("model").asText(), r.get("window_start").asLong());
                seen.merge(key, 1, Integer::sum);
                CalibrationStats s = expected.get(key);
                assertThat(s).as(key).isNotNull();
                assertThat(r.get("impressions").asLong()).as(key).isEqualTo(s.count);
                assertThat(r.get("clicks").asLong()).as(key).isEqualTo(s.positives);
                assertThat(r.get("ece").asDouble())
                        .as(key)
                        .isCloseTo(s.expectedCalibrationError(), within(1e-9));
                assertThat(r.get("log_loss").asDouble())
                        .as(key)
                        .isCloseTo(s.meanLogLoss(), within(1e-9));
            }
            assertThat(seen.keySet()).isEqualTo(expected.keySet());
            assertThat(seen.values()).as("records per model and window").containsOnly(1);
        } finally {
            job.cancel().get();
        }
    }

    /** Click events over 40 s of event time, two models, and clicks drawn from their decisions. */
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
            for (int k : d.placedIndices()) {
                if (random.nextDouble() < d.probabilities()[k]) {
                    feedback.add(
                            "{\"id\":\"fb-"
                                    + i
                                    + "\",\"candidate\":\"c"
                                    + k
                                    + "\",\"event\":\"click\",\"ts\":"
                                    + (ts + random.nextLong(0, 5_000))
                                    + "}");
                }
            }
        }
        // In event time order, as a tracker would send them; one without ts: a dead letter.
        feedback.sort(java.util.Comparator.comparingLong(KafkaFeedbackITCase::ts));
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

    /** Attribution and calibration of the committed decisions, without Flink. */
    private static Map<String, CalibrationStats> offline(JobTopics t, List<String> feedback)
            throws IOException {
        Map<String, List<JsonNode>> clicks = new HashMap<>();
        for (String line : feedback) {
            JsonNode f = MAPPER.readTree(line);
            if (f.hasNonNull("ts")) {
                clicks.computeIfAbsent(f.get("id").asText(), k -> new ArrayList<>()).add(f);
            }
        }
        Map<String, CalibrationStats> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.readCommitted(KafkaBroker.bootstrapServers(), t.output())) {
            JsonNode d = MAPPER.readTree(record.value());
            if (d.get("id").asText().startsWith("flush-")) {
                continue; // their windows close only at the end of time
            }
            long ts = d.get("event_ts").asLong();
            long closes = ts + WINDOW;
            String key = key(d.get("model").asText(), closes - closes % CALIBRATION);
            List<String> ranked = new ArrayList<>();
            d.get("ranked").forEach(n -> ranked.add(n.asText()));
            for (JsonNode placed : d.get("placed")) {
                double p = d.get("probabilities").get(ranked.indexOf(placed.asText())).asDouble();
                boolean clicked =
                        clicks.getOrDefault(d.get("id").asText(), List.of()).stream()
                                .anyMatch(
                                        f ->
                                                f.get("candidate").asText().equals(placed.asText())
                                                        && f.get("ts").asLong() >= ts
                                                        && f.get("ts").asLong() <= closes);
                out.computeIfAbsent(key, k -> new CalibrationStats())
                        .add(Outcome.click(d.get("model").asText(), "default", p, clicked));
            }
        }
        return out;
    }

    private static String key(String model, long windowStart) {
        return model + "@" + windowStart;
    }

    private static List<JsonNode> records(String topic) {
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
}
