package io.flinksoftmax.job;

import io.flinksoftmax.operator.RawEvent;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Lets tests in other packages build the production job around a source of their own. */
public final class ScoringJobTestAccess {

    private ScoringJobTestAccess() {}

    public static void build(
            JobOptions options, StreamExecutionEnvironment env, Source<RawEvent, ?, ?> source) {
        ScoringJobMain.build(options, env, source);
    }

    /** The embedded runner's watchdog: exit code and reason, once it has decided. */
    public static Map.Entry<Integer, String> watch(
            JobClient job, Duration recoveryTimeout, Duration poll) throws InterruptedException {
        JobWatchdog.Verdict verdict = JobWatchdog.watch(job, recoveryTimeout, poll, null, null);
        return Map.entry(verdict.exitCode(), verdict.reason());
    }
}
