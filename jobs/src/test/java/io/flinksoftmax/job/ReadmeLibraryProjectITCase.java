package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Using the library in your own job" page (docs/library.md), done as a user does it: the
 * library installed in the local Maven repository (what the README's {@code mvn install} does), a
 * new Maven project whose dependencies are the README's {@code <dependency>} snippet verbatim and
 * whose only class is the README's Java snippet, built with Maven and its {@code main} run on the
 * project's classpath (as an IDE runs it) with the scoring config as {@code args[0]}. Dependencies
 * that compile but cannot run (no {@code flink-clients}: "No ExecutorFactory found") fail here.
 */
class ReadmeLibraryProjectITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = "0.1.0-SNAPSHOT";

    @TempDir Path project;

    @Test
    void theReadmesSnippetsBuildAndRunAsAProject() throws Exception {
        String readme = Files.readString(ROOT.resolve("docs/library.md"));
        String section = readme.substring(readme.indexOf("# Using the library in your own job"));
        String dependencies = block(section, "```xml");
        String source = block(section, "```java");
        assertThat(dependencies).contains("flink-softmax-operators");

        // What `mvn install` gives the user, from the artifacts this build already made.
        mvn(
                ROOT,
                "install:install-file",
                "-Dfile=" + ROOT.resolve("pom.xml"),
                "-DpomFile=" + ROOT.resolve("pom.xml"));
        mvn(
                ROOT,
                "install:install-file",
                "-Dfile="
                        + ROOT.resolve(
                                "operators/target/flink-softmax-operators-" + VERSION + ".jar"),
                "-DpomFile=" + ROOT.resolve("operators/pom.xml"));

        Files.writeString(
                project.resolve("pom.xml"),
                """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>score-my-events</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.source>17</maven.compiler.source>
                    <maven.compiler.target>17</maven.compiler.target>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s
                  </dependencies>
                </project>
                """
                        .formatted(dependencies));
        Path sources = Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(sources.resolve("ScoreMyEvents.java"), source);
        mvn(
                project,
                "package",
                "dependency:build-classpath",
                "-Dmdep.outputFile=" + project.resolve("classpath.txt"));

        String classpath =
                project.resolve("target/classes")
                        + File.pathSeparator
                        + Files.readString(project.resolve("classpath.txt")).strip();
        String out =
                run(
                        project,
                        List.of(
                                "java",
                                "-cp",
                                classpath,
                                "ScoreMyEvents",
                                ROOT.resolve("config/scoring.yaml").toString()));
        assertThat(out).contains("{\"id\":\"r1\",\"kind\":\"class_logits\"");
        assertThat(out).contains("\"predicted\":\"2\"");
        assertThat(out).contains("not valid JSON");
    }

    /** The first fenced block that opens with {@code fence}, without its fences. */
    private static String block(String text, String fence) {
        int start = text.indexOf(fence + "\n");
        assertThat(start).as(fence + " block").isNotNegative();
        start += fence.length() + 1;
        return text.substring(start, text.indexOf("```", start));
    }

    private static void mvn(Path dir, String... goals) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp"));
        command.addAll(List.of(goals));
        run(dir, command);
    }

    /** Runs {@code command} in {@code dir}; its output, or a failure that shows it. */
    private static String run(Path dir, List<String> command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("readme-project-", ".log");
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean done = process.waitFor(5, TimeUnit.MINUTES);
        String out = Files.readString(log);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done && process.exitValue() == 0)
                .as("%s failed:%n%s", String.join(" ", command), out)
                .isTrue();
        return out;
    }
}
