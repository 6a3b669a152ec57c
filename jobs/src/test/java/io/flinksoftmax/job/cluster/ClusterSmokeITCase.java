package io.flinksoftmax.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.job.CandidateRequests;
import io.flinksoftmax.job.OfflineCalibration;
import io.flinksoftmax.job.SampleFile;
import io.flinksoftmax.job.ScoringJob;
import io.flinksoftmax.job.kafka.JobTopics;
import io.flinksoftmax.job.kafka.KafkaBroker;
import io.flinksoftmax.job.kafka.KafkaTopics;
import io.flinksoftmax.pipeline.Outcome;
import io.flinksoftmax.pipeline.RecordPipeline;
import io.flinksoftmax.policy.Mode;
import io.flinksoftmax.policy.ScoringConfig;
import io.flinksoftmax.policy.ScoringConfigReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topology of the docker-compose stack, from Maven Central jars: a real Kafka broker process, a
 * real Flink JobManager process and TaskManager process. The cluster jar is submitted through
 * Flink's REST API, the sample events are produced, a TaskManager is killed with {@code kill -9}
 * mid-stream and replaced, and a read_committed consumer must still find every valid event's
 * decision exactly once; the job's own metrics are read from the REST API.
 */
@ExtendWith(KafkaBroker.class)
class ClusterSmokeITCase {

    /** The broker's default limit per record; the sample's 1 MiB record is tested elsewhere. */
    private static final int BROKER_MAX_RECORD = 1_000_000;

    private static final Path CONFIG = Path.of("../config/scoring.yaml").toAbsolutePath();
    private static final Path FEEDBACK = Path.of("../config/samples/feedback.jsonl");

    @Test
    void runsOnAStandaloneClusterAndSurvivesAKilledTaskManager() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        JobTopics t = JobTopics.create(2);
        String input = t.input();
        String output = t.output();

        List<String> lines =
                SampleFile.textRecords().stream()
                        .filter(l -> l.getBytes(StandardCharsets.UTF_8).length < BROKER_MAX_RECORD)
                        .toList();
        Set<String> validIds = validIds(lines);
        // Requests sent one candidate at a time ride along, spread through the sample: some are
        // open in the assembler's state when the TaskManager is killed. Without ts, so that
        // calibration is the sample's alone.
        CandidateRequests requests =
                CandidateRequests.generate(
                        "cluster", 100, 0, 23L, ScoringConfigReader.read(CONFIG), false);
        lines = interleave(lines, requests.lines());
        validIds.addAll(requests.wholeDecisions().keySet());
        List<String> first = lines.subList(0, lines.size() / 2);
        List<String> second = lines.subList(lines.size() / 2, lines.size());

        try (FlinkCluster cluster = FlinkCluster.start()) {
            String jarId = cluster.upload(Path.of("target/flink-softmax-cluster.jar"));
            String policies = "policies-" + t.suffix();
            KafkaTopics.create(bootstrap, 1, policies);
            String feedbackTopic = "feedback-" + t.suffix();
            String calibrationTopic = "calibration-" + t.suffix();
            KafkaTopics.create(bootstrap, 2, feedbackTopic);
            KafkaTopics.create(bootstrap, 1, calibrationTopic);
            String jobId =
                    cluster.run(
                            jarId,
                            t.args(
                                    "--checkpoint-interval",
                                    "1s",
                                    "--parallelism",
                                    "2",
                                    "--policy-topic",
                                    policies,
                                    "--feedback-topic",
                                    feedbackTopic,
                                    "--calibration-topic",
                                    calibrationTopic,
                                    // The feedback topic stays quiet until the end of the test;
                                    // it must not be declared idle (and event time left to the
                                    // decisions) before then.
                                    "--idleness",
                                    "10min",
                                    // Requests wait for all their candidates across the kill.
                                    "--assembly-timeout",
                                    "10min",
                                    "--assembly-memory",
                                    "20min"));
            try {
                await(cluster, "the job to run", () -> "RUNNING".equals(state(cluster, jobId)));
                refusesAMistypedSubmissionWithoutHarm(cluster, jarId, jobId, t);
                KafkaTopics.produceLines(bootstrap, input, first);
                Set<String> firstValid = new HashSet<>(validIds(first));
                await(
                        cluster,
                        "decisions for the first half",
                        () ->
                                KafkaTopics.committedCountsByKey(bootstrap, output)
                                        .keySet()
                                        .containsAll(firstValid));

                // The second half trickles in while the TaskManager is killed and replaced, so
                // that records are in flight (and transactions open) at the moment of the kill.
                CountDownLatch streaming = new CountDownLatch(1);
                Thread producer =
                        new Thread(() -> trickle(bootstrap, input, second, streaming), "trickle");
                producer.start();
                streaming.await();
                cluster.killTaskManager();
                cluster.addTaskManager();
                producer.join();
                int[] lastMissing = {-1};
                await(
                        cluster,
                        "the job to restart and commit a decision for every valid id",
                        () -> {
                            Set<String> missing = new HashSet<>(validIds);
                            missing.removeAll(
                                    KafkaTopics.committedCountsByKey(bootstrap, output).keySet());
                            if (missing.size() != lastMissing[0]) { // for a failure's diagnosis
                                lastMissing[0] = missing.size();
                                System.out.printf(
                                        "cluster: %d valid ids without a committed decision, e.g."
                                                + " %s%n",
                                        missing.size(), missing.stream().limit(3).toList());
                            }
                            return restarts(cluster, jobId) > 0 && missing.isEmpty();
                        });

                Map<String, Integer> counts = KafkaTopics.committedCountsByKey(bootstrap, output);
                assertThat(counts.keySet()).isEqualTo(validIds);
                int assembled = 0;
                for (var record : KafkaTopics.readCommitted(bootstrap, output)) {
                    if (requests.wholeDecisions().containsKey(KafkaTopics.key(record))) {
                        requests.assertMatches(record.value());
                        assembled++;
                    }
                }
                assertThat(assembled).as("assembled decisions").isEqualTo(100);
                assertThat(counts.values()).as("decisions per id, read_committed").containsOnly(1);
                assertThat(restarts(cluster, jobId))
                        .as("restarts after the TaskManager was killed")
                        .isPositive();

                // The job's own metrics, live from the REST API: a few more events after the
                // restart must show up in the new attempt's counters (fetched every few seconds).
                // A further restart (on a loaded machine a heartbeat can time out right after the
                // kill) zeroes the counters and may restore past a batch already checkpointed:
                // then a fresh batch is sent for the new attempt.
                int batch = 20;
                long[] sentAt = {restarts(cluster, jobId)};
                int[] batches = {0};
                KafkaTopics.produceLines(bootstrap, input, afterRestart(batches[0]++, batch));
                await(
                        cluster,
                        "the custom metrics to count the new events",
                        () -> {
                            long now = restarts(cluster, jobId);
                            if (now != sentAt[0]) {
                                sentAt[0] = now;
                                KafkaTopics.produceLines(
                                        bootstrap, input, afterRestart(batches[0]++, batch));
                            }
                            return sumOfMetric(cluster, jobId, "softmax-score.softmax.records_in")
                                            >= batch
                                    && sumOfMetric(
                                                    cluster,
                                                    jobId,
                                                    "softmax-score.softmax.decisions_click_scores")
                                            >= batch;
                        });
                // The same metrics in Prometheus format, as a scraper sees them (one scrape that
                // reached the TaskManagers: a busy one may miss a scrape's 5 s timeout).
                String[] scraped = {""};
                await(
                        cluster,
                        "the job's metrics in Prometheus format",
                        () -> {
                            scraped[0] = cluster.prometheusMetrics();
                            return scraped[0].contains("softmax_records_in");
                        });
                assertThat(scraped[0])
                        .contains("softmax_decisions_click_scores")
                        .contains("softmax_reason_dead_letters{")
                        .contains("reason=\"malformed_json\"");
                assertThat(
                                metricNames(cluster, jobId).stream()
                                        .filter(n -> n.endsWith(".dead_letters"))
                                        .count())
                        .as("dead-letter counters, one per reason")
                        .isEqualTo(Reason.values().length);

                // A policy update while the job runs: in force within a second on the cluster.
                long sent = System.currentTimeMillis();
                KafkaTopics.produceLines(
                        bootstrap,
                        policies,
                        List.of(
                                "{\"version\":2,\"policies\":{\"default\":{\"slots\":1},"
                                        + "\"home_top\":{},\"feed\":{},\"sidebar\":{}}}"));
                // Probes 100 ms apart for 3 s; then the first decision under version 2.
                List<String> probeIds = new java.util.ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String id = "policy-probe-" + i;
                    probeIds.add(id);
                    KafkaTopics.produceLines(
                            bootstrap,
                            input,
                            List.of(
                                    "{\"id\":\""
                                            + id
                                            + "\",\"kind\":\"click_scores\",\"candidates\":"
                                            + "[{\"id\":\"a\",\"score\":1},{\"id\":\"b\",\"score\":2}]}"));
                    Thread.sleep(100);
                }
                await(
                        cluster,
                        "the probes' decisions",
                        () ->
                                KafkaTopics.committedCountsByKey(bootstrap, output)
                                        .keySet()
                                        .containsAll(probeIds));
                long[] firstNew = {Long.MAX_VALUE};
                long lastProbeVersion = -1;
                ObjectMapper mapper = new ObjectMapper();
                for (var record : KafkaTopics.readCommitted(bootstrap, output)) {
                    if (!KafkaTopics.key(record).startsWith("policy-probe-")) {
                        continue;
                    }
                    JsonNode d = mapper.readTree(record.value());
                    if (d.get("policy_version").asLong() == 2) {
                        assertThat(d.get("placed")).hasSize(1);
                        firstNew[0] = Math.min(firstNew[0], d.get("scored_ts").asLong());
                    }
                    if (KafkaTopics.key(record).equals("policy-probe-29")) {
                        lastProbeVersion = d.get("policy_version").asLong();
                    }
                }
                assertThat(lastProbeVersion).as("version of the last probe").isEqualTo(2);
                System.out.printf(
                        "cluster: policy version 2 scored its first decision %d ms after the"
                                + " update was acknowledged%n",
                        firstNew[0] - sent);
                // Every subtask whose metrics the REST API has fetched reports version 2. (Not
                // "both": on a loaded machine the JobManager's fetch from one TaskManager can
                // time out for minutes, which once made a sum-based wait fail.)
                String gauge = "softmax-score.softmax.policy_version";
                await(
                        cluster,
                        "the policy_version gauge at 2 on every reporting subtask",
                        () ->
                                aggregateOfMetric(cluster, jobId, gauge, "min") == 2.0
                                        && aggregateOfMetric(cluster, jobId, gauge, "max") == 2.0);

                // Feedback for the sample decisions, then event time pushed far ahead on every
                // partition of both inputs: the calibration records must equal an offline
                // attribution of the committed decisions and the same feedback.
                // In time order, as a tracker sends them: the file is shuffled far beyond
                // --max-out-of-orderness (a file run sorts by time; a stream does not).
                ObjectMapper reader = new ObjectMapper();
                List<String> feedback = new java.util.ArrayList<>(Files.readAllLines(FEEDBACK));
                feedback.sort(
                        java.util.Comparator.comparingLong(
                                line -> {
                                    try {
                                        return reader.readTree(line).path("ts").asLong(0);
                                    } catch (java.io.IOException notJson) {
                                        return 0L;
                                    }
                                }));
                KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, feedback, 2);
                long later = 1_764_230_400_000L + 7_200_000L;
                String flush =
                        "{\"id\":\"flush-%d\",\"kind\":\"click_scores\",\"ts\":"
                                + later
                                + ",\"candidates\":[{\"id\":\"a\",\"score\":1}]}";
                KafkaTopics.produceRoundRobin(
                        bootstrap, input, List.of(flush.formatted(0), flush.formatted(1)), 2);
                String late = "{\"id\":\"flush-x\",\"candidate\":\"a\",\"ts\":" + later + "}";
                KafkaTopics.produceRoundRobin(bootstrap, feedbackTopic, List.of(late, late), 2);
                ObjectMapper json = new ObjectMapper();
                List<JsonNode> decisions = new java.util.ArrayList<>();
                for (var record : KafkaTopics.readCommitted(bootstrap, output)) {
                    decisions.add(json.readTree(record.value()));
                }
                // Version 2 left every policy at the defaults: softmax.
                ScoringConfig base = ScoringConfigReader.read(Path.of("../config/scoring.yaml"));
                Map<String, OfflineCalibration.Expected> offline =
                        OfflineCalibration.of(
                                decisions,
                                feedback,
                                30 * 60_000L,
                                0,
                                d ->
                                        d.get("policy_version").asLong() == 2
                                                ? Mode.SOFTMAX
                                                : base.policyFor(d.get("policy").asText()).mode());
                List<JsonNode> records = new java.util.ArrayList<>();
                await(
                        cluster,
                        "the calibration records",
                        () -> {
                            records.clear();
                            for (var record :
                                    KafkaTopics.readCommitted(bootstrap, calibrationTopic)) {
                                records.add(json.readTree(record.value()));
                            }
                            return records.size() >= offline.size();
                        });
                OfflineCalibration.assertMatches(records, offline);
                System.out.printf(
                        "cluster: %d calibration records equal the offline computation%n",
                        records.size());
            } finally {
                cluster.cancel(jobId);
            }
        }
    }

    /** Sends the lines one by one, 10 ms apart, opening {@code started} after the first 50. */
    private static void trickle(
            String bootstrap, String topic, List<String> lines, CountDownLatch started) {
        try {
            for (int i = 0; i < lines.size(); i += 10) {
                KafkaTopics.produceLines(
                        bootstrap, topic, lines.subList(i, Math.min(lines.size(), i + 10)));
                if (i >= 50) {
                    started.countDown();
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            started.countDown();
        }
    }

    /** {@code n} click events with ids of their own, for batch {@code b}. */
    private static List<String> afterRestart(int b, int n) {
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(
                    "{\"id\":\"after-"
                            + b
                            + "-"
                            + i
                            + "\",\"kind\":\"click_scores\",\"candidates\":"
                            + "[{\"id\":\"a\",\"score\":1},{\"id\":\"b\",\"score\":2}]}");
        }
        return events;
    }

    private static long restarts(FlinkCluster cluster, String jobId) throws Exception {
        JsonNode metric = cluster.get("/jobs/" + jobId + "/metrics?get=numRestarts");
        return metric.size() == 0 ? 0 : metric.get(0).get("value").asLong();
    }

    /** Ids of the lines that get a decision (all the way through encoding and its size bound). */
    /**
     * A web-UI/REST submission runs {@code main()} inside the JobManager: a mistyped option must
     * fail that submission with a reply naming the option, and leave the JobManager and the running
     * job alone (it used to {@code System.exit(2)} the JobManager).
     */
    private static void refusesAMistypedSubmissionWithoutHarm(
            FlinkCluster cluster, String jarId, String jobId, JobTopics t) throws Exception {
        var reply = cluster.submit(jarId, t.args("--sourc", "kafka"));
        assertThat(reply.statusCode()).as(reply.body()).isGreaterThanOrEqualTo(400);
        assertThat(reply.body()).contains("unknown option --sourc");
        assertThat(cluster.get("/overview").get("taskmanagers").asInt())
                .as("the JobManager still answers")
                .isPositive();
        assertThat(state(cluster, jobId)).isEqualTo("RUNNING");
    }

    /** {@code lines} in their order, with {@code more} spread evenly among them. */
    private static List<String> interleave(List<String> lines, List<String> more) {
        List<String> all = new java.util.ArrayList<>(lines.size() + more.size());
        int step = Math.max(1, lines.size() / Math.max(1, more.size()));
        int next = 0;
        for (int i = 0; i < lines.size(); i++) {
            all.add(lines.get(i));
            if (i % step == 0 && next < more.size()) {
                all.add(more.get(next++));
            }
        }
        all.addAll(more.subList(next, more.size()));
        return all;
    }

    private static Set<String> validIds(List<String> lines) {
        RecordPipeline pipeline = new RecordPipeline(ScoringConfigReader.read(CONFIG));
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            RawEvent raw = RawEvent.of(line.getBytes(StandardCharsets.UTF_8));
            if (pipeline.process(raw, System.currentTimeMillis())
                    instanceof Outcome.Scored scored) {
                ids.add(scored.decision().id());
            }
        }
        return ids;
    }

    private static String state(FlinkCluster cluster, String jobId) throws Exception {
        return cluster.get("/jobs/" + jobId).get("state").asText();
    }

    /** The vertex of the scoring operator (with a control input, the sources are apart). */
    private static String vertex(FlinkCluster cluster, String jobId) throws Exception {
        for (JsonNode vertex : cluster.get("/jobs/" + jobId).get("vertices")) {
            String name = vertex.get("name").asText();
            if (name.contains(ScoringJob.SCORE_UID)
                    && !name.contains(ScoringJob.SCORE_ASSEMBLED_UID)) {
                return vertex.get("id").asText();
            }
        }
        throw new AssertionError("no vertex named after " + ScoringJob.SCORE_UID);
    }

    private static List<String> metricNames(FlinkCluster cluster, String jobId) throws Exception {
        JsonNode metrics =
                cluster.get(
                        "/jobs/"
                                + jobId
                                + "/vertices/"
                                + vertex(cluster, jobId)
                                + "/subtasks/metrics");
        return java.util.stream.StreamSupport.stream(metrics.spliterator(), false)
                .map(m -> m.get("id").asText())
                .toList();
    }

    private static double sumOfMetric(FlinkCluster cluster, String jobId, String name)
            throws Exception {
        return aggregateOfMetric(cluster, jobId, name, "sum");
    }

    /** {@code agg} (sum, min, max) of a metric over the scoring vertex's subtasks; NaN if none. */
    private static double aggregateOfMetric(
            FlinkCluster cluster, String jobId, String name, String agg) throws Exception {
        JsonNode result =
                cluster.get(
                        "/jobs/"
                                + jobId
                                + "/vertices/"
                                + vertex(cluster, jobId)
                                + "/subtasks/metrics?get="
                                + name
                                + "&agg="
                                + agg);
        return result.size() == 0 ? Double.NaN : result.get(0).get(agg).asDouble();
    }

    /** Polls a condition until it holds; fails with the cluster's logs after the timeout. */
    private static void await(FlinkCluster cluster, String what, Callable<Boolean> condition)
            throws Exception {
        long end = System.nanoTime() + FlinkCluster.timeout().toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + cluster.logs());
            }
            Thread.sleep(250);
        }
    }
}
