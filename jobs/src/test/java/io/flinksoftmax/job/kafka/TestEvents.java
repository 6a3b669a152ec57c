package io.flinksoftmax.job.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Realistic score events of both kinds, with a share of bad records of several reasons. */
final class TestEvents {

    /** One record to produce, and what the job should make of it. */
    record TestEvent(String id, String json, String expectedReason) {
        boolean valid() {
            return expectedReason == null;
        }
    }

    private static final String[] PLACEMENTS = {"home_top", "feed", "sidebar", null};

    private TestEvents() {}

    /**
     * {@code count} events with ids {@code <prefix>-<n>}; about one in twenty is bad, cycling
     * through several reasons.
     */
    static List<TestEvent> generate(String prefix, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TestEvent> events = new ArrayList<>(count);
        int bad = 0;
        for (int n = 0; n < count; n++) {
            String id = prefix + "-" + n;
            if (random.nextInt(20) == 0) {
                events.add(bad(id, bad++));
            } else if (random.nextInt(4) == 0) {
                events.add(new TestEvent(id, classLogits(id, random), null));
            } else {
                events.add(new TestEvent(id, clickScores(id, random), null));
            }
        }
        return events;
    }

    static String clickScores(String id, SplittableRandom random) {
        String placement = PLACEMENTS[random.nextInt(PLACEMENTS.length)];
        StringBuilder s =
                new StringBuilder("{\"id\":\"").append(id).append("\",\"kind\":\"click_scores\"");
        if (placement != null) {
            s.append(",\"placement\":\"").append(placement).append('"');
        }
        s.append(",\"model\":\"ctr-v12\",\"ts\":").append(1764230400000L + random.nextInt(1000));
        s.append(",\"candidates\":[");
        int n = 10;
        for (int c = 0; c < n; c++) {
            s.append(c == 0 ? "" : ",")
                    .append("{\"id\":\"ad-")
                    .append(c)
                    .append("\",\"score\":")
                    .append(number(random.nextGaussian() * 1.5))
                    .append(",\"bid\":")
                    .append(number(0.1 + random.nextDouble() * 3))
                    .append('}');
        }
        return s.append("]}").toString();
    }

    private static String classLogits(String id, SplittableRandom random) {
        StringBuilder s =
                new StringBuilder("{\"id\":\"")
                        .append(id)
                        .append(
                                "\",\"kind\":\"class_logits\",\"model\":\"mnist-cnn\",\"logits\":[");
        for (int c = 0; c < 10; c++) {
            s.append(c == 0 ? "" : ",").append(number(random.nextGaussian() * 3));
        }
        return s.append("],\"label\":\"").append(random.nextInt(10)).append("\"}").toString();
    }

    private static TestEvent bad(String id, int k) {
        return switch (k % 9) {
            case 0 ->
                    new TestEvent(
                            id,
                            "{\"id\":\"" + id + "\",\"kind\":\"click_scores\",\"candidates\":[",
                            "malformed_json");
            case 1 ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"kind\":\"click_scores\",\"candidates\":[{\"id\":\"a\",\"score\":NaN}]}",
                            "non_finite_score");
            case 2 ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"kind\":\"click_scores\",\"placement\":\"footer\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}",
                            "unknown_placement");
            case 3 ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"kind\":\"class_logits\",\"logits\":[1,2],\"labels\":[\"a\"]}",
                            "labels_mismatch");
            case 4 ->
                    new TestEvent(
                            id, "{\"id\":\"" + id + "\",\"kind\":\"regression\"}", "unknown_kind");
            // Poison pills of release 0.1: an unpaired surrogate the sink could not encode.
            case 5 ->
                    new TestEvent(
                            id, "{\"id\":\"" + id + "\",\"kind\":\"\\ud800\"}", "malformed_json");
            case 6 ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"kind\":\"class_logits\",\"logits\":[1,2],\"label\":\"\\udc00\"}",
                            "malformed_json");
            // An identifier too long to echo in every output.
            case 7 ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"model\":\""
                                    + "m".repeat(10_000)
                                    + "\",\"kind\":\"class_logits\",\"logits\":[1,2]}",
                            "invalid_id");
            default ->
                    new TestEvent(
                            id,
                            "{\"id\":\""
                                    + id
                                    + "\",\"kind\":\"click_scores\",\"placement\":\""
                                    + "p".repeat(100_000)
                                    + "\",\"candidates\":[{\"id\":\"a\",\"score\":1}]}",
                            "unknown_placement");
        };
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
