package io.flinksoftmax.job.file;

import io.flinksoftmax.event.RawEvent;
import io.flinksoftmax.operator.types.ScoringTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON-lines file as one {@link RawEvent} per line, as bytes (no charset decoding: the JSON
 * parser reads UTF-8 itself). Unlike a plain text-line format it never holds more than {@code
 * maxLineBytes} of a line in memory: a longer line is kept as a prefix with its full size, so that
 * it becomes a {@code payload_too_large} dead letter instead of an out-of-memory error. Lines that
 * are empty or only whitespace are not records and are skipped; a trailing {@code \r} is dropped,
 * so a CRLF line counts the same bytes as its LF twin.
 */
@Internal
public final class JsonLinesFormat extends SimpleStreamFormat<RawEvent> {

    private static final long serialVersionUID = 1L;

    private static final int READ_BUFFER_BYTES = 64 * 1024;

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
    public StreamFormat.Reader<RawEvent> createReader(
            Configuration config, FSDataInputStream stream) {
        return new LineReader(stream, maxLineBytes);
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return ScoringTypes.RAW_EVENT;
    }

    /** Splits a byte stream at '\n' with a bounded line buffer. */
    static final class LineReader implements StreamFormat.Reader<RawEvent> {
        /** The largest array a JVM allocates in practice. */
        private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

        private final InputStream in;
        private final int maxLineBytes;
        private final byte[] buffer = new byte[READ_BUFFER_BYTES];
        private int position;
        private int limit;
        private byte[] line = new byte[256];

        LineReader(InputStream in, int maxLineBytes) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        public RawEvent read() throws IOException {
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

        @Override
        public void close() throws IOException {
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
