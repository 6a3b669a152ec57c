package io.flinksoftmax.parse;

import com.fasterxml.jackson.core.io.NumberInput;
import io.flinksoftmax.policy.Limits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the common record in one pass over its bytes, into the same {@link Fields} that {@link
 * FieldReader} fills through Jackson: the fast path of {@link EventParser}. It reads only records
 * it can read without doubt, "plain" ones: one JSON object of known fields, each given once with a
 * value of its right type; strings without escapes or control characters; numbers in JSON's
 * grammar, integers of at most 18 digits; arrays within the limits. Anything else, whether valid
 * JSON or not, makes it give up ({@link #read} returns {@code false}) before anything is decided,
 * and the record is read again by Jackson, which finds the same fields or says what is wrong. So
 * its only obligation is: whatever it reads, Jackson reads the same ({@code PlainRecordReaderTest}
 * holds the two equal on every record of a seeded fuzz).
 *
 * <p>Why it exists: Jackson's parser is a new object graph per record (about 800 bytes) and a
 * {@code String} per value; this reader keeps candidate ids as bytes, reuses {@code String}s of
 * repeating values (kind, model, placement, unit, labels) and allocates nothing of its own.
 *
 * <p>UTF-8: a record it reads is ASCII outside its strings (every byte there is matched against
 * JSON's ASCII grammar), and {@link #nonAscii} says whether a string held any other byte. Only then
 * must the caller check the record ({@link io.flinksoftmax.text.Utf8#firstInvalid}) before it
 * trusts the fields: a valid UTF-8 string without escapes is its bytes, and can hold no unpaired
 * surrogate. An ASCII record, the common one, is valid UTF-8 as read. Numbers are converted as
 * Jackson converts them: an integer through {@code long}, a decimal by the same correctly rounded
 * parser (its fast double parser). Not thread safe.
 */
final class PlainRecordReader {

    /** Thrown to give up: preallocated and without a stack trace, as it is control flow. */
    private static final class GiveUp extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    /** Longer numbers are left to Jackson (which allows up to 1,000 digits). */
    private static final int MAX_NUMBER_CHARS = 64;

    /** Integers of more digits may not fit a {@code long}; Jackson reads them. */
    private static final int MAX_LONG_DIGITS = 18;

    /** Decimal mantissas of this many digits are below 2^53: exact as doubles. */
    private static final int EXACT_DIGITS = 15;

    /** 10^22 is the largest power of ten that is an exact double. */
    private static final int EXACT_POWER = 22;

    private static final double[] POWERS_OF_TEN = new double[EXACT_POWER + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int k = 1; k <= EXACT_POWER; k++) {
            POWERS_OF_TEN[k] = 10 * POWERS_OF_TEN[k - 1]; // exact: each is below 2^53 * 2^k
        }
    }

    private final Fields fields;
    private final Limits limits;
    private final char[] number = new char[MAX_NUMBER_CHARS];
    private final StringCache values = new StringCache(64);
    private final StringCache labels = new StringCache(1024);

    private byte[] d;
    private int pos;
    private int end;

    /** Every byte of the record's strings or-ed together: negative if one was not ASCII. */
    private int stringBytes;

    PlainRecordReader(Fields fields, Limits limits) {
        this.fields = fields;
        this.limits = limits;
    }

    /**
     * Reads {@code data[0, length)} into the fields, which must be freshly reset.
     *
     * @return whether it read the record; if not, the fields hold a part of it and must be reset
     */
    boolean read(byte[] data, int length) {
        d = data;
        pos = 0;
        end = length;
        stringBytes = 0;
        try {
            readRecord();
            return true;
        } catch (GiveUp e) {
            return false;
        } finally {
            d = null;
        }
    }

    /**
     * Whether the record last read had a byte outside ASCII (in a string): it must then pass the
     * UTF-8 check before its fields are used.
     */
    boolean nonAscii() {
        return stringBytes < 0;
    }

    private void readRecord() {
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
        } else {
            do {
                skipSpace();
                int nameStart = stringStart();
                int nameEnd = stringEnd();
                skipSpace();
                expect(':');
                skipSpace();
                readField(nameStart, nameEnd);
                skipSpace();
            } while (next() == ',' || back('}'));
        }
        skipSpace();
        if (pos != end) {
            throw GIVE_UP; // content after the object: Jackson says where
        }
    }

    /** {@code true} if the byte just read was {@code c}, else gives up. */
    private boolean back(char c) {
        if (d[pos - 1] != c) {
            throw GIVE_UP;
        }
        return false;
    }

    private void readField(int from, int to) {
        switch (to - from) {
            case 2 -> {
                if (is(from, "id")) {
                    see(Fields.ID);
                    fields.id = readString();
                    return;
                }
                if (is(from, "ts")) {
                    see(Fields.TS);
                    fields.ts = readLong();
                    return;
                }
            }
            case 3 -> {
                if (is(from, "bid")) {
                    see(Fields.BID);
                    fields.bid = readDouble();
                    return;
                }
            }
            case 4 -> {
                if (is(from, "kind")) {
                    see(Fields.KIND);
                    fields.kind = readCached(values);
                    return;
                }
                if (is(from, "unit")) {
                    see(Fields.UNIT);
                    fields.unit = readCached(values);
                    return;
                }
            }
            case 5 -> {
                if (is(from, "model")) {
                    see(Fields.MODEL);
                    fields.model = readCached(values);
                    return;
                }
                if (is(from, "label")) {
                    see(Fields.LABEL);
                    fields.label = readCached(labels);
                    return;
                }
                if (is(from, "score")) {
                    see(Fields.SCORE);
                    fields.score = readDouble();
                    fields.hasScore1 = true;
                    return;
                }
            }
            case 6 -> {
                if (is(from, "logits")) {
                    see(Fields.LOGITS);
                    fields.hasLogits = true;
                    readArray(limits.maxClasses(), logit);
                    return;
                }
                if (is(from, "labels")) {
                    see(Fields.LABELS);
                    fields.hasLabels = true;
                    readArray(limits.maxClasses(), label);
                    return;
                }
            }
            case 7 -> {
                if (is(from, "request")) {
                    see(Fields.REQUEST);
                    fields.request = readString();
                    return;
                }
            }
            case 8 -> {
                if (is(from, "eligible")) {
                    see(Fields.ELIGIBLE);
                    fields.eligible1 = readBoolean();
                    return;
                }
                if (is(from, "expected")) {
                    see(Fields.EXPECTED);
                    fields.expected = readLong();
                    fields.expectedGiven = true;
                    return;
                }
            }
            case 9 -> {
                if (is(from, "placement")) {
                    see(Fields.PLACEMENT);
                    fields.placement = readCached(values);
                    return;
                }
                if (is(from, "candidate")) {
                    see(Fields.CANDIDATE);
                    fields.candidate = readString();
                    return;
                }
            }
            case 10 -> {
                if (is(from, "candidates")) {
                    see(Fields.CANDIDATES);
                    fields.hasCandidates = true;
                    readArray(limits.maxCandidates(), candidate);
                    return;
                }
            }
            case 11 -> {
                if (is(from, "temperature")) {
                    see(Fields.TEMPERATURE);
                    fields.temperature = readDouble();
                    fields.hasTemperature = true;
                    return;
                }
            }
            default -> {}
        }
        throw GIVE_UP; // an unknown field
    }

    /** Marks a top-level field seen; a second time is Jackson's to report. */
    private void see(int field) {
        if ((fields.seen & field) != 0) {
            throw GIVE_UP;
        }
        fields.seen |= field;
    }

    /** Reads one element of an array, element {@code i}, the reader at its first byte. */
    @FunctionalInterface
    private interface Element {
        void read(int i);
    }

    // Bound once: a method reference per array read would be a new object per record.
    private final Element candidate = this::readCandidate;
    private final Element logit = this::readLogit;
    private final Element label = this::readLabel;

    /**
     * Reads an array of at most {@code max} elements; one more is left to Jackson's reader, which
     * reports it.
     */
    private void readArray(int max, Element element) {
        expect('[');
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        int i = 0;
        do {
            if (i == max) {
                throw GIVE_UP;
            }
            skipSpace();
            element.read(i++);
            skipSpace();
        } while (next() == ',' || back(']'));
    }

    private void readLogit(int i) {
        fields.addLogit();
        fields.logits[i] = readDouble();
    }

    private void readLabel(int i) {
        fields.addLabel();
        fields.labels[i] = readCached(labels);
    }

    private void readCandidate(int i) {
        fields.addCandidate();
        expect('{');
        int seen = 0;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return;
        }
        do {
            skipSpace();
            int bit = candidateFieldName();
            if ((seen & bit) != 0) {
                throw GIVE_UP;
            }
            seen |= bit;
            skipSpace();
            switch (bit) {
                case CANDIDATE_ID -> {
                    int s = stringStart();
                    fields.candidateId(i, d, s, stringEnd());
                }
                case CANDIDATE_SCORE -> {
                    fields.scores[i] = readDouble();
                    fields.hasScore[i] = true;
                }
                case CANDIDATE_BID -> {
                    fields.bids[i] = readDouble();
                    fields.hasBid[i] = true;
                }
                default -> fields.eligible[i] = readBoolean();
            }
            skipSpace();
        } while (next() == ',' || back('}'));
    }

    private static final int CANDIDATE_ID = 1;
    private static final int CANDIDATE_SCORE = 2;
    private static final int CANDIDATE_BID = 4;
    private static final int CANDIDATE_ELIGIBLE = 8;

    // A candidate's field names with their quotes and colon, as little-endian words: most records
    // write them without spaces, so one compare of 8 bytes reads the name where the generic path
    // takes a dozen branches per name (10 candidates: 30 names per record).
    private static final long ID_NAME = word("\"id\":");
    private static final long SCORE_NAME = word("\"score\":");
    private static final long BID_NAME = word("\"bid\":");
    private static final long FIVE_BYTES = (1L << 40) - 1;
    private static final long SIX_BYTES = (1L << 48) - 1;

    private static final VarHandle WORDS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The ASCII {@code token} (at most 8 bytes) as the little-endian word it is in a record. */
    private static long word(String token) {
        long w = 0;
        for (int k = token.length() - 1; k >= 0; k--) {
            w = w << 8 | token.charAt(k);
        }
        return w;
    }

    /**
     * Reads a candidate's field name and its colon; which field it is ({@code CANDIDATE_*}). Gives
     * up on another name.
     */
    private int candidateFieldName() {
        if (end - pos >= Long.BYTES) {
            long w = (long) WORDS.get(d, pos);
            if ((w & FIVE_BYTES) == ID_NAME) {
                pos += 5;
                return CANDIDATE_ID;
            }
            if (w == SCORE_NAME) {
                pos += 8;
                return CANDIDATE_SCORE;
            }
            if ((w & SIX_BYTES) == BID_NAME) {
                pos += 6;
                return CANDIDATE_BID;
            }
        }
        // Spaces around the colon, "eligible", or a name near the end of the record.
        int from = stringStart();
        int to = stringEnd();
        skipSpace();
        expect(':');
        int n = to - from;
        if (n == 2 && is(from, "id")) {
            return CANDIDATE_ID;
        }
        if (n == 5 && is(from, "score")) {
            return CANDIDATE_SCORE;
        }
        if (n == 3 && is(from, "bid")) {
            return CANDIDATE_BID;
        }
        if (n == 8 && is(from, "eligible")) {
            return CANDIDATE_ELIGIBLE;
        }
        throw GIVE_UP;
    }

    /** A string value, decoded: for values that seldom repeat (ids). */
    private String readString() {
        int s = stringStart();
        return new String(d, s, stringEnd() - s, StandardCharsets.UTF_8);
    }

    private String readCached(StringCache cache) {
        int s = stringStart();
        return cache.get(d, s, stringEnd());
    }

    private boolean readBoolean() {
        if (matches("true")) {
            return true;
        }
        if (matches("false")) {
            return false;
        }
        throw GIVE_UP; // null, or another type: Jackson's reader decides
    }

    /** A JSON number of at most {@value #MAX_LONG_DIGITS} digits, without fraction or exponent. */
    private long readLong() {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long value = 0;
        int digits = 0;
        while (pos < end && d[pos] >= '0' && d[pos] <= '9') {
            value = 10 * value + (d[pos++] - '0');
            digits++;
        }
        if (digits == 0
                || digits > MAX_LONG_DIGITS
                || (digits > 1 && d[start + (negative ? 1 : 0)] == '0')
                || (pos < end && (d[pos] == '.' || d[pos] == 'e' || d[pos] == 'E'))) {
            throw GIVE_UP;
        }
        return negative ? -value : value;
    }

    /**
     * A JSON number as a double, as Jackson's {@code getDoubleValue} gives it: an integer token
     * through its {@code long} value (so {@code -0} is +0.0, as in Jackson), a decimal one
     * correctly rounded, as Jackson's fast double parser rounds it. A decimal of at most {@value
     * #EXACT_DIGITS} significant digits and a power of ten of at most {@value #EXACT_POWER} is one
     * exact division or multiplication (Clinger's fast path: both operands are exact doubles, so
     * the one rounding is the correct one); others go to {@link NumberInput#parseDouble(char[],
     * int, int, boolean)}.
     */
    private double readDouble() {
        int start = pos;
        boolean negative = pos < end && d[pos] == '-';
        if (negative) {
            pos++;
        }
        // One pass: digits are read and accumulated together. The mantissa may overflow past 18
        // digits; it is used only when it has at most EXACT_DIGITS significant ones.
        int intStart = pos;
        long mantissa = 0;
        if (pos < end && d[pos] == '0') {
            pos++; // JSON allows no other digit after a leading zero
        } else {
            int c;
            while (pos < end && (c = d[pos] - '0') >= 0 && c <= 9) {
                mantissa = 10 * mantissa + c;
                pos++;
            }
            if (pos == intStart) {
                throw GIVE_UP;
            }
        }
        int intDigits = pos - intStart;
        int significant = mantissa == 0 ? 0 : intDigits; // digits from the first non-zero one
        boolean integer = true;
        int scale = 0;
        if (pos < end && d[pos] == '.') {
            int from = ++pos;
            int c;
            while (pos < end && (c = d[pos] - '0') >= 0 && c <= 9) {
                if (mantissa != 0 || c != 0) {
                    significant++;
                }
                mantissa = 10 * mantissa + c;
                pos++;
            }
            if (pos == from) {
                throw GIVE_UP;
            }
            scale = from - pos;
            integer = false;
        }
        int exponent = 0;
        boolean smallExponent = true;
        if (pos < end && (d[pos] == 'e' || d[pos] == 'E')) {
            pos++;
            boolean negativeExponent = pos < end && d[pos] == '-';
            if (negativeExponent || (pos < end && d[pos] == '+')) {
                pos++;
            }
            int from = pos;
            int c;
            while (pos < end && (c = d[pos] - '0') >= 0 && c <= 9) {
                exponent = pos - from < 4 ? 10 * exponent + c : exponent;
                pos++;
            }
            if (pos == from) {
                throw GIVE_UP;
            }
            smallExponent = pos - from <= 3;
            exponent = negativeExponent ? -exponent : exponent;
            integer = false;
        }
        if (integer) {
            if (intDigits > MAX_LONG_DIGITS) {
                throw GIVE_UP;
            }
            return (double) (negative ? -mantissa : mantissa);
        }
        int power = exponent + scale;
        if (significant <= EXACT_DIGITS && smallExponent && Math.abs(power) <= EXACT_POWER) {
            double m = negative ? -(double) mantissa : (double) mantissa;
            return power < 0 ? m / POWERS_OF_TEN[-power] : m * POWERS_OF_TEN[power];
        }
        int n = pos - start;
        if (n > MAX_NUMBER_CHARS) {
            throw GIVE_UP;
        }
        for (int k = 0; k < n; k++) {
            number[k] = (char) d[start + k];
        }
        return NumberInput.parseDouble(number, 0, n, true);
    }

    /** Reads a string's opening quote; where its content starts. */
    private int stringStart() {
        expect('"');
        return pos;
    }

    /**
     * Reads a string's content and closing quote; where the content ends. Gives up on an escape or
     * a control character (Jackson unescapes or refuses them).
     */
    private int stringEnd() {
        int bytes = 0;
        while (pos < end) {
            byte b = d[pos];
            if (b == '"') {
                stringBytes |= bytes;
                return pos++;
            }
            bytes |= b;
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                throw GIVE_UP;
            }
            pos++;
        }
        throw GIVE_UP;
    }

    /** Whether the bytes at {@code from} are the ASCII {@code name} (the length checked before). */
    private boolean is(int from, String name) {
        for (int k = 0; k < name.length(); k++) {
            if (d[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Reads the literal {@code word} if it is next and not followed by more of a word. */
    private boolean matches(String word) {
        int n = word.length();
        if (end - pos < n || !is(pos, word)) {
            return false;
        }
        int after = pos + n;
        if (after < end && isWordByte(d[after])) {
            throw GIVE_UP; // "truex": Jackson reports it
        }
        pos = after;
        return true;
    }

    private static boolean isWordByte(byte b) {
        return b < 0 || Character.isLetterOrDigit(b) || b == '_' || b == '$';
    }

    private void skipSpace() {
        if (pos < end && d[pos] > ' ') {
            return; // the common case: no space at all
        }
        while (pos < end) {
            byte b = d[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        if (pos >= end) {
            throw GIVE_UP;
        }
        return d[pos];
    }

    private int next() {
        if (pos >= end) {
            throw GIVE_UP;
        }
        return d[pos++];
    }

    private void expect(char c) {
        if (next() != c) {
            throw GIVE_UP;
        }
    }
}
