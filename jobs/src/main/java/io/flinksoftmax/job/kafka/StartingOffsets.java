package io.flinksoftmax.job.kafka;

import org.apache.flink.annotation.Internal;

/** Where a job without a checkpoint starts reading the input topic. */
@Internal
public enum StartingOffsets {
    /** The oldest record still in the topic. */
    EARLIEST,
    /** Only records produced after the job starts. */
    LATEST,
    /** The consumer group's committed offsets; the earliest where the group has none. */
    COMMITTED
}
