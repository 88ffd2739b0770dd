package dev.cbam.intake;

/**
 * One row of a shipment file as read, before validation: where it came from, its raw text and what is
 * needed to interpret it.
 *
 * @param sourceFile the file's path as given to the job
 * @param line the 1-based number of the row's first physical line in the file
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
        JSON_LINES
    }
}
