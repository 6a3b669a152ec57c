package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinksoftmax.job.ProjectScripts;
import io.flinksoftmax.job.SampleFile;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way in and out of the local broker, {@code scripts/kafka-broker.sh produce} and
 * {@code consume}, exactly as a user types them (but on the test broker's port).
 */
@ExtendWith(KafkaBroker.class)
class KafkaScriptsITCase {

    @Test
    void producesEverySampleAndConsumesThemBack() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        String topic = "scripts-" + UUID.randomUUID().toString().substring(0, 8);
        ProjectScripts.run("kafka-broker.sh", "create-topics", "--port", port, topic);

        int samples = SampleFile.records().size();
        String produced =
                ProjectScripts.run(
                        "kafka-broker.sh",
                        "produce",
                        "--port",
                        port,
                        topic,
                        "../config/samples/events.jsonl");
        assertThat(produced).contains("produced").doesNotContain("Exception");
        var records = KafkaTopics.readCommitted(bootstrap, topic);
        // All of them, the 1 MB one (payload_too_large) included.
        assertThat(records).hasSize(samples);
        assertThat(records.stream().mapToInt(r -> r.value().length).max().orElse(0))
                .isGreaterThan(1 << 20);

        String consumed =
                ProjectScripts.run(
                        "kafka-broker.sh", "consume", "--port", port, "--max", "5", topic);
        assertThat(consumed.lines().filter(l -> l.startsWith("{") || l.startsWith("[")).count())
                .isGreaterThanOrEqualTo(5);
        assertThat(consumed).contains("Processed a total of 5 messages");
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        assertThat(first.value()).isNotEmpty();
    }

    /** A second broker on a port in use would let clients talk to the first one unawares. */
    @Test
    void startRefusesAPortInUse(@TempDir Path dir) {
        String bootstrap = KafkaBroker.bootstrapServers();
        String port = bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
        assertThatThrownBy(
                        () ->
                                ProjectScripts.run(
                                        "kafka-broker.sh",
                                        "start",
                                        "--port",
                                        port,
                                        "--dir",
                                        dir.toString()))
                .hasMessageContaining("port " + port + " on 127.0.0.1 is in use");
        assertThat(dir.resolve("broker.pid")).doesNotExist();
    }

    @Test
    void produceFailsAtOnceWhenNoBrokerAnswers() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                ProjectScripts.run(
                                        "kafka-broker.sh",
                                        "produce",
                                        "--port",
                                        Integer.toString(unused),
                                        "scores",
                                        "../config/samples/events.jsonl"))
                .hasMessageContaining("no Kafka broker answers on 127.0.0.1:" + unused);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
