package io.flinksoftmax.job.kafka;

import io.flinksoftmax.fixtures.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for the tests: create topics, produce events, read results committed. */
public final class KafkaTopics {

    private KafkaTopics() {}

    public static void create(String bootstrap, int partitions, String... topics)
            throws ExecutionException, InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            // Created is not yet served: wait until every partition has a leader, so the first
            // produce does not race the broker's metadata (seen as OutOfOrderSequenceException
            // from an idempotent producer whose first batch met a partition not yet ready).
            long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!allLed(admin, topics)) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("no leader for " + List.of(topics));
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean allLed(Admin admin, String... topics) throws InterruptedException {
        try {
            for (var description :
                    admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                for (var partition : description.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ExecutionException notYet) {
            return false;
        }
    }

    /** Produces the events (key = id) and returns where each one landed, by id. */
    static Map<String, RecordMetadata> produce(
            String bootstrap, String topic, List<SampleEvents.TestEvent> events)
            throws ExecutionException, InterruptedException {
        Properties p = orderedProducer(bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Map<String, java.util.concurrent.Future<RecordMetadata>> sent = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (SampleEvents.TestEvent event : events) {
                sent.put(
                        event.id(),
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        event.id().getBytes(StandardCharsets.UTF_8),
                                        event.json().getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
        }
        Map<String, RecordMetadata> landed = new HashMap<>();
        for (Map.Entry<String, java.util.concurrent.Future<RecordMetadata>> e : sent.entrySet()) {
            landed.put(e.getKey(), e.getValue().get());
        }
        return landed;
    }

    /**
     * Produces line i to partition i mod {@code partitions}, in order: every partition gets its
     * share, and within a partition the lines keep their order (event time, in the feedback test).
     */
    public static void produceRoundRobin(
            String bootstrap, String topic, List<String> lines, int partitions)
            throws ExecutionException, InterruptedException {
        Properties p = orderedProducer(bootstrap);
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < lines.size(); i++) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        i % partitions,
                                        null,
                                        lines.get(i).getBytes(StandardCharsets.UTF_8))));
            }
        }
        for (var future : sent) {
            future.get();
        }
    }

    /** Produces each string as one record without a key. */
    public static void produceLines(String bootstrap, String topic, List<String> lines)
            throws ExecutionException, InterruptedException {
        Properties p = orderedProducer(bootstrap);
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (String line : lines) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic, line.getBytes(StandardCharsets.UTF_8))));
            }
        }
        for (var future : sent) {
            future.get();
        }
    }

    /**
     * Every committed record of {@code topic} up to its current end, as a read_committed consumer
     * sees it (records of open or aborted transactions are not returned).
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic)
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For a read_committed consumer the end is the last stable offset.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!reached(consumer, end)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** How many committed records each key has in {@code topic}. */
    public static Map<String, Integer> committedCountsByKey(String bootstrap, String topic) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(bootstrap, topic)) {
            counts.merge(key(record), 1, Integer::sum);
        }
        return counts;
    }

    public static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Byte-array records, one request in flight: records keep their order per partition. */
    private static Properties orderedProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return p;
    }

    /** Checkpoints the job has completed so far on {@code cluster}; 0 while it is not running. */
    public static long completedCheckpoints(
            org.apache.flink.runtime.minicluster.MiniCluster cluster,
            org.apache.flink.api.common.JobID jobId) {
        try {
            var stats = cluster.getExecutionGraph(jobId).get().getCheckpointStatsSnapshot();
            return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            return 0;
        }
    }
}
