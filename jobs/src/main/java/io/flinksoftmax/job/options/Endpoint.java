package io.flinksoftmax.job.options;

import org.apache.flink.annotation.PublicEvolving;

/** Where events come from ({@code --source}) and where results go ({@code --sink}). */
@PublicEvolving
public enum Endpoint {
    /** JSON-lines files: bounded input, decisions and dead letters under an output folder. */
    FILE,
    /** Kafka topics: unbounded input, decisions and dead letters to their own topics. */
    KAFKA
}
