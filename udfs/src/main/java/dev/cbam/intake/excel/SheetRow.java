package dev.cbam.intake.excel;

import java.util.List;

/**
 * One row of a worksheet: its number and the cells the file stores for it, in column order. Columns the file
 * does not store are empty.
 *
 * @param number the 1-based row number Excel shows
 * @param cells the stored cells, in increasing column order
 */
public record SheetRow(long number, List<SheetCell> cells) {

    /** The cell in a column, or {@code null} when the row has none there. */
    public SheetCell cell(int column) {
        for (SheetCell cell : cells) {
            if (cell.column() == column) {
                return cell;
            }
            if (cell.column() > column) {
                return null;
            }
        }
        return null;
    }

    /** True when no cell holds anything but blanks. */
    public boolean isBlank() {
        for (SheetCell cell : cells) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
