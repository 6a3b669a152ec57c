package io.flinksoftmax.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flinksoftmax.job.ProjectScripts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real Flink standalone session cluster for a test: JobManager and TaskManager processes started
 * by the project's {@code scripts/flink-cluster.sh} on free loopback ports, driven through Flink's
 * REST API, and stopped on {@link #close()} (also when the test fails).
 */
final class FlinkCluster implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path dir;
    private final int restPort;
    private final int promPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private FlinkCluster(Path dir, int restPort, int promPort) {
        this.dir = dir;
        this.restPort = restPort;
        this.promPort = promPort;
    }

    static FlinkCluster start() throws IOException {
        Path dir = Files.createTempDirectory("flink-cluster-");
        int restPort = freePort();
        FlinkCluster cluster = new FlinkCluster(dir, restPort, freePort());
        try {
            cluster.script(
                    "start",
                    "--rest-port",
                    Integer.toString(restPort),
                    "--rpc-port",
                    Integer.toString(freePort()),
                    "--prom-port",
                    Integer.toString(cluster.promPort),
                    "--dir",
                    dir.toString());
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The cluster's folder, for {@code scripts/flink-cluster.sh ... --dir}. */
    Path dir() {
        return dir;
    }

    /** Starts one more TaskManager process and waits until it has registered. */
    void addTaskManager() {
        script("add-taskmanager", "--dir", dir.toString());
    }

    /** Kills the first TaskManager process the hard way: no shutdown, no goodbye. */
    long killTaskManager() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(dir.resolve("pids/taskmanager-1.pid")).trim());
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        handle.onExit().join();
        return pid;
    }

    /** Uploads a jar through {@code POST /jars/upload}; returns its id on the cluster. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = UUID.randomUUID().toString();
        List<byte[]> parts = new ArrayList<>();
        parts.add(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        parts.add(Files.readAllBytes(jar));
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request =
                HttpRequest.newBuilder(uri("/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
                        .build();
        String filename = send(request).get("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /** Runs an uploaded jar's main class with these arguments; returns the job id. */
    String run(String jarId, List<String> args) throws IOException, InterruptedException {
        HttpResponse<String> response = submit(jarId, args);
        if (response.statusCode() >= 300) {
            throw new IOException(
                    "/jars/"
                            + jarId
                            + "/run answered "
                            + response.statusCode()
                            + ": "
                            + response.body());
        }
        return MAPPER.readTree(response.body()).get("jobid").asText();
    }

    /** {@code POST /jars/<id>/run}, as the web UI sends it; the reply as it came. */
    HttpResponse<String> submit(String jarId, List<String> args)
            throws IOException, InterruptedException {
        String body =
                MAPPER.createObjectNode()
                        .set("programArgsList", MAPPER.valueToTree(args))
                        .toString();
        HttpRequest request =
                HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Everything the processes' Prometheus reporters expose (each took the first free port of its
     * range), as one text.
     */
    String prometheusMetrics() throws InterruptedException {
        StringBuilder all = new StringBuilder();
        for (int port = promPort; port < promPort + 10; port++) {
            try {
                all.append(
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:" + port + "/"))
                                                .timeout(Duration.ofSeconds(5))
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (IOException nothingThere) {
                // a port of the range that no process took
            }
        }
        return all.toString();
    }

    /** Where the processes' Prometheus reporters may listen: the ten ports of their range. */
    List<String> prometheusTargets() {
        List<String> targets = new ArrayList<>();
        for (int port = promPort; port < promPort + 10; port++) {
            targets.add("127.0.0.1:" + port);
        }
        return targets;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /**
     * Cancels a job if the cluster still answers; never throws, so that it can run in a {@code
     * finally} block without hiding the failure that got there.
     */
    void cancel(String jobId) {
        try {
            http.send(
                    HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                            .method("PATCH", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the cluster is gone; close() stops what is left of it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(
                    request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return MAPPER.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    /** Stops its processes, then deletes its folder (logs, uploaded jars, checkpoints). */
    @Override
    public void close() {
        script("stop", "--dir", dir.toString());
        org.apache.flink.util.FileUtils.deleteDirectoryQuietly(dir.toFile());
    }

    private void script(String... args) {
        try {
            ProjectScripts.run("flink-cluster.sh", args);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + logs(), e);
        }
    }

    /** The tail of the cluster's logs, for failure messages. */
    String logs() {
        StringBuilder s = new StringBuilder();
        s.append("\nPrometheus ports from ").append(promPort).append('\n');
        try (var files = Files.list(dir.resolve("log"))) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file);
                s.append("\n== ").append(file.getFileName()).append('\n');
                lines.stream()
                        .filter(l -> l.contains("PrometheusReporter"))
                        .forEach(l -> s.append(l).append('\n'));
                lines.subList(Math.max(0, lines.size() - 30), lines.size())
                        .forEach(l -> s.append(l).append('\n'));
            }
        } catch (IOException e) {
            s.append("(no logs: ").append(e.getMessage()).append(')');
        }
        return s.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Duration timeout() {
        return Duration.ofMinutes(3);
    }
}
