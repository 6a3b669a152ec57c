package io.flinksoftmax.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/** Pre-serialized events of the sizes the benchmarks compare. */
final class SampleEvents {

    private SampleEvents() {}

    /** {@code count} distinct events of a shape: click10, click100, class10 or class1000. */
    static byte[][] of(String shape, int count) {
        SplittableRandom random = new SplittableRandom(7);
        byte[][] events = new byte[count][];
        for (int i = 0; i < count; i++) {
            String json =
                    switch (shape) {
                        case "click10" -> click(i, 10, random);
                        case "click100" -> click(i, 100, random);
                        case "class10" -> classLogits(i, 10, random);
                        case "class1000" -> classLogits(i, 1000, random);
                        default -> throw new IllegalArgumentException("unknown shape " + shape);
                    };
            events[i] = json.getBytes(StandardCharsets.UTF_8);
        }
        return events;
    }

    private static String click(int i, int n, SplittableRandom random) {
        StringBuilder s =
                new StringBuilder("{\"id\":\"req-")
                        .append(i)
                        .append("\",\"kind\":\"click_scores\",\"placement\":\"home_top\",")
                        .append("\"model\":\"ctr-v12\",\"ts\":1764230400000,\"candidates\":[");
        for (int c = 0; c < n; c++) {
            s.append(c == 0 ? "" : ",")
                    .append(
                            String.format(
                                    Locale.ROOT,
                                    "{\"id\":\"ad-%d\",\"score\":%.4f,\"bid\":%.3f}",
                                    c,
                                    random.nextGaussian() * 1.5,
                                    0.1 + random.nextDouble() * 3));
        }
        return s.append("]}").toString();
    }

    private static String classLogits(int i, int n, SplittableRandom random) {
        StringBuilder s =
                new StringBuilder("{\"id\":\"img-")
                        .append(i)
                        .append("\",\"kind\":\"class_logits\",\"model\":\"cnn\",\"logits\":[");
        for (int c = 0; c < n; c++) {
            s.append(c == 0 ? "" : ",")
                    .append(String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 3));
        }
        return s.append("],\"label\":\"").append(random.nextInt(n)).append("\"}").toString();
    }
}
