package dev.cbam.intake;

import dev.cbam.intake.ShipmentRow.RowFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Cuts a shipment file into rows: CSV (header row first, quoted fields may span lines) or JSON Lines, UTF-8
 * with or without a byte order mark. Blank lines, and CSV lines of nothing but delimiters (a spreadsheet's
 * empty rows), are skipped; every other line ends up in exactly one row.
 *
 * <p>A row that cannot be delimited (a quote left open for {@value #MAX_LINES_PER_ROW} lines, a line over
 * {@value #MAX_ROW_CHARS} characters) is returned with a {@link ShipmentRow#defect()} rather than dropped,
 * and reading resumes on the next line, so one broken quote cannot swallow the rest of a file.
 */
public final class ShipmentRowReader implements ShipmentRowSource {

    public static final int MAX_ROW_CHARS = 65_536;
    public static final int MAX_LINES_PER_ROW = 50;

    private final String sourceFile;
    private final BoundedLineReader lines;
    private final Deque<PhysicalLine> pushedBack = new ArrayDeque<>();
    private RowFormat format;
    private String header;
    private CsvFieldSplitter splitter;
    private boolean started;
    private long lineNumber;

    /**
     * @param format the file's format, or {@code null} to detect it from the first non-blank line
     *     (a line starting with <code>{</code> means JSON Lines)
     */
    public ShipmentRowReader(String sourceFile, InputStream in, RowFormat format) {
        this.sourceFile = sourceFile;
        InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.lines = new BoundedLineReader(reader, MAX_ROW_CHARS);
        this.format = format;
    }

    /** The CSV header line once read; {@code null} for JSON Lines or before the first row. */
    public String header() {
        return header;
    }

    /** The detected or given format; {@code null} until the first non-blank line was read. */
    public RowFormat format() {
        return format;
    }

    /** The next row, or {@code null} at the end of the file. */
    @Override
    public ShipmentRow next() throws IOException {
        if (!started) {
            started = true;
            if (!readHeader()) {
                return null;
            }
        }
        PhysicalLine first = nextNonBlank();
        while (first != null && splitter != null && isEmptyRecord(first.text, splitter.delimiter())) {
            first = nextNonBlank();
        }
        if (first == null) {
            return null;
        }
        if (first.tooLong) {
            return row(first.number, first.text, "line longer than " + MAX_ROW_CHARS + " characters");
        }
        if (format == RowFormat.JSON_LINES || !splitter.endsInsideQuotes(first.text)) {
            return row(first.number, first.text, null);
        }
        // A quoted field continues on the following lines.
        Deque<PhysicalLine> continuation = new ArrayDeque<>();
        StringBuilder text = new StringBuilder(first.text);
        while (continuation.size() < MAX_LINES_PER_ROW - 1) {
            PhysicalLine next = nextLine();
            if (next == null) {
                break;
            }
            continuation.add(next);
            if (next.tooLong || text.length() + 1 + next.text.length() > MAX_ROW_CHARS) {
                break;
            }
            text.append('\n').append(next.text);
            if (!splitter.endsInsideQuotes(text)) {
                return row(first.number, text.toString(), null);
            }
        }
        // Never closed: reject the first line alone and read the others again as rows of their own.
        while (!continuation.isEmpty()) {
            pushedBack.push(continuation.removeLast());
        }
        return row(first.number, first.text, "quoted field not closed");
    }

    private boolean readHeader() throws IOException {
        PhysicalLine first = nextNonBlank();
        if (first == null) {
            return false;
        }
        String text = first.text;
        if (text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (format == null) {
            format = text.stripLeading().startsWith("{") ? RowFormat.JSON_LINES : RowFormat.CSV;
        }
        if (format == RowFormat.JSON_LINES) {
            pushedBack.push(new PhysicalLine(first.number, text, first.tooLong));
            return true;
        }
        header = text;
        splitter = new CsvFieldSplitter(CsvFieldSplitter.detectDelimiter(text));
        if (ColumnLayout.fromHeader(text).problem() != null) {
            // Not a usable header (a file without one, or not a shipment file): the line is a row like the
            // others, so that it is rejected (BAD_HEADER) instead of vanishing.
            pushedBack.push(new PhysicalLine(first.number, text, first.tooLong));
        }
        return true;
    }

    private ShipmentRow row(long number, String text, String defect) {
        return new ShipmentRow(sourceFile, number, text, header, format, defect);
    }

    private PhysicalLine nextNonBlank() throws IOException {
        while (true) {
            PhysicalLine line = nextLine();
            if (line == null || !isBlank(line.text)) {
                return line;
            }
        }
    }

    private PhysicalLine nextLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pop();
        }
        String text = lines.readLine();
        if (text == null) {
            return null;
        }
        lineNumber++;
        return new PhysicalLine(lineNumber, text, lines.lastLineTooLong());
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\uFEFF') {
                return false;
            }
        }
        return true;
    }

    /** A spreadsheet's empty row, {@code ;;;;}: only delimiters and blanks. */
    private static boolean isEmptyRecord(String text, char delimiter) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != delimiter && c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        // The caller owns the stream.
    }

    private record PhysicalLine(long number, String text, boolean tooLong) {}
}
