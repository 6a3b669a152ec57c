package io.flinksoftmax.job.options;

import io.flinksoftmax.job.options.ScoringJobOptions.Documented;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * Renders {@link ScoringJobOptions#ALL} as the {@code --help} text and as the README's option
 * table, so that neither is kept by hand (a test compares the README with {@link
 * #markdownTable()}).
 */
@Internal
public final class OptionsHelp {

    /** Options that are not {@link ConfigOption}s: the help flag and the Kafka pass-through. */
    private static final String[][] EXTRA = {
        {
            "--help`, `-h", "—", "print the options and exit",
        },
        {
            "--kafka.<property>=<value>",
            "—",
            "any Kafka client property, passed to the consumer and both producers (e.g."
                    + " `--kafka.security.protocol=SASL_SSL --kafka.sasl.mechanism=PLAIN"
                    + " --kafka.sasl.jaas.config=...`). `max.request.size` must leave room for"
                    + " `max_output_bytes` + 4 KiB",
        },
    };

    private static final int WIDTH = 100;

    private OptionsHelp() {}

    /** The {@code --help} text: every option, its default and what it does, wrapped. */
    public static String usage() {
        StringBuilder text =
                new StringBuilder(
                        "Options (the command line overrides the 'job:' section of --scoring-config;"
                                + " --key value or --key=value):");
        for (Documented d : ScoringJobOptions.ALL) {
            entry(text, synopsis(d), defaultShown(d), description(d.option()));
        }
        for (String[] extra : EXTRA) {
            entry(text, extra[0].replace("`", ""), null, extra[2]);
        }
        return text.append(System.lineSeparator()).toString();
    }

    /** The option table of docs/configuration.md, in Markdown. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| option | default | meaning |\n|---|---|---|\n");
        for (Documented d : ScoringJobOptions.ALL) {
            String shown = d.shownDefault();
            if (shown == null) {
                shown = "`" + defaultShown(d) + "`";
            }
            row(table, synopsis(d), shown, description(d.option()));
        }
        for (String[] extra : EXTRA) {
            row(table, extra[0], extra[1], extra[2]);
        }
        return table.toString();
    }

    private static void row(StringBuilder table, String option, String shown, String meaning) {
        table.append("| `")
                .append(option.replace("|", "\\|"))
                .append("` | ")
                .append(shown.replace("|", "\\|"))
                .append(" | ")
                .append(meaning.replace("|", "\\|"))
                .append(" |\n");
    }

    private static void entry(StringBuilder text, String option, String shown, String meaning) {
        String nl = System.lineSeparator();
        text.append(nl).append("  ").append(option);
        if (shown != null) {
            text.append("  (default ").append(shown.replace("`", "")).append(')');
        }
        StringBuilder line = new StringBuilder("      ");
        for (String word : meaning.replace("`", "").split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > 6) {
                text.append(nl).append(line.toString().stripTrailing());
                line = new StringBuilder("      ");
            }
            line.append(word).append(' ');
        }
        text.append(nl).append(line.toString().stripTrailing());
    }

    private static String synopsis(Documented d) {
        String name = "--" + d.option().key();
        return d.argument().isEmpty() ? name : name + " " + d.argument();
    }

    private static String defaultShown(Documented d) {
        if (d.shownDefault() != null) {
            return d.shownDefault();
        }
        return value(d.option().defaultValue());
    }

    /** An option value as it is written: {@code 5 s}, {@code exactly-once}, {@code committed}. */
    static String value(Object value) {
        if (value instanceof Duration duration) {
            return TimeUtils.formatWithHighestUnit(duration);
        }
        if (value instanceof Enum<?>) {
            return value.toString().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(value);
    }

    static String description(ConfigOption<?> option) {
        return new PlainText().format(option.description());
    }

    /** Flink's description elements as plain text (Flink ships an HTML formatter only). */
    private static final class PlainText extends Formatter {
        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append(description).append(" (").append(link).append(')');
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append(' ');
        }

        @Override
        protected void formatText(
                StringBuilder state,
                String format,
                String[] elements,
                EnumSet<TextElement.TextStyle> styles) {
            state.append(String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            state.append(String.join("; ", entries));
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
