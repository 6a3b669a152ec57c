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
 * @param maxOpenBytes heap that open requests may hold on one subtask ({@link
 *     OpenRequest#heapBytes()}); a candidate that would take more is an {@code assembly_overflow}
 *     dead letter. {@link #AUTOMATIC}: 60 % of the JVM's maximum heap, shared by the TaskManager's
 *     slots
 */
@PublicEvolving
public record AssemblySettings(
        Duration timeout, Duration memory, int maxOpenRequests, long maxOpenBytes)
        implements Serializable {

    /**
     * The {@code maxOpenBytes} that stands for 60 % of the JVM's maximum heap divided by the
     * TaskManager's slots: about 300 MB in Flink's default TaskManager (1728m process, a 512 MB
     * heap, one slot), which leaves the framework heap (128 MB) and room for the rest of the job.
     */
    public static final long AUTOMATIC = 0;

    /** The share of the heap that {@link #AUTOMATIC} gives open requests. */
    static final double AUTOMATIC_HEAP_SHARE = 0.6;

    /** A request waits at most an hour: longer is a batch job, not an auction. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /**
     * 50 ms, 1 min, 100,000 open requests and {@link #AUTOMATIC} bytes per subtask. Open requests
     * are held on the heap (with the default state backend) at about 70 B plus the record's size
     * per candidate, and about 300 B per request (BENCHMARKS.md "Open requests"): 100,000 requests
     * of 10 candidates of 180 B take about 250 MB, within the automatic budget of Flink's default
     * TaskManager. The byte budget is what guards the heap: records may be up to {@code
     * max_payload_bytes} each, and a count alone would let a few thousand large ones fill it.
     */
    public static final AssemblySettings DEFAULTS =
            new AssemblySettings(Duration.ofMillis(50), Duration.ofMinutes(1), 100_000, AUTOMATIC);

    /** Settings with the {@link #AUTOMATIC} byte budget. */
    public AssemblySettings(Duration timeout, Duration memory, int maxOpenRequests) {
        this(timeout, memory, maxOpenRequests, AUTOMATIC);
    }

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
        if (maxOpenBytes < 0) {
            throw new IllegalArgumentException(
                    "max-open-bytes must be positive (or 0 for automatic), got " + maxOpenBytes);
        }
    }

    /**
     * The byte budget of one subtask: {@code maxOpenBytes}, or for {@link #AUTOMATIC} 60 % of
     * {@code maxHeap} divided by {@code slots}.
     */
    public long openBytesBudget(long maxHeap, int slots) {
        return maxOpenBytes != AUTOMATIC
                ? maxOpenBytes
                : (long) (maxHeap * AUTOMATIC_HEAP_SHARE) / Math.max(1, slots);
    }
}
