package dev.cbam.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads text lines with a length limit, so a file without line breaks (or a binary file) cannot exhaust
 * memory. Accepts {@code \n}, {@code \r\n} and {@code \r} line ends.
 */
final class BoundedLineReader {

    private final Reader in;
    private final int maxLineLength;
    private final char[] buffer = new char[8192];
    private int pos;
    private int limit;
    private boolean skipLf;
    private boolean lastLineTooLong;
    private long linesRead;

    BoundedLineReader(Reader in, int maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /**
     * The next line without its line end, or {@code null} at the end of the input. A line longer than the
     * limit is cut at the limit and the rest of it is skipped; {@link #lastLineTooLong()} then says so.
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        lastLineTooLong = false;
        while (true) {
            if (pos >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    linesRead++;
                    return line.toString();
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            if (line == null) {
                line = new StringBuilder(Math.min(256, maxLineLength));
            }
            int room = maxLineLength - line.length();
            int take = Math.min(room, pos - start);
            line.append(buffer, start, take);
            if (take < pos - start) {
                lastLineTooLong = true;
            }
            if (pos < limit) {
                skipLf = buffer[pos] == '\r';
                pos++;
                linesRead++;
                return line.toString();
            }
        }
    }

    boolean lastLineTooLong() {
        return lastLineTooLong;
    }

    /** Physical lines returned so far. */
    long linesRead() {
        return linesRead;
    }
}
