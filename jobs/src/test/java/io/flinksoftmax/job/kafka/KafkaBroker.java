package io.flinksoftmax.job.kafka;

import io.flinksoftmax.job.ProjectScripts;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker process for the integration tests, started once per test JVM through the
 * project's own {@code scripts/kafka-broker.sh} on free loopback ports, and stopped when the JVM's
 * tests are done (also when they fail). With {@code KAFKA_BOOTSTRAP_SERVERS} set, the tests use
 * that broker instead and start none.
 */
public final class KafkaBroker implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Process.class, k -> start(), Process.class);
    }

    /** The bootstrap servers of the running broker. */
    public static String bootstrapServers() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (Process.bootstrap == null) {
            throw new IllegalStateException("register @ExtendWith(KafkaBroker.class) first");
        }
        return Process.bootstrap;
    }

    private static Process start() {
        if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") != null) {
            return new Process(null);
        }
        try {
            Path dir = Files.createTempDirectory("kafka-broker-");
            int port = freePortPair();
            run("start", "--port", Integer.toString(port), "--dir", dir.toString());
            Process.bootstrap = "127.0.0.1:" + port;
            return new Process(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Kafka broker", e);
        }
    }

    /** A port whose successor is free too (the broker's controller listens there). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no two adjacent free ports found");
    }

    private static void run(String... args) {
        ProjectScripts.run("kafka-broker.sh", args);
    }

    /** The started broker; JUnit closes it when the root context ends. */
    private static final class Process implements ExtensionContext.Store.CloseableResource {
        static volatile String bootstrap;
        private final Path dir;

        Process(Path dir) {
            this.dir = dir;
        }

        @Override
        public void close() {
            if (dir != null) {
                run("stop", "--dir", dir.toString());
            }
        }
    }
}
