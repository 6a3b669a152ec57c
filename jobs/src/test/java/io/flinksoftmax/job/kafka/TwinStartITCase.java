package io.flinksoftmax.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.fixtures.SampleEvents;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two embedded instances of the same deployment, as an operator might start by mistake: real
 * processes of the built jar against a real broker. The second is refused at start; the first keeps
 * running, and every event is scored exactly once.
 */
@ExtendWith(KafkaBroker.class)
class TwinStartITCase {

    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final Path JAR = Path.of("target/flink-softmax.jar");

    @TempDir Path dir;

    @Test
    void aSecondInstanceIsRefusedAndTheFirstScoresEverythingOnce() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        JobTopics t = JobTopics.create(2);
        String suffix = t.suffix();
        String input = t.input();
        String output = t.output();
        List<String> args =
                t.args(
                        "--checkpoint-interval", "1s",
                        "--checkpoint-dir", dir.resolve("checkpoints").toString(),
                        "--parallelism", "1");
        List<SampleEvents.TestEvent> first = SampleEvents.mixed("twin-a-" + suffix, 300, 5L);
        List<SampleEvents.TestEvent> second = SampleEvents.mixed("twin-b-" + suffix, 300, 6L);
        KafkaTopics.produce(bootstrap, input, first);

        Process one = start(args, dir.resolve("one.log"));
        Process two = null;
        try {
            awaitTrue(
                    "the first instance's decisions",
                    () -> committed(bootstrap, output).containsAll(valid(first)),
                    one);

            two = start(args, dir.resolve("two.log"));
            assertThat(two.waitFor(2, TimeUnit.MINUTES)).as("the second instance exits").isTrue();
            assertThat(two.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("two.log")))
                    .contains("another instance of this deployment is running (pid " + one.pid());
            assertThat(one.isAlive()).as("the first instance keeps running").isTrue();

            KafkaTopics.produce(bootstrap, input, second);
            Set<String> all = new HashSet<>(valid(first));
            all.addAll(valid(second));
            awaitTrue("every decision", () -> committed(bootstrap, output).containsAll(all), one);
            Map<String, Integer> counts = KafkaTopics.committedCountsByKey(bootstrap, output);
            assertThat(counts.keySet()).isEqualTo(all);
            assertThat(counts.values()).as("read_committed count per id").containsOnly(1);
        } finally {
            stop(two);
            stop(one);
        }
    }

    private Process start(List<String> args, Path log) throws Exception {
        String java =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", JAR.toString()));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File("."))
                .start();
    }

    /** Ends a process this test started, by its handle: TERM, then KILL after 30 s. */
    private static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Set<String> committed(String bootstrap, String topic) {
        return KafkaTopics.committedCountsByKey(bootstrap, topic).keySet();
    }

    private static Set<String> valid(List<SampleEvents.TestEvent> events) {
        Set<String> ids = new HashSet<>();
        for (SampleEvents.TestEvent event : events) {
            if (event.valid()) {
                ids.add(event.id());
            }
        }
        return ids;
    }

    private void awaitTrue(String what, BooleanSupplier condition, Process running)
            throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (!running.isAlive() || System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out waiting for "
                                + what
                                + (running.isAlive() ? "" : " (the first instance exited)")
                                + "; its log:\n"
                                + tail(dir.resolve("one.log")));
            }
            Thread.sleep(250);
        }
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
