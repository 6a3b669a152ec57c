package io.flinksoftmax.operator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;

/**
 * When each job running in this JVM last completed a checkpoint, as reported by its scoring
 * operators: a liveness signal for an embedded run, whose job runs in the same JVM as the code that
 * started it. A streaming job completes a checkpoint every interval, busy or idle; one that has
 * lost its TaskManager, or keeps failing, completes none. Nothing is reported on a cluster (the
 * operators run in other JVMs); there Flink's own supervision applies.
 *
 * <p>Thread safe.
 */
@Internal
public final class CheckpointHeartbeat {

    private static final Map<JobID, Long> LAST_COMPLETED = new ConcurrentHashMap<>();

    private CheckpointHeartbeat() {}

    /** Records that {@code job} completed a checkpoint now. */
    static void beat(JobID job) {
        LAST_COMPLETED.put(job, System.currentTimeMillis());
    }

    /** When {@code job} last completed a checkpoint (epoch millis), or 0 if it never did here. */
    public static long lastCompleted(JobID job) {
        return LAST_COMPLETED.getOrDefault(job, 0L);
    }

    /** Forgets {@code job}, once it is over. */
    public static void forget(JobID job) {
        LAST_COMPLETED.remove(job);
    }
}
