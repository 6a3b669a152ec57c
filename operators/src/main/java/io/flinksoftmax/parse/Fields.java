package io.flinksoftmax.parse;

import io.flinksoftmax.deadletter.Reason;
import io.flinksoftmax.event.CandidateIds;
import io.flinksoftmax.text.Texts;
import java.nio.charset.StandardCharsets;
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
    static final int REQUEST = 1 << 10;
    static final int CANDIDATE = 1 << 11;
    static final int SCORE = 1 << 12;
    static final int BID = 1 << 13;
    static final int ELIGIBLE = 1 << 14;
    static final int EXPECTED = 1 << 15;
    static final int UNIT = 1 << 16;

    int seen;
    Reason problem;
    String problemMessage;

    String id;
    String kind;
    String model;
    String placement;
    String label;
    String unit;
    long ts;
    boolean hasTemperature;
    double temperature;

    // A candidate_score event's own fields. Other kinds ignore them as unknown fields, so a wrong
    // type here is a problem only for a candidate event (candidateProblem).
    String request;
    String candidate;
    boolean hasScore1;
    double score;
    double bid;
    boolean eligible1;
    long expected;
    boolean expectedGiven;
    Reason candidateProblem;
    String candidateProblemMessage;

    boolean hasCandidates;
    int candidateCount;

    /**
     * The candidates' ids as UTF-8, appended in the order they were read: candidate {@code i}'s is
     * {@code idBytes[idStarts[i], idEnds[i])}, or absent when {@code idStarts[i] < 0}. Bytes, not
     * strings: the common record's ids go from the input to the event without a {@code String}.
     */
    private byte[] idBytes = new byte[512];

    private int idBytesUsed;
    private int[] idStarts;
    private int[] idEnds;

    /** A hash of each id's bytes, taken as they are copied: most pairs differ in it. */
    private int[] idHashes;

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
        idStarts = new int[c];
        idEnds = new int[c];
        idHashes = new int[c];
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
        if (!unknownEventFields.isEmpty()) {
            unknownEventFields.clear();
        }
        problem = null;
        problemMessage = null;
        id = kind = model = placement = label = unit = null;
        request = candidate = null;
        hasScore1 = false;
        score = Double.NaN;
        bid = Double.NaN;
        eligible1 = true;
        expected = 0;
        expectedGiven = false;
        candidateProblem = null;
        candidateProblemMessage = null;
        ts = io.flinksoftmax.event.ScoringEvent.NO_EVENT_TS;
        hasTemperature = false;
        temperature = Double.NaN;
        hasCandidates = hasLogits = hasLabels = false;
        // Drop references to the previous record's strings.
        Arrays.fill(labels, 0, labelCount, null);
        idBytesUsed = 0;
        candidateCount = logitCount = labelCount = 0;
    }

    /** Records the first problem; later ones are consequences or less useful. */
    void problem(Reason reason, String message) {
        if (problem == null) {
            problem = reason;
            problemMessage = message;
        }
    }

    /** Records the first problem with a field only candidate events have. */
    void candidateProblem(Reason reason, String message) {
        if (candidateProblem == null) {
            candidateProblem = reason;
            candidateProblemMessage = message;
        }
    }

    /**
     * Names of unknown fields seen in the event object, and in the current candidate object, to
     * refuse one given twice as a known one is. Cleared only when used, so that records without
     * unknown fields pay nothing.
     */
    private final java.util.Set<String> unknownEventFields = new java.util.HashSet<>();

    private final java.util.Set<String> unknownCandidateFields = new java.util.HashSet<>();

    /** Notes an unknown field of the event; a repeat is {@code malformed_json}. */
    void seeUnknownField(String name) {
        if (!unknownEventFields.add(name)) {
            repeated(name);
        }
    }

    /**
     * Notes an unknown field of candidate {@code i}; {@code first} for the candidate's first
     * unknown field (it forgets the previous candidate's).
     */
    void seeUnknownCandidateField(int i, String name, boolean first) {
        if (first && !unknownCandidateFields.isEmpty()) {
            unknownCandidateFields.clear();
        }
        if (!unknownCandidateFields.add(name)) {
            repeated("candidates[" + i + "]." + name);
        }
    }

    private void repeated(String name) {
        problem(
                Reason.MALFORMED_JSON,
                "field " + io.flinksoftmax.text.Texts.quote(name) + " appears twice");
    }

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
            idStarts = Arrays.copyOf(idStarts, c);
            idEnds = Arrays.copyOf(idEnds, c);
            idHashes = Arrays.copyOf(idHashes, c);
            scores = Arrays.copyOf(scores, c);
            hasScore = Arrays.copyOf(hasScore, c);
            bids = Arrays.copyOf(bids, c);
            hasBid = Arrays.copyOf(hasBid, c);
            eligible = Arrays.copyOf(eligible, c);
        }
        idStarts[i] = -1;
        hasScore[i] = false;
        hasBid[i] = false;
        bids[i] = Double.NaN;
        eligible[i] = true;
    }

    /** Sets candidate {@code i}'s id to {@code utf8[from, to)}, which must be valid UTF-8. */
    void candidateId(int i, byte[] utf8, int from, int to) {
        int n = to - from;
        if (idBytesUsed + n > idBytes.length) {
            idBytes = Arrays.copyOf(idBytes, Math.max(2 * idBytes.length, idBytesUsed + n));
        }
        int h = 0;
        for (int k = from; k < to; k++) {
            byte b = utf8[k];
            idBytes[idBytesUsed + k - from] = b;
            h = 31 * h + b;
        }
        idHashes[i] = h ^ (h >>> 16);
        idStarts[i] = idBytesUsed;
        idBytesUsed += n;
        idEnds[i] = idBytesUsed;
    }

    /** Sets candidate {@code i}'s id; an unpaired surrogate in it becomes U+FFFD. */
    void candidateId(int i, String id) {
        byte[] utf8 = Texts.wellFormed(id).getBytes(StandardCharsets.UTF_8);
        candidateId(i, utf8, 0, utf8.length);
    }

    boolean hasCandidateId(int i) {
        return idStarts[i] >= 0;
    }

    /** Candidate {@code i}'s id, decoded: for messages. */
    String candidateId(int i) {
        return new String(idBytes, idStarts[i], idEnds[i] - idStarts[i], StandardCharsets.UTF_8);
    }

    /** The UTF-8 of the ids read, in which {@link #idStart} and {@link #idEnd} point. */
    byte[] idBytes() {
        return idBytes;
    }

    int idStart(int i) {
        return idStarts[i];
    }

    int idEnd(int i) {
        return idEnds[i];
    }

    /**
     * A hash per candidate read so far, of its id's bytes: equal ids have equal hashes. The array
     * itself, not a copy.
     */
    int[] idHashes() {
        return idHashes;
    }

    private int[] duplicateTable = new int[0];

    /**
     * A table for {@link Duplicates#findIds} whose first {@code size} entries are 0, reused between
     * records (it may be longer).
     */
    int[] duplicateTable(int size) {
        if (duplicateTable.length < size) {
            duplicateTable = new int[size];
        } else {
            Arrays.fill(duplicateTable, 0, size, 0);
        }
        return duplicateTable;
    }

    /**
     * The ids of the first {@code n} candidates in an event's layout, from {@code arrays}: one copy
     * (or none), since the readers append each candidate's id in candidate order, once. A record
     * that breaks that (a candidate without an id, or with two) has a problem or a missing id, and
     * the validator refuses it before it asks for the ids.
     *
     * @throws IllegalStateException if the ids are not each right after the one before (a bug)
     */
    CandidateIds candidateIds(int n, EventArrays arrays) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (idStarts[i] != total) {
                throw new IllegalStateException("candidate " + i + "'s id is out of order");
            }
            total = idEnds[i];
        }
        return arrays.ids(idBytes, total, idEnds, n);
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
