package io.flinksoftmax.job.kafka;

import io.flinksoftmax.deadletter.DeadLetter;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.pipeline.EncodedDecision;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.KafkaSourceOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka source and sinks of the scoring job.
 *
 * <pre>{@code
 * KafkaSource<RawEvent> source = KafkaConnectors.source(options).build();
 * KafkaSink<EncodedDecision> decisions = KafkaConnectors.decisionSink(options);
 * }</pre>
 */
@Internal
public final class KafkaConnectors {

    /**
     * The sink's transaction timeout unless the user sets {@code transaction.timeout.ms}: above any
     * sane checkpoint interval plus recovery time, below the 15 minutes a broker allows by default
     * ({@code transaction.max.timeout.ms}). The connector's own default of 1 hour is refused by a
     * default broker.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private KafkaConnectors() {}

    /**
     * A source of raw events from the input topic: offsets committed to the group on checkpoints,
     * transactional input read committed only. Tests may add a stopping offset.
     */
    public static KafkaSourceBuilder<RawEvent> source(KafkaOptions options) {
        return KafkaSource.<RawEvent>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(options.inputTopic())
                .setGroupId(options.groupId())
                .setStartingOffsets(startingOffsets(options.startingOffsets()))
                .setDeserializer(new RawEventDeserializer())
                .setProperties(consumerProperties(options));
    }

    /**
     * A source of policy documents from {@code topic} (README "Changing policies at runtime"): from
     * the topic's start when the job has no checkpoint (stale versions are ignored, so the newest
     * valid document wins), else from the checkpointed offsets; committed documents only.
     */
    public static KafkaSource<RawEvent> policySource(KafkaOptions options, String topic) {
        return sideSource(options, topic, "-policies", OffsetsInitializer.earliest());
    }

    /**
     * A source of feedback records from {@code topic}: committed records only, from the
     * checkpointed offsets, else from the topic's start (feedback for decisions the job never made
     * is counted as unknown).
     */
    public static KafkaSource<RawEvent> feedbackSource(KafkaOptions options, String topic) {
        return sideSource(options, topic, "-feedback", startingOffsets(options.startingOffsets()));
    }

    /** A source of another input than the events: its own topic and consumer group. */
    private static KafkaSource<RawEvent> sideSource(
            KafkaOptions options, String topic, String groupSuffix, OffsetsInitializer start) {
        return KafkaSource.<RawEvent>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setTopics(topic)
                .setGroupId(options.groupId() + groupSuffix)
                .setStartingOffsets(start)
                .setDeserializer(new RawEventDeserializer())
                .setProperties(consumerProperties(options))
                .build();
    }

    /**
     * All sources read committed records only (events or documents of aborted transactions must not
     * count), discover partitions at the option's interval, and take the user's properties.
     */
    private static Properties consumerProperties(KafkaOptions options) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.setProperty(
                KafkaSourceOptions.PARTITION_DISCOVERY_INTERVAL_MS.key(),
                Long.toString(options.partitionDiscoveryInterval().toMillis()));
        properties.putAll(options.clientProperties());
        return properties;
    }

    /** Decisions to the output topic, keyed by event id. */
    public static KafkaSink<EncodedDecision> decisionSink(KafkaOptions options) {
        return sink(options, new DecisionRecordSerializer(options.outputTopic()), "decisions");
    }

    /**
     * Decisions of assembled requests to the same output topic, from their own sink (its own
     * transactional ids), so that the events' scoring operator keeps its sink chained to it.
     */
    public static KafkaSink<EncodedDecision> assembledDecisionSink(KafkaOptions options) {
        return sink(
                options,
                new DecisionRecordSerializer(options.outputTopic()),
                "assembled-decisions");
    }

    /** Calibration records to {@code topic}, keyed by {@code model/placement}. */
    public static KafkaSink<EncodedDecision> calibrationSink(KafkaOptions options, String topic) {
        return sink(options, new DecisionRecordSerializer(topic), "calibration");
    }

    /** Evaluation records to {@code topic}, keyed by {@code placement/target}. */
    public static KafkaSink<EncodedDecision> evaluationSink(KafkaOptions options, String topic) {
        return sink(options, new DecisionRecordSerializer(topic), "evaluation");
    }

    /** Dead letters to the dead-letter topic, with the source position in headers. */
    public static KafkaSink<DeadLetter> deadLetterSink(KafkaOptions options) {
        return sink(
                options, new DeadLetterRecordSerializer(options.deadLetterTopic()), "dead-letters");
    }

    private static <T> KafkaSink<T> sink(
            KafkaOptions options, KafkaRecordSerializationSchema<T> serializer, String name) {
        Properties properties = new Properties();
        properties.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        properties.putAll(options.clientProperties());
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(options.deliveryGuarantee())
                        .setKafkaProducerConfig(properties);
        if (options.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            // Two transactional sinks in one job: each needs its own id prefix.
            builder.setTransactionalIdPrefix(options.transactionalIdPrefix() + "-" + name);
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(StartingOffsets startingOffsets) {
        return switch (startingOffsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
