package io.flinksoftmax.job.kafka;

/** Where a job without a checkpoint starts reading the input topic. */
public enum StartingOffsets {
    /** The oldest record still in the topic. */
    EARLIEST,
    /** Only records produced after the job starts. */
    LATEST,
    /** The consumer group's committed offsets; the earliest where the group has none. */
    COMMITTED
}
