package io.flinksoftmax.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus server for a test (Debian's {@code prometheus} package): scrapes the given
 * targets every second with the project's scrape settings, answers PromQL over its HTTP API, and is
 * stopped on {@link #close()} by its own pid (also written to {@code prometheus.pid} in its folder,
 * for {@code .ci/run} should the test JVM die first).
 */
final class Prometheus implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private Prometheus(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The {@code prometheus} binary on the PATH, if it is installed. */
    static Optional<Path> binary() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts a server scraping {@code targets} (host:port) as one job, {@code flink}. */
    static Prometheus start(Path binary, List<String> targets) throws IOException {
        Path dir = Files.createTempDirectory("prometheus-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global:\n"
                        + "  scrape_interval: 1s\n"
                        + "  scrape_timeout: 1s\n"
                        + "  evaluation_interval: 1s\n"
                        + "scrape_configs:\n"
                        + "  - job_name: flink\n"
                        + "    static_configs:\n"
                        + "      - targets: ["
                        + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))
                        + "]\n");
        int port = FlinkCluster.freePort();
        Process process =
                new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + dir.resolve("data"),
                                "--web.listen-address=127.0.0.1:" + port,
                                // 1 s scrapes: a query sees the newest sample, not one 5 min old.
                                "--query.lookback-delta=30s")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("prometheus.log").toFile())
                        .start();
        Files.writeString(dir.resolve("prometheus.pid"), Long.toString(process.pid()));
        Prometheus prometheus = new Prometheus(process, port, dir);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!prometheus.ready()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("prometheus.log"));
                prometheus.close();
                throw new IOException("Prometheus did not start: " + log);
            }
            sleep(200);
        }
        return prometheus;
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(uri("/-/ready")).GET().build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The result vector of an instant query (an error from Prometheus is an exception). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(
                                        uri(
                                                "/api/v1/query?query="
                                                        + URLEncoder.encode(
                                                                promql, StandardCharsets.UTF_8)))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode body = MAPPER.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException("Prometheus refused " + promql + ": " + response.body());
        }
        return body.get("data").get("result");
    }

    /** Every metric name Prometheus holds, for a failure's diagnosis. */
    List<String> names() throws IOException, InterruptedException {
        String body =
                http.send(
                                HttpRequest.newBuilder(uri("/api/v1/label/__name__/values"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return MAPPER.convertValue(
                MAPPER.readTree(body).get("data"),
                MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    /** The scrape targets' health, for a failure's diagnosis. */
    String targets() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri("/api/v1/targets")).GET().build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
