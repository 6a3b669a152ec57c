package io.flinksoftmax.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Runs a file of SQL statements on an embedded Flink, as Flink's SQL client would run them pasted
 * one by one, and prints each query's rows as a table: {@code scripts/sql-demo.sh}, and the test
 * that keeps the README's SQL example working.
 *
 * <p>A statement ends with a {@code ;} at the end of a line; lines starting with {@code --} are
 * comments. The functions' classes need not be on the classpath: {@code USING JAR} loads them.
 */
@Internal
public final class SqlScript {

    /** {@code SET 'key' = 'value'}, as the SQL client writes it. */
    private static final Pattern SET =
            Pattern.compile("(?is)SET\\s+'([^']*)'\\s*=\\s*'([^']*)'\\s*");

    private SqlScript() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SqlScript FILE.sql");
            System.exit(2);
        }
        run(Path.of(args[0]));
    }

    /**
     * Runs every statement of {@code file} in order, printing results to standard out; the first
     * that fails stops the script.
     */
    public static void run(Path file) throws IOException {
        Configuration settings = new Configuration();
        TableEnvironment tables = null;
        for (String statement : statements(Files.readString(file))) {
            Matcher set = SET.matcher(statement);
            if (set.matches()) {
                // The SQL client's SET. Those before the first other statement also configure the
                // environment itself (execution.runtime-mode can be set only there).
                if (tables == null) {
                    settings.setString(set.group(1), set.group(2));
                } else {
                    tables.getConfig().getConfiguration().setString(set.group(1), set.group(2));
                }
                continue;
            }
            if (tables == null) {
                tables =
                        TableEnvironment.create(
                                EnvironmentSettings.newInstance()
                                        .withConfiguration(settings)
                                        .build());
            }
            TableResult result = tables.executeSql(statement);
            // Queries, SHOW and EXPLAIN have content; DDL answers only "OK".
            if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
                System.out.println(firstLine(statement));
                result.print();
            }
        }
    }

    /** The statements of a script, without comment lines and the closing semicolons. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String s = current.toString().strip();
                statements.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException(
                    "the script's last statement does not end with ';': " + firstLine(current));
        }
        return statements;
    }

    private static String firstLine(CharSequence statement) {
        String s = statement.toString().strip();
        int end = s.indexOf('\n');
        return end < 0 ? s : s.substring(0, end);
    }
}
