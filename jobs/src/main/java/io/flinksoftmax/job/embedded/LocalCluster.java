package io.flinksoftmax.job.embedded;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * An environment whose jobs run on a MiniCluster of this process, as {@code
 * StreamExecutionEnvironment.getExecutionEnvironment()} gives under {@code java -jar} (the same
 * local executor), but one that keeps hold of that MiniCluster, so that the launcher can read its
 * jobs' checkpoint statistics: the watchdog's liveness signal ({@link JobWatchdog}). Nothing in the
 * job's operators reports anything; Flink's own statistics are read.
 *
 * <p>One job per environment (each {@code executeAsync} starts its own MiniCluster, and this keeps
 * the last).
 */
@Internal
public final class LocalCluster {

    /** How long one request for a job's statistics may take. */
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(10);

    private final AtomicReference<MiniCluster> cluster = new AtomicReference<>();
    private final StreamExecutionEnvironment environment;

    /** An environment with {@code configuration}, on this process's own MiniCluster. */
    public LocalCluster(Configuration configuration) {
        Configuration conf = new Configuration(configuration);
        conf.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
        conf.set(DeploymentOptions.ATTACHED, true);
        if (!conf.contains(CoreOptions.DEFAULT_PARALLELISM)) {
            // What a local environment defaults to.
            conf.set(CoreOptions.DEFAULT_PARALLELISM, Runtime.getRuntime().availableProcessors());
        }
        PipelineExecutorFactory local =
                new PipelineExecutorFactory() {
                    @Override
                    public String getName() {
                        return LocalExecutor.NAME;
                    }

                    @Override
                    public boolean isCompatibleWith(Configuration c) {
                        return true;
                    }

                    @Override
                    public PipelineExecutor getExecutor(Configuration c) {
                        return LocalExecutor.createWithFactory(
                                c,
                                miniClusterConfiguration -> {
                                    MiniCluster started = new MiniCluster(miniClusterConfiguration);
                                    cluster.set(started);
                                    return started;
                                });
                    }
                };
        PipelineExecutorServiceLoader executors =
                new PipelineExecutorServiceLoader() {
                    @Override
                    public PipelineExecutorFactory getExecutorFactory(Configuration c) {
                        return local;
                    }

                    @Override
                    public Stream<String> getExecutorNames() {
                        return Stream.of(LocalExecutor.NAME);
                    }
                };
        environment =
                new StreamExecutionEnvironment(
                        executors, conf, LocalCluster.class.getClassLoader());
    }

    public StreamExecutionEnvironment environment() {
        return environment;
    }

    /**
     * How many checkpoints {@code job} has completed, from Flink's checkpoint statistics (what the
     * web UI's "Checkpoints" tab shows), or -1 when the cluster did not answer in time or the job
     * is not known to it (yet).
     */
    public long completedCheckpoints(JobID job) throws InterruptedException {
        MiniCluster running = cluster.get();
        return running == null ? -1 : completedCheckpoints(running, job);
    }

    /** {@link #completedCheckpoints(JobID)} of a job on {@code cluster}. */
    public static long completedCheckpoints(MiniCluster cluster, JobID job)
            throws InterruptedException {
        try {
            AccessExecutionGraph graph =
                    cluster.getExecutionGraph(job)
                            .get(STATS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
            return stats == null ? -1 : stats.getCounts().getNumberOfCompletedCheckpoints();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return -1;
        }
    }
}
