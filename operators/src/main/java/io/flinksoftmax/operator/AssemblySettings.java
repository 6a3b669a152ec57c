package io.flinksoftmax.operator;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * How the {@link RequestAssembler} puts requests together from per-candidate events.
 *
 * @param timeout how long after its first candidate an incomplete request is decided with what it
 *     has (processing time); more than 0 and at most {@link #MAX_TIMEOUT}
 * @param memory how long a decided request id is remembered, so that a straggler is a {@code
 *     late_candidate} rather than a second decision; at least {@code timeout}
 * @param maxOpenRequests requests open at once on one subtask; a candidate that would open one more
 *     is an {@code assembly_overflow} dead letter
 */
@PublicEvolving
public record AssemblySettings(Duration timeout, Duration memory, int maxOpenRequests)
        implements Serializable {

    /** A request waits at most an hour: longer is a batch job, not an auction. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /**
     * 50 ms, 1 min, 25,000 open requests per subtask. Open requests are held on the heap (with the
     * default state backend) at about 230 B plus the record's size per candidate (BENCHMARKS.md
     * "Open requests"): 25,000 requests of 10 candidates of 180 B take about 100 MB, so two
     * subtasks fit in the task heap of Flink's default TaskManager (1728m process, 384 MB task
     * heap) with room for the rest. At 50 ms a subtask reaches that many only above 500,000
     * requests per second; raise it with the TaskManager's memory, or use RocksDB.
     */
    public static final AssemblySettings DEFAULTS =
            new AssemblySettings(Duration.ofMillis(50), Duration.ofMinutes(1), 25_000);

    /**
     * @throws IllegalArgumentException naming the setting and its allowed range
     */
    public AssemblySettings {
        if (timeout == null
                || timeout.isNegative()
                || timeout.isZero()
                || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "assembly-timeout must be more than 0 and at most 1 h, got " + timeout);
        }
        if (memory == null || memory.compareTo(timeout) < 0) {
            throw new IllegalArgumentException(
                    "assembly-memory must be at least assembly-timeout ("
                            + timeout
                            + "), got "
                            + memory
                            + ": a request id must be remembered for as long as it can be open");
        }
        if (maxOpenRequests < 1) {
            throw new IllegalArgumentException(
                    "max-open-requests must be at least 1, got " + maxOpenRequests);
        }
    }
}
