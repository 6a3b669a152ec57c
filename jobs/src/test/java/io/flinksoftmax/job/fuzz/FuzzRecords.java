package io.flinksoftmax.job.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Hostile records for the fuzzer. Each is an event built from the contract's fields, most values
 * valid (so that a good share of records passes validation and is scored and encoded) and some from
 * the edges of their type: unpaired surrogate escapes, control characters, values past the length
 * limits, numbers at and beyond double's range, NaN and Infinity, wrong types, deep nesting,
 * repeated keys. A third of the records are then mangled at the byte level: ill-formed UTF-8
 * inserted (overlong forms, encoded surrogates, code points past U+10FFFF), bytes flipped, the
 * record cut or a range repeated.
 *
 * <p>Built straight from a seeded {@link Random}: a record is a few hundred random choices, and a
 * million records must generate in seconds. A failing record is not shrunk; the fuzzer reports it
 * whole (hex), with its seed and index, for {@code fuzz-regressions.txt}.
 */
public final class FuzzRecords {

    /** Byte sequences that a lenient UTF-8 decoder would turn into text nobody sent. */
    private static final List<byte[]> ILL_FORMED_UTF8 =
            List.of(
                    hex("C0AF"), // overlong '/'
                    hex("C080"), // overlong NUL
                    hex("E080AF"), // overlong '/', 3 bytes
                    hex("F08080AF"), // overlong '/', 4 bytes
                    hex("EDA080"), // encoded high surrogate
                    hex("EDBFBF"), // encoded low surrogate
                    hex("F4908080"), // beyond U+10FFFF
                    hex("F8888080"), // 5-byte form
                    hex("80"), // stray continuation
                    hex("E282"), // cut short
                    hex("FF"));

    /** Valid string contents (JSON-escaped where needed) with non-ASCII and escapes. */
    private static final List<String> VALID_PIECES =
            List.of(
                    "\\ud83d\\ude00", // an escaped surrogate pair
                    "\uD83D\uDE00", // the same as raw UTF-8
                    "\u00e9",
                    "\u4e2d",
                    "\\u2028",
                    "\\ufeff",
                    "\\u0000",
                    "\\u001f",
                    "\\\"",
                    "\\\\",
                    "\\n",
                    "\\/",
                    "\t");

    /** String contents that must be refused: unpaired surrogates in every arrangement. */
    private static final List<String> SURROGATE_ESCAPES =
            List.of(
                    "\\ud800",
                    "\\udc00",
                    "\\udbff",
                    "\\udfff",
                    "\\udc00\\ud800",
                    "\\ud800\\ud800",
                    "\\ud83d",
                    "\\ude00x");

    private static final List<String> WORDS =
            List.of(
                    "default",
                    "home_top",
                    "feed",
                    "sidebar",
                    "click_scores",
                    "class_logits",
                    "0",
                    "1",
                    "2",
                    "a",
                    "b",
                    "c",
                    "ad-1",
                    "req-1",
                    "");

    private static final List<String> PLACEMENTS =
            List.of("default", "home_top", "feed", "sidebar", "nowhere");

    /** Numbers a producer may really send, and strings JSON calls numbers. */
    private static final List<String> EDGE_FINITE =
            List.of(
                    "0",
                    "-0",
                    "-0.0",
                    "1",
                    "-1",
                    "0.5",
                    "700",
                    "-700",
                    "709.8",
                    "-745.2",
                    "1000",
                    "-1000",
                    "1e4",
                    "-1e4",
                    "1e308",
                    "-1e308",
                    "1.7976931348623157e308",
                    "4.9e-324",
                    "1e-400",
                    "-9223372036854775808",
                    "9223372036854775807");

    /** Not a finite number, or not a number at all. */
    private static final List<String> NOT_FINITE =
            List.of(
                    "NaN",
                    "-NaN",
                    "Infinity",
                    "-Infinity",
                    "1e400",
                    "-1e400",
                    "+1",
                    "01",
                    "1.",
                    ".5",
                    "1e",
                    "12345678901234567890123",
                    "null",
                    "true",
                    "\"1\"",
                    "[]",
                    "{}",
                    "[1]",
                    "\"x\"",
                    "{\"a\":1}",
                    "[[[]]]");

    private static final List<String> JUNK =
            List.of(
                    "{\"a\":[1,{\"b\":null}]}",
                    "[" + "[".repeat(70) + "]".repeat(70) + "]",
                    "[" + "[".repeat(40) + "]".repeat(40) + "]",
                    "\"\\ud800\"",
                    "-",
                    "{\"id\":\"shadow\"}");

    private static final String WIDE_CANDIDATES = wideCandidates();

    private FuzzRecords() {}

    /** One record from {@code r}. */
    static byte[] record(Random r) {
        byte[] bytes = event(r).getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(3) > 0) {
            return bytes;
        }
        for (int m = 1 + r.nextInt(3); m > 0; m--) {
            bytes = mutate(r, bytes);
        }
        return bytes;
    }

    static String event(Random r) {
        StringBuilder b = new StringBuilder("{");
        boolean click = r.nextInt(10) < 5;
        field(b, r, 97, "id", () -> string(r));
        field(
                b,
                r,
                98,
                "kind",
                () ->
                        r.nextInt(20) == 0
                                ? string(r)
                                : click ? "\"click_scores\"" : "\"class_logits\"");
        field(b, r, 30, "placement", () -> quoted(pick(r, PLACEMENTS), r));
        field(b, r, 40, "model", () -> string(r));
        field(b, r, 30, "ts", () -> r.nextInt(10) == 0 ? number(r) : Long.toString(r.nextLong()));
        field(b, r, 20, "temperature", () -> r.nextInt(4) == 0 ? number(r) : positive(r));
        if (click || r.nextInt(10) == 0) {
            field(b, r, 97, "candidates", () -> candidates(r));
        }
        if (!click || r.nextInt(10) == 0) {
            field(b, r, 97, "logits", () -> numbers(r));
            field(b, r, 25, "labels", () -> labels(r));
            field(b, r, 25, "label", () -> string(r));
        }
        field(b, r, 10, "extra", () -> pick(r, JUNK));
        if (r.nextInt(40) == 0) {
            field(b, r, 100, "id", () -> string(r)); // a repeated key
        }
        return b.append('}').toString();
    }

    private static void field(
            StringBuilder b,
            Random r,
            int percent,
            String name,
            java.util.function.Supplier<String> value) {
        if (r.nextInt(100) < percent) {
            b.append(b.length() > 1 ? "," : "").append('"').append(name).append("\":");
            b.append(value.get());
        }
    }

    /** A JSON string literal: usually valid (words, non-ASCII, escapes), sometimes hostile. */
    static String string(Random r) {
        int roll = r.nextInt(100);
        if (roll < 50) {
            return quoted(pick(r, WORDS), r);
        }
        if (roll < 70) {
            return "\"" + alnum(r, 1 + r.nextInt(12)) + "\"";
        }
        if (roll < 85) {
            return "\""
                    + alnum(r, r.nextInt(3))
                    + pick(r, VALID_PIECES)
                    + alnum(r, r.nextInt(3))
                    + "\"";
        }
        if (roll < 93) {
            return "\"" + alnum(r, r.nextInt(3)) + pick(r, SURROGATE_ESCAPES) + "\"";
        }
        if (roll < 98) {
            // Past the 64-character echo cut, max_id_length (256), and far past both.
            int[] lengths = {65, 256, 257, 5000};
            return "\"" + "x".repeat(lengths[r.nextInt(lengths.length)]) + "\"";
        }
        return r.nextBoolean() ? "\"" + "\\ud83d\\ude00".repeat(257) + "\"" : pick(r, NOT_FINITE);
    }

    /** A word, sometimes with a valid or hostile piece appended. */
    private static String quoted(String word, Random r) {
        return r.nextInt(20) == 0 ? string(r) : "\"" + word + "\"";
    }

    static String number(Random r) {
        int roll = r.nextInt(10);
        if (roll < 5) {
            return Double.toString((r.nextDouble() - 0.5) * 20);
        }
        if (roll < 8) {
            return pick(r, EDGE_FINITE);
        }
        return pick(r, NOT_FINITE);
    }

    private static String positive(Random r) {
        String[] t = {"1", "0.5", "2", "1e-300", "1e300", "4.9e-324", "0", "-1", "1e-8"};
        return t[r.nextInt(t.length)];
    }

    private static String numbers(Random r) {
        if (r.nextInt(30) == 0) {
            return pick(r, List.of("[]", "null", "3", "\"x\"", "[" + "1,".repeat(10_000) + "1]"));
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
            b.append(b.length() > 1 ? "," : "").append(r.nextInt(8) == 0 ? number(r) : finite(r));
        }
        return b.append(']').toString();
    }

    private static String finite(Random r) {
        return Double.toString((r.nextDouble() - 0.5) * (r.nextBoolean() ? 10 : 2000));
    }

    private static String labels(Random r) {
        StringBuilder b = new StringBuilder("[");
        for (int i = r.nextInt(9); i > 0; i--) {
            b.append(b.length() > 1 ? "," : "")
                    .append(
                            r.nextInt(3) == 0
                                    ? string(r)
                                    : "\"" + alnum(r, 1 + r.nextInt(4)) + "\"");
        }
        return b.append(']').toString();
    }

    private static String candidates(Random r) {
        int roll = r.nextInt(200);
        if (roll == 0) {
            return WIDE_CANDIDATES; // over max_candidates, long ids
        }
        if (roll < 10) {
            return pick(r, List.of("[]", "{}", "null", "[1]", "[null]"));
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            b.append(b.length() > 1 ? "," : "").append('{');
            int start = b.length();
            fieldIn(
                    b,
                    start,
                    r,
                    97,
                    "id",
                    () -> r.nextInt(3) == 0 ? string(r) : "\"c" + r.nextInt(12) + "\"");
            fieldIn(b, start, r, 97, "score", () -> r.nextInt(8) == 0 ? number(r) : finite(r));
            fieldIn(
                    b,
                    start,
                    r,
                    60,
                    "bid",
                    () -> r.nextInt(8) == 0 ? number(r) : Double.toString(r.nextDouble() * 3));
            fieldIn(
                    b,
                    start,
                    r,
                    20,
                    "eligible",
                    () -> pick(r, List.of("true", "false", "false", "1", "null")));
            b.append('}');
        }
        return b.append(']').toString();
    }

    /** {@link #field} inside a nested object that starts at {@code start}. */
    private static void fieldIn(
            StringBuilder b,
            int start,
            Random r,
            int percent,
            String name,
            java.util.function.Supplier<String> value) {
        if (r.nextInt(100) < percent) {
            b.append(b.length() > start ? "," : "").append('"').append(name).append("\":");
            b.append(value.get());
        }
    }

    private static byte[] mutate(Random r, byte[] b) {
        int at = r.nextInt(b.length + 1);
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> insert(b, at, ILL_FORMED_UTF8.get(r.nextInt(ILL_FORMED_UTF8.size())));
            case 3, 4 -> flip(b, at, (byte) r.nextInt(256));
            case 5 -> Arrays.copyOf(b, at);
            default -> splice(b, at, r.nextInt(b.length + 1));
        };
    }

    private static byte[] insert(byte[] b, int at, byte[] seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + seq.length);
        out.write(b, 0, at);
        out.write(seq, 0, seq.length);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static byte[] flip(byte[] b, int at, byte value) {
        if (b.length == 0) {
            return new byte[] {value};
        }
        byte[] out = b.clone();
        out[Math.min(at, b.length - 1)] = value;
        return out;
    }

    /** Repeats the range between two positions: duplicated keys, values, brackets. */
    private static byte[] splice(byte[] b, int from, int to) {
        int lo = Math.min(from, to);
        int hi = Math.max(from, to);
        return insert(b, hi, Arrays.copyOfRange(b, lo, hi));
    }

    private static String wideCandidates() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            b.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append("c".repeat(200))
                    .append(i)
                    .append("\",\"score\":")
                    .append(i % 13)
                    .append('}');
        }
        return b.append(']').toString();
    }

    private static String alnum(Random r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(36);
            c[i] = (char) (k < 10 ? '0' + k : 'a' + k - 10);
        }
        return new String(c);
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
