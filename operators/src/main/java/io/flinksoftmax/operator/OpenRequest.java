package io.flinksoftmax.operator;

import io.flinksoftmax.event.CandidateScore;
import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.event.SourcePosition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The candidates of one open request, as the {@link RequestAssembler} holds them in keyed state:
 * packed into a few arrays per request rather than a parsed object, a record object and two arrays
 * per candidate. The request-wide fields are held once; per candidate, the id and the record as
 * read share one byte array, and the numbers sit in primitive arrays. With records of about 180
 * bytes this holds a candidate in about 250 bytes of heap instead of 411 (BENCHMARKS.md "Open
 * requests").
 *
 * <p>{@link #candidates()} gives the candidates back, equal to the ones added, in arrival order.
 * Not thread safe; mutable: the assembler adds to it and writes it back to its state.
 */
@Internal
public final class OpenRequest {

    /**
     * What a request costs beyond its own arrays, estimated: its entries in the state table, the
     * deadline timer and the set of open requests, with their keys. Part of {@link #heapBytes()}.
     */
    static final int PER_REQUEST_OVERHEAD = 400;

    private static final int FIRST_CAPACITY = 16;
    private static final long MIN_ROOM = 64 << 10;

    /** The most one request can hold: Java's largest array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private static final int INTS = 4; // id end, record end, partition, flags
    private static final int LONGS = 3; // event ts, read at, offset
    private static final int ELIGIBLE = 1;
    private static final int HAS_SOURCE = 2;
    private static final int HAS_RAW = 4;

    private final String request;
    private final String placement;
    private final String model;
    private final String unit;
    private final int expected;
    private final double temperature;
    private final long opened;

    private int size;
    private byte[] bytes = new byte[0];
    private int used;
    private int[] ints = new int[0];
    private double[] doubles = new double[0]; // score, bid
    private long[] longs = new long[0];
    private String[] topics; // null until a candidate has a source

    /**
     * An empty request with the request-wide fields of its candidates.
     *
     * @param opened when its first candidate reached the assembler: its deadline's start
     */
    public OpenRequest(
            String request,
            String placement,
            String model,
            String unit,
            int expected,
            double temperature,
            long opened) {
        this.request = Objects.requireNonNull(request, "request");
        this.placement = placement;
        this.model = model;
        this.unit = unit;
        this.expected = expected;
        this.temperature = temperature;
        this.opened = opened;
    }

    /** An empty request with {@code first}'s request-wide fields. */
    public static OpenRequest of(CandidateScore first, long opened) {
        return new OpenRequest(
                first.request(),
                first.placement(),
                first.model(),
                first.unit(),
                first.expected(),
                first.temperature(),
                opened);
    }

    /** Adds a candidate; the caller has checked that it agrees and is not a duplicate. */
    public void add(CandidateScore c) {
        add(c, utf8(c.candidate()));
    }

    /**
     * Adds a candidate whose id the caller has encoded already ({@link #utf8}: once per candidate
     * for {@link #contains} and this).
     */
    public void add(CandidateScore c, byte[] id) {
        RawEvent raw = c.raw();
        SourcePosition source = raw == null ? null : raw.source();
        add(
                id,
                raw == null ? new byte[0] : raw.payload(),
                raw != null,
                c.score(),
                c.bid(),
                c.eligible(),
                c.eventTs(),
                c.readAt(),
                source);
    }

    /**
     * Adds a candidate from its parts (the state serializer's way in).
     *
     * @param id the candidate id, UTF-8
     * @param record the record as read, complete: a candidate was parsed from all of it, so its
     *     {@link RawEvent#payloadBytes()} is its length (only an oversized record is kept in part,
     *     and that one is a {@code payload_too_large} dead letter, never a candidate)
     * @param hasRaw whether the candidate came with its record ({@code false}: {@code record} is
     *     empty and {@link #candidates()} gives it none)
     */
    public void add(
            byte[] id,
            byte[] record,
            boolean hasRaw,
            double score,
            double bid,
            boolean eligible,
            long eventTs,
            long readAt,
            SourcePosition source) {
        grow(id.length + record.length);
        System.arraycopy(id, 0, bytes, used, id.length);
        used += id.length;
        int idEnd = used;
        System.arraycopy(record, 0, bytes, used, record.length);
        used += record.length;
        int i = size++;
        ints[INTS * i] = idEnd;
        ints[INTS * i + 1] = used;
        ints[INTS * i + 2] = source == null ? 0 : source.partition();
        ints[INTS * i + 3] =
                (eligible ? ELIGIBLE : 0)
                        | (source != null ? HAS_SOURCE : 0)
                        | (hasRaw ? HAS_RAW : 0);
        doubles[2 * i] = score;
        doubles[2 * i + 1] = bid;
        longs[LONGS * i] = eventTs;
        longs[LONGS * i + 1] = readAt;
        longs[LONGS * i + 2] = source == null ? 0L : source.offset();
        if (source != null) {
            if (topics == null) {
                topics = new String[ints.length / INTS];
            }
            // One instance per request for the usual single topic.
            String previous = i > 0 ? topics[i - 1] : null;
            topics[i] = source.topic().equals(previous) ? previous : source.topic();
        }
    }

    /**
     * Room for one more candidate of {@code extra} bytes. Arrays grow by doubling up to {@code
     * expected} candidates, never beyond (a request is decided at {@code expected}), so a full
     * request of up to 16 candidates holds no spare slots; the byte array grows to what the
     * candidates so far suggest the rest will need.
     */
    private void grow(int extra) {
        int slots = ints.length / INTS;
        if (size == slots) {
            int more = Math.max(1, Math.min(Math.max(slots, FIRST_CAPACITY), expected - slots));
            int capacity = slots + more;
            ints = Arrays.copyOf(ints, INTS * capacity);
            doubles = Arrays.copyOf(doubles, 2 * capacity);
            longs = Arrays.copyOf(longs, LONGS * capacity);
            if (topics != null) {
                topics = Arrays.copyOf(topics, capacity);
            }
        }
        long needed = (long) used + extra;
        if (needed > bytes.length) {
            if (needed > MAX_BYTES) {
                throw new IllegalStateException("an open request cannot hold 2 GB of records");
            }
            // Room for the candidates still to come at the average size so far, but never more
            // than an eighth more (or 64 KiB): large records must not make one request reserve
            // heap the byte budget has not granted. Small requests get their exact size at once.
            long average = needed / (size + 1);
            long toCome = Math.max(0, Math.min(ints.length / INTS, expected) - size - 1);
            long room = Math.min(average * toCome, Math.max(MIN_ROOM, needed / 8));
            bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, needed + room));
        }
    }

    /** Whether a candidate of {@code id} and {@code record} bytes still fits in one request. */
    public boolean canHold(long idBytes, long recordBytes) {
        return (long) used + idBytes + recordBytes <= MAX_BYTES;
    }

    /** A candidate id as this request holds it. */
    public static byte[] utf8(String candidate) {
        return candidate.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a candidate with this id ({@link #utf8}) is in. */
    public boolean contains(byte[] id) {
        for (int i = 0; i < size; i++) {
            int start = i == 0 ? 0 : ints[INTS * (i - 1) + 1];
            if (Arrays.equals(bytes, start, ints[INTS * i], id, 0, id.length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What of {@code c} disagrees with this request ({@link CandidateScore#disagreement}), or
     * {@code null}.
     */
    public String disagreement(CandidateScore c) {
        return c.disagreement(expected, placement, model, unit, temperature);
    }

    private static final byte NO_SOURCE = 0;
    private static final byte SAME_TOPIC = 1;
    private static final byte NEW_TOPIC = 2;

    /**
     * Writes this request straight from its arrays, for its state serializer: the request-wide
     * fields once, then each candidate's id, record and numbers in arrival order; a run of
     * candidates from one topic writes its name once. Allocates nothing per candidate: with RocksDB
     * it runs at every candidate, and with the heap backend at every checkpoint.
     */
    public void write(DataOutputView out) throws IOException {
        StringValue.writeString(request, out);
        StringValue.writeString(placement, out);
        StringValue.writeString(model, out);
        StringValue.writeString(unit, out);
        out.writeInt(expected);
        out.writeDouble(temperature);
        out.writeLong(opened);
        out.writeInt(size);
        String topic = null;
        for (int i = 0; i < size; i++) {
            int start = i == 0 ? 0 : ints[INTS * (i - 1) + 1];
            int idEnd = ints[INTS * i];
            int end = ints[INTS * i + 1];
            int flags = ints[INTS * i + 3];
            out.writeInt(idEnd - start);
            out.write(bytes, start, idEnd - start);
            out.writeBoolean((flags & HAS_RAW) != 0);
            out.writeInt(end - idEnd);
            out.write(bytes, idEnd, end - idEnd);
            out.writeDouble(doubles[2 * i]);
            out.writeDouble(doubles[2 * i + 1]);
            out.writeBoolean((flags & ELIGIBLE) != 0);
            out.writeLong(longs[LONGS * i]);
            out.writeLong(longs[LONGS * i + 1]);
            if ((flags & HAS_SOURCE) == 0) {
                out.writeByte(NO_SOURCE);
                continue;
            }
            if (topics[i].equals(topic)) {
                out.writeByte(SAME_TOPIC);
            } else {
                out.writeByte(NEW_TOPIC);
                topic = topics[i];
                StringValue.writeString(topic, out);
            }
            out.writeInt(ints[INTS * i + 2]);
            out.writeLong(longs[LONGS * i + 2]);
        }
    }

    /** Reads what {@link #write} wrote. */
    public static OpenRequest read(DataInputView in) throws IOException {
        OpenRequest r =
                new OpenRequest(
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        StringValue.readString(in),
                        in.readInt(),
                        in.readDouble(),
                        in.readLong());
        int size = in.readInt();
        String topic = null;
        for (int i = 0; i < size; i++) {
            byte[] id = new byte[in.readInt()];
            in.readFully(id);
            boolean hasRaw = in.readBoolean();
            byte[] record = new byte[in.readInt()];
            in.readFully(record);
            double score = in.readDouble();
            double bid = in.readDouble();
            boolean eligible = in.readBoolean();
            long eventTs = in.readLong();
            long readAt = in.readLong();
            byte kind = in.readByte();
            SourcePosition source = null;
            if (kind != NO_SOURCE) {
                if (kind == NEW_TOPIC) {
                    topic = StringValue.readString(in);
                } else if (kind != SAME_TOPIC || topic == null) {
                    throw new IOException("corrupt open request: source kind " + kind);
                }
                source = new SourcePosition(topic, in.readInt(), in.readLong());
            }
            r.add(id, record, hasRaw, score, bid, eligible, eventTs, readAt, source);
        }
        return r;
    }

    /** The candidates, as added, in arrival order: each with its record and source. */
    public List<CandidateScore> candidates() {
        List<CandidateScore> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int start = i == 0 ? 0 : ints[INTS * (i - 1) + 1];
            int idEnd = ints[INTS * i];
            int end = ints[INTS * i + 1];
            int flags = ints[INTS * i + 3];
            RawEvent raw = null;
            if ((flags & HAS_RAW) != 0) {
                byte[] record = Arrays.copyOfRange(bytes, idEnd, end);
                SourcePosition source =
                        (flags & HAS_SOURCE) == 0
                                ? null
                                : new SourcePosition(
                                        topics[i], ints[INTS * i + 2], longs[LONGS * i + 2]);
                raw = new RawEvent(record, record.length, source);
            }
            out.add(
                    new CandidateScore(
                            request,
                            new String(bytes, start, idEnd - start, StandardCharsets.UTF_8),
                            doubles[2 * i],
                            doubles[2 * i + 1],
                            (flags & ELIGIBLE) != 0,
                            expected,
                            placement,
                            model,
                            temperature,
                            longs[LONGS * i],
                            raw,
                            longs[LONGS * i + 1],
                            unit));
        }
        return out;
    }

    /**
     * About how many bytes of heap this request holds: its arrays, strings and {@link
     * #PER_REQUEST_OVERHEAD}. What {@code max-open-bytes} counts.
     */
    public long heapBytes() {
        long strings = 48L + 2L * request.length(); // placement, model: one per subtask
        if (unit != null) {
            strings += 48L + 2L * unit.length();
        }
        long arrays =
                4 * 16L
                        + bytes.length
                        + 4L * ints.length
                        + 8L * doubles.length
                        + 8L * longs.length
                        + (topics == null ? 0 : 16L + 4L * topics.length);
        return PER_REQUEST_OVERHEAD + 64 + strings + arrays;
    }

    public String request() {
        return request;
    }

    public String placement() {
        return placement;
    }

    public String model() {
        return model;
    }

    public String unit() {
        return unit;
    }

    public int expected() {
        return expected;
    }

    public double temperature() {
        return temperature;
    }

    /** When its first candidate reached the assembler: its deadline's start. */
    public long opened() {
        return opened;
    }

    /** How many candidates are in. */
    public int size() {
        return size;
    }

    /** Whether {@code expected} candidates are in. */
    public boolean isComplete() {
        return size >= expected;
    }
}
