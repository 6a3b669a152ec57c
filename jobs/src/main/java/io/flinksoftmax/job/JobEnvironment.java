package io.flinksoftmax.job;

import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The execution settings the job's options imply: batch for a file source; for a Kafka source
 * checkpoints, bounded restarts and, with {@code --checkpoint-dir}, where to resume from.
 */
@Internal
public final class JobEnvironment {

    private JobEnvironment() {}

    /**
     * Restarts for a streaming job: exponential backoff (1 s to {@link
     * JobOptions#MAX_RESTART_BACKOFF}), {@link JobOptions#MAX_RESTARTS} attempts, then the job
     * fails (and an embedded run exits) instead of restarting forever on the same failure.
     */
    static Configuration boundedRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                JobOptions.MAX_RESTART_BACKOFF);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                JobOptions.MAX_RESTARTS);
        return conf;
    }

    /**
     * The configuration to create a streaming job's environment with: {@link #boundedRestarts()},
     * and with {@code --checkpoint-dir} the deployment's checkpoint folder and the checkpoint to
     * resume from. An embedded run holds the deployment's instance lock before calling this (it
     * prunes old checkpoints).
     */
    public static Configuration streamingConfiguration(JobOptions options) {
        Configuration conf = boundedRestarts();
        if (options.checkpointDir() != null) {
            conf.addAll(
                    CheckpointResume.configuration(
                            options.checkpointDir().resolve(options.deploymentName()),
                            options.allowNonRestoredState()));
        }
        return conf;
    }

    /** Sets the runtime mode, checkpointing and parallelism the options ask for on {@code env}. */
    public static void configure(JobOptions options, StreamExecutionEnvironment env) {
        boolean bounded = options.source() == Endpoint.FILE;
        env.setRuntimeMode(bounded ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        if (!bounded) {
            // At-least-once output needs no barrier alignment: it pays for what it gets.
            CheckpointingMode mode =
                    options.sink() == Endpoint.KAFKA
                                    && options.kafka().deliveryGuarantee()
                                            == DeliveryGuarantee.AT_LEAST_ONCE
                            ? CheckpointingMode.AT_LEAST_ONCE
                            : CheckpointingMode.EXACTLY_ONCE;
            env.enableCheckpointing(options.checkpointInterval().toMillis(), mode);
            env.getCheckpointConfig().setCheckpointTimeout(options.checkpointTimeout().toMillis());
            env.setBufferTimeout(options.bufferTimeout().toMillis());
        }
        // Chained operators would otherwise hand each record over through the serializers' deep
        // copy (a serialization round trip). Safe: no operator of this job keeps or changes a
        // record after emitting it, and the sinks only read the bytes.
        env.getConfig().enableObjectReuse();
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
    }
}
