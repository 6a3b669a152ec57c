package io.flinksoftmax.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinksoftmax.deadletter.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's SQL example is {@code config/sql/demo.sql}, and {@code scripts/sql-demo.sh} runs it
 * as a user does, from the repository root, with the function jar loaded by {@code USING JAR}.
 */
class SqlDemoITCase {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DEMO = ROOT.resolve("config/sql/demo.sql");

    @Test
    void theReadmesExampleIsTheDemoFile() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("\n## Flink SQL");
        assertThat(section).as("README section 'Flink SQL'").isPositive();
        Matcher block = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("a sql block in the section").isTrue();
        assertThat(block.group(1)).isEqualTo(Files.readString(DEMO));
    }

    @Test
    void theDemoRunsAsPasted() throws Exception {
        Path log = Files.createTempFile("sql-demo-", ".log");
        Process demo =
                new ProcessBuilder("bash", "scripts/sql-demo.sh")
                        .directory(ROOT.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("the demo ends").isTrue();
        String out = Files.readString(log);
        assertThat(demo.exitValue()).as(out).isZero();
        // The placed candidates of req-1 (5 slots, feed), req-2 (3, sidebar) and req-3 (2).
        assertThat(out).contains("10 rows in set").doesNotContain("Exception");
        assertThat(Pattern.compile("\\|\\s+req-1 \\|").matcher(out).results().count()).isEqualTo(5);
        assertThat(out).contains("2 rows in set"); // img-1 and img-2
        Set<String> codes =
                Arrays.stream(Reason.values()).map(Reason::code).collect(Collectors.toSet());
        Matcher reason = Pattern.compile("\\|\\s+([a-z_]+) \\|\\s+\\d+ \\|").matcher(out);
        int reasons = 0;
        while (reason.find()) {
            assertThat(codes).contains(reason.group(1));
            reasons++;
        }
        assertThat(reasons).as("the refused requests' reasons").isGreaterThan(5);
    }
}
