package dev.cbam.intake;

/**
 * One row of a shipment file as read, before validation: where it came from, its raw text and what is
 * needed to interpret it.
 *
 * @param sourceFile the file's path as given to the job
 * @param line the 1-based number of the row's first physical line in the file; for an
 *     {@link RowFormat#END_OF_FILE} marker, the number of rows the file had
 * @param text the row's raw text (several physical lines when a quoted CSV field holds line breaks)
 * @param header the file's CSV header line; {@code null} for JSON Lines
 * @param format how {@code text} is encoded
 * @param defect why the reader could not delimit the row (an unterminated quote, an over-long line);
 *     {@code null} for a well-formed row. A row with a defect is always rejected as {@code MALFORMED_ROW}.
 */
public record ShipmentRow(String sourceFile, long line, String text, String header, RowFormat format, String defect) {

    /** How the text of a row is encoded. */
    public enum RowFormat {
        CSV,
        JSON_LINES,
        /**
         * Not a row: the marker a file source emits after the last row of a file, so that the job can tell a
         * completely read input from one stopped half way, and count rows per file.
         */
        END_OF_FILE
    }

    /** The marker that follows the last row of a file. */
    public static ShipmentRow endOfFile(String sourceFile, long rows) {
        return new ShipmentRow(sourceFile, rows, "", null, RowFormat.END_OF_FILE, null);
    }

    public boolean isEndOfFile() {
        return format == RowFormat.END_OF_FILE;
    }
}
