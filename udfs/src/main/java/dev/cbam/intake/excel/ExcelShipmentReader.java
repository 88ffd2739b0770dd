package dev.cbam.intake.excel;

import dev.cbam.intake.ShipmentColumn;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRow.RowFormat;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentRowSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a shipment file that is an Excel workbook (.xlsx) into the same {@link ShipmentRow}s a CSV file gives,
 * so that {@code ShipmentValidator} checks both alike: each sheet row becomes a CSV line (RFC 4180 quoting)
 * under the sheet's header row, and rejects name the sheet ({@code shipments.xlsx[Shipments]}) and the Excel
 * row number.
 *
 * <ul>
 *   <li>The sheet read is the first whose name contains "shipment" (any case), else the first visible sheet.
 *   <li>The header row is the first row (of the first {@value #HEADER_SEARCH_ROWS} non-blank ones) that names
 *       at least two contract columns or their aliases; title rows above it are not part of the table. When
 *       no row does, the first non-blank row is the header and the validator rejects the rows as
 *       {@code BAD_HEADER}, as for a CSV file.
 *   <li>Numbers are written as exact decimals ({@code 12450.1}, never {@code 1.24501E4}), date-formatted
 *       numbers as {@code YYYY-MM-DD}, text as it is (the validator parses it as it would a CSV field),
 *       formulas by their saved results. Columns to the right of the header are not read, like a CSV column
 *       without a name.
 *   <li>Blank rows are skipped. The sheet is streamed: memory does not grow with the number of rows.
 * </ul>
 *
 * <p>A file that cannot be read as a workbook (encrypted, damaged, a renamed CSV, a zip bomb) becomes one row
 * with a {@link ShipmentRow#defect()} naming the problem, which the validator rejects as
 * {@code MALFORMED_ROW}: the problem is reported with the run's rejects instead of stopping the job.
 */
public final class ExcelShipmentReader implements ShipmentRowSource {

    static final int HEADER_SEARCH_ROWS = 100;
    private static final int MIN_HEADER_NAMES = 2;
    private static final Set<String> CONTRACT_NAMES = new HashSet<>();

    static {
        for (ShipmentColumn column : ShipmentColumn.values()) {
            CONTRACT_NAMES.addAll(column.names());
        }
    }

    private final String fileName;
    private WorkbookFile workbook;
    private SheetReader sheet;
    private String sourceFile;
    private String problem;
    private String header;
    private int width;
    private final Deque<SheetRow> pending = new ArrayDeque<>();
    private long lastLine;
    private boolean finished;

    /**
     * Opens the workbook. A workbook that cannot be read does not throw: its problem becomes the one row this
     * reader returns.
     *
     * @param fileName the file's name as shown in rows and rejects
     * @throws IOException only when the stream itself fails (not for what it contains)
     */
    public ExcelShipmentReader(String fileName, InputStream in) throws IOException {
        this.fileName = fileName;
        this.sourceFile = fileName;
        try {
            workbook = WorkbookFile.open(in);
            String sheetName = chooseSheet(workbook);
            sourceFile = fileName + "[" + sheetName + "]";
            sheet = workbook.sheet(sheetName);
        } catch (WorkbookException e) {
            problem = e.getMessage();
        }
    }

    /**
     * True when a shipment file is to be read as a workbook rather than as text: see
     * {@link WorkbookFile#isWorkbook}.
     */
    public static boolean isWorkbook(String fileName, InputStream markable) throws IOException {
        return WorkbookFile.isWorkbook(fileName, markable);
    }

    /** The first sheet whose name contains "shipment", else the first visible sheet. */
    static String chooseSheet(WorkbookFile workbook) {
        for (String name : workbook.sheetNames()) {
            if (name.toLowerCase(Locale.ROOT).contains("shipment")) {
                return name;
            }
        }
        for (String name : workbook.sheetNames()) {
            if (!workbook.isHidden(name)) {
                return name;
            }
        }
        return workbook.sheetNames().get(0);
    }

    /** The CSV header line made of the sheet's header row, once found. */
    public String header() {
        return header;
    }

    @Override
    public ShipmentRow next() throws IOException {
        if (finished) {
            return null;
        }
        if (problem != null) {
            finished = true;
            return defect(1, "", "cannot read " + fileName + ": " + problem);
        }
        try {
            if (header == null && !findHeader()) {
                finished = true;
                return null;
            }
            while (true) {
                SheetRow row = pending.isEmpty() ? sheet.next() : pending.poll();
                if (row == null) {
                    finished = true;
                    return null;
                }
                if (isBlank(row)) {
                    continue;
                }
                lastLine = row.number();
                return render(row);
            }
        } catch (WorkbookException e) {
            finished = true;
            return defect(lastLine + 1, "", e.getMessage());
        }
    }

    private boolean findHeader() throws WorkbookException {
        Deque<SheetRow> seen = new ArrayDeque<>();
        while (seen.size() < HEADER_SEARCH_ROWS) {
            SheetRow row = sheet.next();
            if (row == null) {
                break;
            }
            if (row.isBlank()) {
                continue;
            }
            if (contractNames(row) >= MIN_HEADER_NAMES) {
                useAsHeader(row);
                return true;
            }
            seen.add(row);
        }
        if (seen.isEmpty()) {
            return false;
        }
        // No row names the contract's columns: the first row is taken as the header, and it is a row of the
        // file as well, so that it too is rejected (BAD_HEADER) instead of vanishing.
        SheetRow first = seen.poll();
        useAsHeader(first);
        pending.add(first);
        pending.addAll(seen);
        return true;
    }

    private void useAsHeader(SheetRow row) {
        width = 0;
        for (SheetCell cell : row.cells()) {
            if (!cell.isBlank()) {
                width = cell.column() + 1;
            }
        }
        String[] names = new String[width];
        Arrays.fill(names, "");
        for (SheetCell cell : row.cells()) {
            if (cell.column() < width) {
                names[cell.column()] = cell.text().strip();
            }
        }
        header = csvLine(names);
        lastLine = row.number();
    }

    private static int contractNames(SheetRow row) {
        int count = 0;
        for (SheetCell cell : row.cells()) {
            if (cell.kind() == SheetCell.Kind.TEXT && CONTRACT_NAMES.contains(ShipmentColumn.normaliseName(cell.text()))) {
                count++;
            }
        }
        return count;
    }

    private boolean isBlank(SheetRow row) {
        for (SheetCell cell : row.cells()) {
            if (cell.column() >= width) {
                break;
            }
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private ShipmentRow render(SheetRow row) {
        String[] fields = new String[width];
        Arrays.fill(fields, "");
        String notComputed = null;
        for (SheetCell cell : row.cells()) {
            if (cell.column() >= width) {
                break;
            }
            fields[cell.column()] = cell.text();
            if (cell.kind() == SheetCell.Kind.NOT_COMPUTED && notComputed == null) {
                notComputed = cell.reference();
            }
        }
        String text = csvLine(fields);
        if (text.length() > ShipmentRowReader.MAX_ROW_CHARS) {
            return defect(row.number(), text.substring(0, ShipmentRowReader.MAX_ROW_CHARS),
                    "row longer than " + ShipmentRowReader.MAX_ROW_CHARS + " characters");
        }
        if (notComputed != null) {
            return defect(row.number(), text, "cell " + notComputed + " holds a formula whose result was never saved "
                    + "(open the workbook in Excel and save it)");
        }
        return new ShipmentRow(sourceFile, row.number(), text, header, RowFormat.CSV, null);
    }

    private ShipmentRow defect(long line, String text, String message) {
        return new ShipmentRow(sourceFile, line, text, header, RowFormat.CSV, message);
    }

    /** One CSV record, fields quoted per RFC 4180 where they hold a delimiter, a quote or a line break. */
    static String csvLine(String[] fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String f = fields[i];
            if (needsQuotes(f)) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.toString();
    }

    private static boolean needsQuotes(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        try {
            if (sheet != null) {
                sheet.close();
            }
        } finally {
            if (workbook != null) {
                workbook.close();
            }
        }
    }
}
