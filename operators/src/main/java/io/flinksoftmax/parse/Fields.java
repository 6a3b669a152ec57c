package io.flinksoftmax.parse;

import io.flinksoftmax.deadletter.Reason;
import java.util.Arrays;

/**
 * The raw fields of one record as the parser read them, before validation; reused from record to
 * record so that parsing allocates only what the event keeps. Also remembers the first problem met
 * while reading, so that reading can go on to find the id.
 */
final class Fields {
    static final int ID = 1;
    static final int KIND = 1 << 1;
    static final int MODEL = 1 << 2;
    static final int PLACEMENT = 1 << 3;
    static final int TS = 1 << 4;
    static final int TEMPERATURE = 1 << 5;
    static final int CANDIDATES = 1 << 6;
    static final int LOGITS = 1 << 7;
    static final int LABELS = 1 << 8;
    static final int LABEL = 1 << 9;

    int seen;
    Reason problem;
    String problemMessage;

    String id;
    String kind;
    String model;
    String placement;
    String label;
    long ts;
    boolean hasTemperature;
    double temperature;

    boolean hasCandidates;
    int candidateCount;
    String[] candidateIds;
    double[] scores;
    boolean[] hasScore;
    double[] bids;
    boolean[] hasBid;
    boolean[] eligible;

    boolean hasLogits;
    int logitCount;
    double[] logits;

    boolean hasLabels;
    int labelCount;
    String[] labels;

    Fields(int initialCapacity) {
        int c = Math.max(16, initialCapacity);
        candidateIds = new String[c];
        scores = new double[c];
        hasScore = new boolean[c];
        bids = new double[c];
        hasBid = new boolean[c];
        eligible = new boolean[c];
        logits = new double[c];
        labels = new String[c];
    }

    void reset() {
        seen = 0;
        problem = null;
        problemMessage = null;
        id = kind = model = placement = label = null;
        ts = io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS;
        hasTemperature = false;
        temperature = Double.NaN;
        hasCandidates = hasLogits = hasLabels = false;
        // Drop references to the previous record's strings.
        Arrays.fill(candidateIds, 0, candidateCount, null);
        Arrays.fill(labels, 0, labelCount, null);
        candidateCount = logitCount = labelCount = 0;
    }

    /** Records the first problem; later ones are consequences or less useful. */
    void problem(Reason reason, String message) {
        if (problem == null) {
            problem = reason;
            problemMessage = message;
        }
    }

    /** Marks a top-level field as read; a second occurrence makes the record ambiguous. */
    void see(int field, String name) {
        if ((seen & field) != 0) {
            problem(Reason.MALFORMED_JSON, "field '" + name + "' appears twice");
        }
        seen |= field;
    }

    void addCandidate() {
        int i = candidateCount++;
        if (i == scores.length) {
            int c = 2 * i;
            candidateIds = Arrays.copyOf(candidateIds, c);
            scores = Arrays.copyOf(scores, c);
            hasScore = Arrays.copyOf(hasScore, c);
            bids = Arrays.copyOf(bids, c);
            hasBid = Arrays.copyOf(hasBid, c);
            eligible = Arrays.copyOf(eligible, c);
        }
        candidateIds[i] = null;
        hasScore[i] = false;
        hasBid[i] = false;
        bids[i] = Double.NaN;
        eligible[i] = true;
    }

    void addLogit() {
        int i = logitCount++;
        if (i == logits.length) {
            logits = Arrays.copyOf(logits, 2 * i);
        }
    }

    void addLabel() {
        int i = labelCount++;
        if (i == labels.length) {
            labels = Arrays.copyOf(labels, 2 * i);
        }
        labels[i] = null;
    }
}
