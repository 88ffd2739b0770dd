package dev.cbam.intake.excel;

/**
 * Something wrong with a Communication Template, and where: file, sheet and cell when it is one cell.
 *
 * @param file the file's name as given
 * @param sheet the sheet, or {@code null} for a problem of the whole workbook
 * @param cell the cell ({@code I27}), or {@code null}
 * @param message what is wrong, in one line
 */
public record TemplateProblem(String file, String sheet, String cell, String message) {

    /** {@code supplier.xlsx: Summary_Communication!I27: SEE (direct) 'n/a' is not a number}. */
    @Override
    public String toString() {
        if (sheet == null) {
            return file + ": " + message;
        }
        return file + ": " + sheet + (cell == null ? "" : "!" + cell) + ": " + message;
    }
}
