package io.flinksoftmax.job.file;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads a JSON-lines file as one {@link RawEvent} per line, as bytes (no charset decoding: the JSON
 * parser reads UTF-8 itself). Unlike a plain text-line format it never holds more than {@code
 * maxLineBytes} of a line in memory: a longer line is kept as a prefix with its full size, so that
 * it becomes a {@code payload_too_large} dead letter instead of an out-of-memory error. Lines that
 * are empty or only whitespace are not records and are skipped; a trailing {@code \r} is dropped,
 * so a CRLF line counts the same bytes as its LF twin. Files are decompressed by name, as Flink's
 * own formats do ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .deflate}).
 *
 * <p>A file that cannot be opened, or fails while it is read (a truncated or corrupt compressed
 * file, a read error), does not fail the run: the records read before the failure stand, and the
 * failure becomes one more record, {@link RawEvent#unreadable} (an {@code unreadable_input} dead
 * letter naming the file and how far it got); the run goes on with the other files. That is why
 * this is a {@link BulkFormat}: only it is told which file it reads.
 */
@Internal
public final class JsonLinesFormat implements BulkFormat<RawEvent, FileSourceSplit> {

    private static final long serialVersionUID = 2L;

    private static final int READ_BUFFER_BYTES = 64 * 1024;

    /**
     * A batch ends at this many records or bytes, whichever comes first: enough to amortise the
     * hand-over, and a batch of large records (up to {@code max_payload_bytes} each) holds at most
     * one record past 2 MiB. Not tuned (no figure behind either bound).
     */
    private static final int BATCH_RECORDS = 256;

    private static final long BATCH_BYTES = 2L << 20;

    private final int maxLineBytes;

    /**
     * @param maxLineBytes how much of a line to keep; longer lines are cut to this prefix
     */
    public JsonLinesFormat(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1");
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public BulkFormat.Reader<RawEvent> createReader(Configuration config, FileSourceSplit split) {
        return restoreReader(config, split);
    }

    @Override
    public BulkFormat.Reader<RawEvent> restoreReader(Configuration config, FileSourceSplit split) {
        long skip =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        Path path = split.path();
        LineReader lines;
        try {
            InputStream in = path.getFileSystem().open(path);
            InflaterInputStreamFactory<?> inflater =
                    StandardDeCompressors.getDecompressorForFileName(path.getPath());
            lines =
                    new LineReader(
                            inflater == null ? in : inflater.create(in),
                            maxLineBytes,
                            path.toString());
        } catch (IOException | RuntimeException e) {
            lines = LineReader.failed(path.toString(), e);
        }
        return new Reader(lines, skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return ScoringTypes.RAW_EVENT;
    }

    /** Hands the lines of one file over in batches, counting records for checkpoints. */
    private static final class Reader implements BulkFormat.Reader<RawEvent> {
        private final LineReader lines;
        private long emitted;

        Reader(LineReader lines, long skip) {
            this.lines = lines;
            // A restored split resumes after the records it had emitted.
            for (long i = 0; i < skip; i++) {
                if (lines.read() == null) {
                    break;
                }
                emitted++;
            }
        }

        @Override
        public BulkFormat.RecordIterator<RawEvent> readBatch() {
            List<RawEvent> batch = new ArrayList<>();
            long bytes = 0;
            RawEvent event;
            while (batch.size() < BATCH_RECORDS
                    && bytes < BATCH_BYTES
                    && (event = lines.read()) != null) {
                batch.add(event);
                bytes += event.payload().length;
            }
            if (batch.isEmpty()) {
                return null;
            }
            long before = emitted;
            emitted += batch.size();
            return new IteratorResultIterator<>(
                    batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** Splits a byte stream at '\n' with a bounded line buffer. */
    static final class LineReader {
        /** The largest array a JVM allocates in practice. */
        private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

        private final InputStream in;
        private final int maxLineBytes;
        private final byte[] buffer = new byte[READ_BUFFER_BYTES];
        private int position;
        private int limit;
        private byte[] line = new byte[256];

        /** The file, for the message of a failed read. */
        private final String name;

        /** Bytes read so far (after decompression): where a failure happened. */
        private long consumed;

        /** The failure met, once reported: the file ends there. */
        private boolean failed;

        private Throwable openFailure;

        LineReader(InputStream in, int maxLineBytes, String name) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
            this.name = name;
        }

        /** A reader of a file that could not be opened: it yields the failure, then ends. */
        static LineReader failed(String name, Throwable cause) {
            LineReader reader = new LineReader(InputStream.nullInputStream(), 1, name);
            reader.openFailure = cause;
            return reader;
        }

        /**
         * The next line, {@code null} at the end of the file. A read that fails yields one {@link
         * RawEvent#unreadable} event (the part of a line read before it is dropped), then the end.
         */
        RawEvent read() {
            if (failed) {
                return null;
            }
            if (openFailure != null) {
                failed = true;
                return RawEvent.unreadable(name + ": cannot be opened: " + openFailure);
            }
            try {
                return readLine();
            } catch (IOException | RuntimeException e) {
                failed = true;
                return RawEvent.unreadable(
                        name
                                + ": the read failed after "
                                + consumed
                                + " bytes"
                                + (consumed > 0 ? " (decompressed, if compressed)" : "")
                                + ": "
                                + e);
            }
        }

        private RawEvent readLine() throws IOException {
            // One byte more than the limit: room for the '\r' of a CRLF line of exactly the limit.
            // (A long: maxLineBytes + 1 must not overflow for a caller's Integer.MAX_VALUE.)
            long keepAtMost = maxLineBytes + 1L;
            while (true) {
                int kept = 0;
                long size = 0;
                byte last = 0;
                boolean sawAny = false;
                while (true) {
                    if (position == limit) {
                        limit = in.read(buffer, 0, buffer.length);
                        position = 0;
                        if (limit > 0) {
                            consumed += limit;
                        }
                        if (limit <= 0) {
                            limit = 0;
                            if (!sawAny) {
                                return null;
                            }
                            break;
                        }
                    }
                    sawAny = true;
                    int start = position;
                    int newline = indexOf(buffer, (byte) '\n', position, limit);
                    int end = newline < 0 ? limit : newline;
                    int take = (int) Math.min(end - start, Math.max(0, keepAtMost - kept));
                    if (take > 0) {
                        ensureCapacity(kept + take);
                        System.arraycopy(buffer, start, line, kept, take);
                        kept += take;
                    }
                    size += end - start;
                    if (end > start) {
                        last = buffer[end - 1];
                    }
                    position = newline < 0 ? limit : newline + 1;
                    if (newline >= 0) {
                        break;
                    }
                }
                boolean whole = size == kept;
                if (size > 0 && last == '\r') {
                    size--;
                    if (whole) {
                        kept--;
                    }
                }
                whole = size <= maxLineBytes;
                kept = Math.min(kept, maxLineBytes);
                // A blank line is no record; a long line is one even if its kept prefix is blank.
                if (!whole || !isBlank(line, kept)) {
                    return new RawEvent(Arrays.copyOf(line, kept), size, null);
                }
            }
        }

        void close() throws IOException {
            in.close();
        }

        private void ensureCapacity(int needed) {
            if (needed > line.length) {
                line =
                        Arrays.copyOf(
                                line,
                                (int) Math.max(needed, Math.min(MAX_ARRAY, 2L * line.length)));
            }
        }

        private static int indexOf(byte[] bytes, byte b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean isBlank(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }
}
