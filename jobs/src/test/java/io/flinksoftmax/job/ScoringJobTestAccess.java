package io.flinksoftmax.job;

import io.flinksoftmax.operator.RawEvent;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Lets tests in other packages build the production job around a source of their own. */
public final class ScoringJobTestAccess {

    private ScoringJobTestAccess() {}

    public static void build(
            JobOptions options, StreamExecutionEnvironment env, Source<RawEvent, ?, ?> source) {
        ScoringJobMain.build(options, env, source);
    }
}
