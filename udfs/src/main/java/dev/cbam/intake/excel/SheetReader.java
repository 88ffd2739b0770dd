package dev.cbam.intake.excel;

import dev.cbam.intake.excel.SheetCell.Kind;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.model.SharedStrings;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the rows of one worksheet one at a time, straight from the sheet's XML in the zip, so a sheet of a
 * million rows takes no more memory than one row. A pull parser (StAX) rather than POI's push-style
 * {@code XSSFSheetXMLHandler} because the Flink file reader asks for rows in batches; and the stored {@code <v>}
 * text of a number is read as text, never through {@code double} (see {@link ExcelValues}).
 *
 * <p>Formula cells are read by their cached results, as Excel saved them.
 */
public final class SheetReader implements Closeable {

    private final String sheetName;
    private final InputStream xml;
    private final XMLStreamReader reader;
    private final SharedStrings strings;
    private final DateStyles dates;
    private final boolean date1904;
    private long lastRow;
    private boolean done;

    SheetReader(String sheetName, InputStream xml, SharedStrings strings, DateStyles dates, boolean date1904)
            throws WorkbookException {
        this.sheetName = sheetName;
        this.xml = xml;
        this.strings = strings;
        this.dates = dates;
        this.date1904 = date1904;
        try {
            this.reader = XMLHelper.newXMLInputFactory().createXMLStreamReader(xml);
        } catch (XMLStreamException e) {
            throw new WorkbookException("sheet " + sheetName + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The sheet's name. */
    public String sheetName() {
        return sheetName;
    }

    /**
     * The next row that stores at least one cell, or {@code null} after the last.
     *
     * @throws WorkbookException when the sheet's XML is broken or the zip entry is refused (a zip bomb)
     */
    public SheetRow next() throws WorkbookException {
        if (done) {
            return null;
        }
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT && "row".equals(reader.getLocalName())) {
                    SheetRow row = readRow();
                    if (!row.cells().isEmpty()) {
                        return row;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(reader.getLocalName())) {
                    break;
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            done = true;
            throw WorkbookException.whileReading("sheet " + sheetName + " near row " + Math.max(1, lastRow), e);
        }
        done = true;
        return null;
    }

    private SheetRow readRow() throws XMLStreamException, WorkbookException {
        long number = positive(reader.getAttributeValue(null, "r"));
        // A missing or out-of-order row number is taken as the next row, so numbers always increase.
        number = number > lastRow ? number : lastRow + 1;
        lastRow = number;
        List<SheetCell> cells = new ArrayList<>();
        int lastColumn = -1;
        boolean ordered = true;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(reader.getLocalName())) {
                String ref = reader.getAttributeValue(null, "r");
                int column = ref == null ? -1 : SheetCell.columnIndex(ref);
                column = column >= 0 ? column : lastColumn + 1;
                ordered &= column > lastColumn;
                lastColumn = column;
                SheetCell cell = readCell(column, number);
                if (cell != null) {
                    cells.add(cell);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(reader.getLocalName())) {
                break;
            }
        }
        if (!ordered) {
            cells.sort(Comparator.comparingInt(SheetCell::column));
        }
        return new SheetRow(number, List.copyOf(cells));
    }

    /** Reads a {@code <c>} element; {@code null} for a cell with a style but no value. */
    private SheetCell readCell(int column, long row) throws XMLStreamException, WorkbookException {
        String type = reader.getAttributeValue(null, "t");
        String style = reader.getAttributeValue(null, "s");
        String value = null;
        String inline = null;
        boolean formula = false;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (reader.getLocalName()) {
                    case "v":
                        value = reader.getElementText();
                        break;
                    case "f":
                        formula = true;
                        break;
                    case "is":
                        inline = readInlineString();
                        break;
                    default:
                        break;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "c".equals(reader.getLocalName())) {
                break;
            }
        }
        String t = type == null ? "n" : type;
        switch (t) {
            case "s":
                return new SheetCell(column, row, Kind.TEXT, sharedString(value, column, row), formula);
            case "inlineStr":
                return new SheetCell(column, row, Kind.TEXT, inline == null ? "" : inline, formula);
            case "str":
                return new SheetCell(column, row, Kind.TEXT, value == null ? "" : value, formula);
            case "b":
                if (value == null) {
                    return notComputed(column, row, formula);
                }
                return new SheetCell(column, row, Kind.BOOLEAN, "1".equals(value.strip()) || "true".equals(value.strip())
                        ? "TRUE" : "FALSE", formula);
            case "e":
                return new SheetCell(column, row, Kind.ERROR, value == null ? "#VALUE!" : value, formula);
            case "d":
                return isoDate(column, row, value, formula);
            default:
                return number(column, row, value, style, formula);
        }
    }

    private SheetCell number(int column, long row, String value, String style, boolean formula) {
        if (value == null || value.isBlank()) {
            return notComputed(column, row, formula);
        }
        BigDecimal number;
        try {
            number = ExcelValues.decimal(value);
        } catch (NumberFormatException e) {
            // Not a number although typed as one: keep the text, the reader of the value will refuse it.
            return new SheetCell(column, row, Kind.TEXT, value, formula);
        }
        if (style != null && dates.isDate(positiveInt(style))) {
            LocalDate day = ExcelValues.date(number, date1904);
            if (day != null) {
                return new SheetCell(column, row, Kind.DATE, day.toString(), formula);
            }
        }
        return new SheetCell(column, row, Kind.NUMBER, number.toPlainString(), formula);
    }

    private static SheetCell isoDate(int column, long row, String value, boolean formula) {
        if (value == null || value.isBlank()) {
            return notComputed(column, row, formula);
        }
        String day = value.strip();
        if (day.length() >= 10) {
            try {
                return new SheetCell(column, row, Kind.DATE, LocalDate.parse(day.substring(0, 10)).toString(), formula);
            } catch (DateTimeParseException e) {
                // kept as text below
            }
        }
        return new SheetCell(column, row, Kind.TEXT, day, formula);
    }

    private static SheetCell notComputed(int column, long row, boolean formula) {
        return formula ? new SheetCell(column, row, Kind.NOT_COMPUTED, "", true) : null;
    }

    private String sharedString(String index, int column, long row) throws WorkbookException {
        int i = index == null ? -1 : positiveInt(index);
        if (i < 0 || strings == null || i >= strings.getCount()) {
            throw new WorkbookException("sheet " + sheetName + " cell " + SheetCell.columnName(column) + row
                    + " refers to a text that the workbook does not hold: the file is damaged");
        }
        return strings.getItemAt(i).getString();
    }

    /** The text of an inline string, without its phonetic (ruby) runs. */
    private String readInlineString() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (reader.hasNext() && depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = reader.getLocalName();
                if ("rPh".equals(name)) {
                    skipElement();
                } else if ("t".equals(name)) {
                    text.append(reader.getElementText());
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return text.toString();
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (reader.hasNext() && depth > 0) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static long positive(String text) {
        if (text == null || text.isEmpty() || text.length() > 9) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int positiveInt(String text) {
        return (int) positive(text);
    }

    @Override
    public void close() throws IOException {
        done = true;
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // closing the parser only releases it; the stream is closed below
        }
        xml.close();
    }
}
