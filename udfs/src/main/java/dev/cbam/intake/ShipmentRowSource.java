package dev.cbam.intake;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where the rows of one shipment file come from, one at a time: a text file ({@link ShipmentRowReader}) or an
 * Excel workbook ({@code dev.cbam.intake.excel.ExcelShipmentReader}). Every row that is not blank comes out
 * exactly once, well formed or with a {@link ShipmentRow#defect()}, in the same order on every read, so a
 * reader restored from a checkpoint can skip what was already emitted.
 */
public interface ShipmentRowSource extends Closeable {

    /** The next row, or {@code null} at the end of the file. */
    ShipmentRow next() throws IOException;
}
