package dev.cbam.intake.excel;

/**
 * One cell of a worksheet as stored: where it is, what kind of value it holds and that value as text.
 *
 * @param column the 0-based column index (A = 0)
 * @param row the 1-based row number
 * @param kind what the cell holds
 * @param text the value: the text of a text cell; for a number its exact decimal (see {@link ExcelValues});
 *     for a date-formatted number its day as {@code YYYY-MM-DD}; {@code TRUE}/{@code FALSE}; an error such as
 *     {@code #N/A}; {@code ""} for a formula without a computed value
 * @param formula whether the value was computed by a formula (its cached result is what is read)
 */
public record SheetCell(int column, long row, Kind kind, String text, boolean formula) {

    /** What a cell holds. */
    public enum Kind {
        TEXT,
        NUMBER,
        DATE,
        BOOLEAN,
        ERROR,
        /** A formula whose result was never computed and saved (a workbook written by a program, not by Excel). */
        NOT_COMPUTED
    }

    /** The cell's address, {@code F26}. */
    public String reference() {
        return columnName(column) + row;
    }

    /** True for a cell with nothing in it but blanks. */
    public boolean isBlank() {
        return kind != Kind.NOT_COMPUTED && text.isBlank();
    }

    /** The letters of a 0-based column index: 0 = A, 25 = Z, 26 = AA. */
    public static String columnName(int column) {
        StringBuilder name = new StringBuilder(3);
        int c = column + 1;
        while (c > 0) {
            int rest = (c - 1) % 26;
            name.insert(0, (char) ('A' + rest));
            c = (c - 1) / 26;
        }
        return name.toString();
    }

    /** The 0-based column index of a cell reference ({@code AB12} → 27), or -1 when it has no column letters. */
    public static int columnIndex(String reference) {
        int column = 0;
        int i = 0;
        while (i < reference.length()) {
            char c = reference.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                column = column * 26 + (c - 'A' + 1);
            } else if (c >= 'a' && c <= 'z') {
                column = column * 26 + (c - 'a' + 1);
            } else {
                break;
            }
            if (column > 16_384) {
                return -1;
            }
            i++;
        }
        return i == 0 ? -1 : column - 1;
    }
}
