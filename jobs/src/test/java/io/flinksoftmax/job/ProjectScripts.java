package io.flinksoftmax.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the project's own scripts (the ones the README gives users) from a test. */
public final class ProjectScripts {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private ProjectScripts() {}

    /**
     * Runs {@code scripts/<script> <args...>} and waits up to 5 minutes for it.
     *
     * @return what it printed (stdout and stderr)
     * @throws IllegalStateException with the script's output when it fails
     */
    public static String run(String script, String... args) {
        List<String> command =
                new ArrayList<>(List.of("bash", ROOT.resolve("scripts/" + script).toString()));
        command.addAll(List.of(args));
        try {
            // Not inheritIO: the forked test JVM's stdout is the test runner's channel.
            Path log = Files.createTempFile(script + "-", ".log");
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "scripts/"
                                + script
                                + " "
                                + String.join(" ", args)
                                + " failed: "
                                + Files.readString(log));
            }
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
