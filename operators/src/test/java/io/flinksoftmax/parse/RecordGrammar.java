package io.flinksoftmax.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded records for comparing readers: mostly the plain shape (known fields, once each), with
 * every variation a reader could get wrong: field order, spacing, number spellings (signs, zeros,
 * exponents, 18 and 19 digits, overflow and underflow), strings (non-ASCII, escapes, control
 * characters, empty), nulls, wrong types, repeats and unknown fields; and byte-level mutations.
 */
final class RecordGrammar {

    private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n", "  "};
    private static final String[] KINDS = {
        "click_scores", "class_logits", "candidate_score", "click", "", "Click_scores"
    };
    private static final String[] WORDS = {
        "ad-1",
        "ad-2",
        "home_top",
        "feed",
        "ctr-v12",
        "",
        "é",
        "😀",
        "a\\\"b",
        "a\\u00e9",
        "\\ud83d\\ude00",
        "\\ud800",
        "tab\\there",
        "x\u007fy",
        "ünï",
        "日本",
        "a/b",
        "0"
    };
    private static final byte[] ALPHABET =
            "{}[]\",:\\ 0123456789.eE+-tfnulsaridkNI\n\t".getBytes(StandardCharsets.US_ASCII);

    private static final String[] PLAIN_WORDS = {
        "ad-1", "ad-2", "home_top", "feed", "ctr-v12", "", "é", "😀", "x\u007fy", "ünï", "日本", "a/b"
    };

    private final SplittableRandom r;

    /** Whether this record takes only values the plain reader reads (spacing and order vary). */
    private final boolean clean;

    private RecordGrammar(SplittableRandom r) {
        this.r = r;
        this.clean = r.nextBoolean();
    }

    /** A record: half of them built of plain values only. */
    static String record(SplittableRandom r) {
        return new RecordGrammar(r).record();
    }

    private String record() {
        List<String> fields = new ArrayList<>();
        fields.add(field("id", string()));
        fields.add(field("kind", quoted(KINDS[r.nextInt(KINDS.length)])));
        if (r.nextBoolean()) {
            fields.add(field("model", string()));
        }
        if (r.nextInt(3) == 0) {
            fields.add(field("placement", string()));
        }
        if (r.nextInt(3) == 0) {
            fields.add(field("ts", integer()));
        }
        if (r.nextInt(4) == 0) {
            fields.add(field("temperature", number()));
        }
        if (r.nextInt(5) == 0) {
            fields.add(field("unit", string()));
        }
        switch (r.nextInt(3)) {
            case 0 -> fields.add(field("candidates", candidates()));
            case 1 -> {
                fields.add(field("logits", array(() -> number())));
                if (r.nextBoolean()) {
                    fields.add(field("labels", array(() -> string())));
                }
                if (r.nextInt(3) == 0) {
                    fields.add(field("label", string()));
                }
            }
            default -> {
                fields.add(field("request", string()));
                fields.add(field("candidate", string()));
                fields.add(field("score", number()));
                if (r.nextBoolean()) {
                    fields.add(field("bid", number()));
                }
                if (r.nextInt(3) == 0) {
                    fields.add(field("eligible", bool()));
                }
                fields.add(field("expected", integer()));
            }
        }
        if (!clean && r.nextInt(20) == 0) {
            fields.add(field("debug", "{\"a\":[1,2]}"));
        }
        if (!clean && r.nextInt(20) == 0) {
            fields.add(fields.get(r.nextInt(fields.size()))); // a repeat
        }
        Collections.shuffle(fields, new java.util.Random(r.nextLong()));
        return space() + "{" + String.join(",", fields) + "}" + space();
    }

    /** One to three byte edits of {@code record}: replace, insert, delete, or cut the end. */
    static byte[] mutate(byte[] record, SplittableRandom r) {
        byte[] out = record.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = r.nextInt(out.length);
            byte b = ALPHABET[r.nextInt(ALPHABET.length)];
            switch (r.nextInt(4)) {
                case 0 -> out[at] = b;
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> out = java.util.Arrays.copyOf(out, at);
            }
        }
        return out;
    }

    private String candidates() {
        return array(
                () -> {
                    List<String> fields = new ArrayList<>();
                    if (r.nextInt(30) != 0) {
                        fields.add(field("id", string()));
                    }
                    if (r.nextInt(30) != 0) {
                        fields.add(field("score", number()));
                    }
                    if (r.nextBoolean()) {
                        fields.add(field("bid", number()));
                    }
                    if (r.nextInt(4) == 0) {
                        fields.add(field("eligible", bool()));
                    }
                    if (!clean && r.nextInt(40) == 0) {
                        fields.add(field("extra", string()));
                    }
                    Collections.shuffle(fields, new java.util.Random(r.nextLong()));
                    return "{" + String.join("," + space(), fields) + "}";
                });
    }

    private String array(java.util.function.Supplier<String> element) {
        int n = r.nextInt(20) == 0 ? 0 : 1 + r.nextInt(12);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add(space() + element.get() + space());
        }
        return "[" + String.join(",", elements) + "]";
    }

    private String field(String name, String value) {
        return space() + "\"" + name + "\"" + space() + ":" + space() + value + space();
    }

    private String string() {
        if (clean) {
            return r.nextInt(4) == 0
                    ? quoted("id-" + r.nextInt(1000))
                    : quoted(PLAIN_WORDS[r.nextInt(PLAIN_WORDS.length)]);
        }
        if (r.nextInt(25) == 0) {
            return r.nextBoolean() ? "null" : number();
        }
        if (r.nextInt(4) == 0) {
            return quoted("id-" + r.nextInt(1000));
        }
        return quoted(WORDS[r.nextInt(WORDS.length)]);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }

    private String bool() {
        if (clean) {
            return r.nextBoolean() ? "true" : "false";
        }
        return switch (r.nextInt(12)) {
            case 0 -> "null";
            case 1 -> "1";
            case 2 -> "\"true\"";
            default -> r.nextBoolean() ? "true" : "false";
        };
    }

    /** A whole number when the record is clean (for ts and expected), else any number. */
    private String integer() {
        if (!clean) {
            return number();
        }
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(r.nextLong(-1000, 1000));
            case 1 -> r.nextBoolean() ? "123456789012345678" : "-0";
            default -> "1764230400" + (100 + r.nextInt(900));
        };
    }

    private String number() {
        int kind = r.nextInt(17);
        while (clean && (kind == 5 || kind == 7 || kind == 9 || kind == 10 || kind == 11)) {
            kind = r.nextInt(16);
        }
        return switch (kind) {
            case 0 -> Long.toString(r.nextLong(-1000, 1000));
            case 1 -> Long.toString(r.nextLong());
            case 2 -> r.nextBoolean() ? "-0" : "0";
            case 3 -> r.nextBoolean() ? "-0.0" : "0.0";
            case 4 -> Double.toString(r.nextGaussian() * 3); // "1.0E-5" forms too
            case 5 ->
                    Double.toString(Double.longBitsToDouble(r.nextLong()))
                            .replace("Infinity", "1e999");
            case 6 -> r.nextBoolean() ? "123456789012345678" : "-999999999999999999";
            case 7 -> r.nextBoolean() ? "1234567890123456789" : "99999999999999999999999";
            case 8 ->
                    (r.nextBoolean() ? "1e" : "2.5E")
                            + (r.nextBoolean() ? "+" : "-")
                            + r.nextInt(400);
            case 9 -> "0." + "0".repeat(r.nextInt(80)) + "1";
            case 10 -> r.nextBoolean() ? "NaN" : "-Infinity";
            case 11 -> r.nextBoolean() ? "null" : "\"1\"";
            case 12 -> "1" + "0".repeat(r.nextInt(30)) + ".5";
            case 13 -> "4.9e-324";
            case 14 -> "1764230400" + (100 + r.nextInt(900));
            // Runs of digits of every length, after leading zeros: where 15 significant
            // digits end.
            case 15 -> {
                String digits = Long.toString(1 + r.nextLong(999_999_999_999_999_999L));
                yield (r.nextBoolean() ? "0." + "0".repeat(r.nextInt(12)) : r.nextInt(1, 99) + ".")
                        + digits.substring(r.nextInt(digits.length()));
            }
            default -> String.format(java.util.Locale.ROOT, "%.4f", r.nextDouble() * 10 - 5);
        };
    }

    private String space() {
        return SPACE[r.nextInt(SPACE.length)];
    }
}
