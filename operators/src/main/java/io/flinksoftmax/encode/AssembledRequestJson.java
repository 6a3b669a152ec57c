package io.flinksoftmax.encode;

import io.flinksoftmax.event.CandidateScore;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.annotation.Internal;

/**
 * Writes the {@code click_scores} event that a request's candidates make together: the candidates
 * in ascending order of candidate id (by Unicode code point, the order of their UTF-8 bytes), the
 * request's placement, model and temperature, and the earliest candidate's {@code ts}. The scoring
 * operator then reads and decides it as it would read that event from a source, so an assembled
 * request's decision is, by construction, bit for bit that of the equivalent {@code click_scores}
 * event, whatever order its candidates came in: the arrival order never reaches the softmax sum.
 * Scores and bids are written in the shortest form that reads back to the same double.
 *
 * <p>Not thread safe (it reuses its buffer): one per operator instance.
 */
@Internal
public final class AssembledRequestJson {

    /** Ascending candidate id by code point (UTF-16 order differs above the surrogates). */
    public static final Comparator<String> CODE_POINT_ORDER = AssembledRequestJson::compare;

    private static final Comparator<CandidateScore> BY_CANDIDATE =
            Comparator.comparing(CandidateScore::candidate, CODE_POINT_ORDER);

    private static final byte[] ID = JsonBuffer.token("{\"id\":");
    private static final byte[] KIND = JsonBuffer.token(",\"kind\":\"click_scores\"");
    private static final byte[] PLACEMENT = JsonBuffer.token(",\"placement\":");
    private static final byte[] MODEL = JsonBuffer.token(",\"model\":");
    private static final byte[] UNIT = JsonBuffer.token(",\"unit\":");
    private static final byte[] TEMPERATURE = JsonBuffer.token(",\"temperature\":");
    private static final byte[] TS = JsonBuffer.token(",\"ts\":");
    private static final byte[] CANDIDATES = JsonBuffer.token(",\"candidates\":[");
    private static final byte[] CANDIDATE_ID = JsonBuffer.token("{\"id\":");
    private static final byte[] SCORE = JsonBuffer.token(",\"score\":");
    private static final byte[] BID = JsonBuffer.token(",\"bid\":");
    private static final byte[] NOT_ELIGIBLE = JsonBuffer.token(",\"eligible\":false");

    private final JsonBuffer out = new JsonBuffer();

    /**
     * The request's event, as UTF-8 JSON.
     *
     * @param candidates one request's candidates (distinct ids, agreeing request fields), at least
     *     one, in any order
     */
    public byte[] toJson(List<CandidateScore> candidates) {
        CandidateScore[] sorted = candidates.toArray(new CandidateScore[0]);
        Arrays.sort(sorted, BY_CANDIDATE);
        CandidateScore first = sorted[0];
        out.reset();
        out.raw(ID).string(first.request());
        out.raw(KIND);
        if (first.placement() != null) {
            out.raw(PLACEMENT).string(first.placement());
        }
        if (first.model() != null) {
            out.raw(MODEL).string(first.model());
        }
        if (!Double.isNaN(first.temperature())) {
            out.raw(TEMPERATURE).number(first.temperature());
        }
        if (first.unit() != null) {
            out.raw(UNIT).string(first.unit());
        }
        long ts = earliestTs(sorted);
        if (ts != Long.MAX_VALUE) {
            out.raw(TS).number(ts);
        }
        out.raw(CANDIDATES);
        for (int i = 0; i < sorted.length; i++) {
            CandidateScore c = sorted[i];
            if (i > 0) {
                out.raw(',');
            }
            out.raw(CANDIDATE_ID).string(c.candidate());
            out.raw(SCORE).number(c.score());
            if (c.hasBid()) {
                out.raw(BID).number(c.bid());
            }
            if (!c.eligible()) {
                out.raw(NOT_ELIGIBLE);
            }
            out.raw('}');
        }
        out.raw(']').raw('}');
        return out.toByteArray();
    }

    /** The earliest {@code ts} of the candidates that have one; {@code Long.MAX_VALUE}: none. */
    private static long earliestTs(CandidateScore[] candidates) {
        long ts = Long.MAX_VALUE;
        for (CandidateScore c : candidates) {
            if (c.hasEventTs()) {
                ts = Math.min(ts, c.eventTs());
            }
        }
        return ts;
    }

    /**
     * Compares by code point: as UTF-16 code units, except that a surrogate (part of a code point
     * above U+FFFF) sorts after U+E000..U+FFFF.
     */
    private static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return fixUp(x) - fixUp(y);
            }
        }
        return a.length() - b.length();
    }

    private static int fixUp(char c) {
        if (c >= 0xD800) {
            return c >= 0xE000 ? c - 0x800 : c + 0x2000;
        }
        return c;
    }
}
