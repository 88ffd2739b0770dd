package dev.cbam.intake.excel;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STCellType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the Commission's empty Communication Template ({@code datasets/official/communication_template.xlsx},
 * version 2.1.1) the way an operator's Excel would leave it.
 *
 * <p>The operator types into the input cells: the reporting period and the installation's details in
 * {@code A_InstData}, each product's production process, CN code and name in {@code Summary_Products}. Excel
 * then recalculates and saves every formula's result with the formula. POI cannot recalculate this template
 * (its formulas use {@code CELL("filename")}, {@code INDIRECT} across sheets and the emission attribution of
 * sheets B to E), so this fixture plays Excel for the chain of cells from those inputs to
 * {@code Summary_Communication}: it keeps each formula and writes the result Excel would save, numbers as
 * Excel writes them (17 significant digits of the double: a typed 0.915 is stored {@code 0.91500000000000004}).
 *
 * <p>{@link #asVersion21} makes a version 2.1 workbook from a filled 2.1.1 one by undoing what the version
 * history says 2.1.1 changed (the electricity EF column P of {@code Summary_Communication}) and by dating the
 * version 2024-06-05, as 2.1's {@code VersionDocumentation} does. The repository has only the 2.1.1 template.
 */
final class TemplateFiller {

    static final Path EMPTY_TEMPLATE = Path.of("..", "datasets", "official", "communication_template.xlsx");
    private static byte[] empty;

    private String name = "Baoshan Iron & Steel Co., Ltd.";
    private String street = "885 Fujin Road";
    private String city = "Shanghai";
    private String countryName = "China";
    private String countryCode = "CN";
    private String unlocode = "CN SHA";
    private LocalDate start = LocalDate.of(2026, 1, 1);
    private LocalDate end = LocalDate.of(2026, 12, 31);
    private final List<Product> products = new ArrayList<>();
    private final List<Consumer<XSSFWorkbook>> edits = new ArrayList<>();

    /** One line of the product table; {@code seeDirect} etc. as the operator's figures (strings, exact). */
    record Product(String process, String goodType, String cn, String name, String seeDirect, String seeIndirect,
            String defaultShare, String electricitySource, String embeddedElectricity) {}

    static synchronized byte[] emptyTemplate() {
        if (empty == null) {
            try {
                empty = Files.readAllBytes(EMPTY_TEMPLATE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return empty;
    }

    TemplateFiller installation(String name, String countryName, String countryCode, String unlocode) {
        this.name = name;
        this.countryName = countryName;
        this.countryCode = countryCode;
        this.unlocode = unlocode;
        return this;
    }

    TemplateFiller city(String city) {
        this.city = city;
        return this;
    }

    TemplateFiller period(LocalDate start, LocalDate end) {
        this.start = start;
        this.end = end;
        return this;
    }

    TemplateFiller product(String process, String goodType, String cn, String name, String seeDirect,
            String seeIndirect, String defaultShare, String electricitySource, String embeddedElectricity) {
        products.add(new Product(process, goodType, cn, name, seeDirect, seeIndirect, defaultShare, electricitySource,
                embeddedElectricity));
        return this;
    }

    /** Something more to do to the filled workbook before it is saved (a hostile change). */
    TemplateFiller edit(Consumer<XSSFWorkbook> edit) {
        edits.add(edit);
        return this;
    }

    byte[] bytes() {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(emptyTemplate()))) {
            fillInstallation(wb);
            for (int i = 0; i < products.size(); i++) {
                fillProduct(wb, i, products.get(i));
            }
            for (Consumer<XSSFWorkbook> edit : edits) {
                edit.accept(wb);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private void fillInstallation(XSSFWorkbook wb) {
        // What the operator types (A_InstData, sections 1 and 2).
        XSSFSheet inst = wb.getSheet("A_InstData");
        input(inst, "I9", start);
        input(inst, "L9", end);
        input(inst, "I20", name);
        input(inst, "I21", street);
        input(inst, "I25", city);
        input(inst, "I26", countryName);
        input(inst, "I27", unlocode);
        // What Excel computes from it, along the formulas' chain.
        computed(inst, "S26", countryCode);
        XSSFSheet contents = wb.getSheet("a_Contents");
        computed(contents, "H63", name);
        computed(contents, "I64", start);
        computed(contents, "K64", end);
        XSSFSheet processes = wb.getSheet("Summary_Processes");
        computed(processes, "G10", name);
        computed(processes, "G11", street);
        computed(processes, "G13", city);
        computed(processes, "G14", countryName);
        computed(processes, "G15", unlocode);
        computed(processes, "L10", start);
        computed(processes, "L11", end);
        XSSFSheet summary = wb.getSheet("Summary_Communication");
        computed(summary, "G12", name);
        computed(summary, "G13", street);
        computed(summary, "G15", city); // the template labels this cell "Country:" but fills it with the city
        computed(summary, "G16", countryCode);
        computed(summary, "G17", unlocode);
        computed(summary, "G20", start);
        computed(summary, "G21", end);
    }

    private static void fillProduct(XSSFWorkbook wb, int index, Product p) {
        XSSFSheet products = wb.getSheet("Summary_Products");
        int r = 10 + index;
        input(products, "D" + r, p.process());
        input(products, "F" + r, p.cn());
        input(products, "H" + r, p.name());
        computed(products, "E" + r, p.goodType());
        computed(products, "I" + r, excelNumber(p.seeDirect()));
        computed(products, "J" + r, excelNumber(p.seeIndirect()));
        computed(products, "K" + r, excelNumber(sum(p.seeDirect(), p.seeIndirect())));
        computed(products, "L" + r, "27160000".equals(p.cn()) ? "tCO2e/MWh" : "tCO2e/t");
        computed(products, "M" + r, excelNumber(p.defaultShare()));
        computed(products, "N" + r, p.electricitySource());
        computed(products, "O" + r, excelNumber(p.embeddedElectricity()));

        XSSFSheet summary = wb.getSheet("Summary_Communication");
        int s = 26 + index;
        computed(summary, "D" + s, p.process());
        computed(summary, "E" + s, p.goodType());
        computed(summary, "F" + s, p.cn());
        computed(summary, "H" + s, p.name());
        computed(summary, "I" + s, excelNumber(p.seeDirect()));
        computed(summary, "J" + s, excelNumber(p.seeIndirect()));
        computed(summary, "K" + s, excelNumber(sum(p.seeDirect(), p.seeIndirect())));
        computed(summary, "L" + s, "27160000".equals(p.cn()) ? "tCO2e/MWh" : "tCO2e/t");
        computed(summary, "M" + s, excelNumber(p.defaultShare()));
        computed(summary, "N" + s, p.electricitySource());
        computed(summary, "O" + s, excelNumber(p.embeddedElectricity()));
    }

    /**
     * The same filled template in version 2.1, made by undoing what the version history says 2.1.1 changed:
     * Summary_Communication had no column P ("Electricity EF"), the later columns were one to the left; and by
     * dating the version 2024-06-05 in VersionDocumentation!B3 and ending the history (0_Versions) at 2.1. Done
     * on the saved XML: POI's {@code shiftColumns} re-parses every formula of the workbook, which takes minutes on
     * this template, while the formulas of the moved cells refer to other sheets and stay as they are.
     */
    static byte[] asVersion21(byte[] filled) {
        byte[] v = Templates.editEntry(filled, Templates.sheetPart(filled, "Summary_Communication"),
                TemplateFiller::withoutColumnP);
        v = Templates.editEntry(v, Templates.sheetPart(v, "VersionDocumentation"), xml -> xml
                .replaceFirst("(<c r=\"B3\"[^>]*>)<v>45639</v>", "$1<v>45448</v>")
                .replaceAll("<c r=\"[ABC]20\"[^>]*?(/>|>.*?</c>)", ""));
        return Templates.editEntry(v, Templates.sheetPart(v, "0_Versions"),
                xml -> xml.replaceAll("<c r=\"[EFG]38\"[^>]*?(/>|>.*?</c>)", ""));
    }

    private static final int COLUMN_P = 15;
    private static final Pattern CELL = Pattern.compile("<c r=\"([A-Z]+)(\\d+)\"([^>]*?)(/>|>.*?</c>)", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("(<(?:f|mergeCell)\\b[^>]*?\\bref=\")([A-Z]+)(\\d+)(?::([A-Z]+)(\\d+))?\"");

    /** Removes column P, moving the columns right of it one to the left (cells, shared-formula and merged ranges). */
    static String withoutColumnP(String xml) {
        Matcher cells = CELL.matcher(xml);
        StringBuilder out = new StringBuilder(xml.length());
        while (cells.find()) {
            int column = SheetCell.columnIndex(cells.group(1));
            String replacement;
            if (column == COLUMN_P) {
                replacement = "";
            } else if (column > COLUMN_P) {
                replacement = "<c r=\"" + SheetCell.columnName(column - 1) + cells.group(2) + "\"" + cells.group(3)
                        + cells.group(4);
            } else {
                replacement = cells.group();
            }
            cells.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        cells.appendTail(out);
        Matcher ranges = RANGE.matcher(out.toString());
        StringBuilder shifted = new StringBuilder(out.length());
        while (ranges.find()) {
            String replacement = ranges.group(1) + shift(ranges.group(2)) + ranges.group(3)
                    + (ranges.group(4) == null ? "" : ":" + shift(ranges.group(4)) + ranges.group(5)) + "\"";
            ranges.appendReplacement(shifted, Matcher.quoteReplacement(replacement));
        }
        ranges.appendTail(shifted);
        return shifted.toString();
    }

    private static String shift(String columnLetters) {
        int column = SheetCell.columnIndex(columnLetters);
        return SheetCell.columnName(column > COLUMN_P ? column - 1 : column);
    }

    /** Sets the version date of VersionDocumentation!B3 (an Excel date serial). */
    static Consumer<XSSFWorkbook> versionSerial(int serial) {
        return wb -> wb.getSheet("VersionDocumentation").getRow(2).getCell(1).setCellValue(serial);
    }

    /** Overwrites a cell of Summary_Communication with text, as an operator typing over a formula would. */
    static Consumer<XSSFWorkbook> typedOver(String ref, String text) {
        return wb -> {
            XSSFCell cell = cellAt(wb.getSheet("Summary_Communication"), ref);
            cell.removeFormula();
            cell.setCellValue(text);
        };
    }

    private static String sum(String a, String b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        try {
            return new BigDecimal(a).add(new BigDecimal(b)).toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number as Excel writes it into the file: the double's 17 significant digits. */
    static Object excelNumber(String value) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            return new StoredNumber(new BigDecimal(d).round(new MathContext(17)).toString());
        } catch (NumberFormatException e) {
            return value; // text where a number belongs: a hostile template
        }
    }

    record StoredNumber(String xml) {}

    private static void input(Sheet sheet, String ref, Object value) {
        set(cellAt((XSSFSheet) sheet, ref), value);
    }

    private static void computed(XSSFSheet sheet, String ref, Object value) {
        XSSFCell cell = cellAt(sheet, ref);
        set(cell, value);
    }

    private static void set(XSSFCell cell, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof StoredNumber) {
            // Keeps a formula, as Excel does, and stores the value's text exactly as given.
            cell.getCTCell().setT(STCellType.N);
            cell.getCTCell().setV(((StoredNumber) value).xml());
        } else if (value instanceof LocalDate) {
            cell.setCellValue((LocalDate) value);
        } else {
            cell.setCellValue(value.toString());
        }
    }

    static XSSFCell cellAt(XSSFSheet sheet, String ref) {
        org.apache.poi.ss.util.CellReference r = new org.apache.poi.ss.util.CellReference(ref);
        Row row = sheet.getRow(r.getRow());
        if (row == null) {
            row = sheet.createRow(r.getRow());
        }
        Cell cell = row.getCell(r.getCol());
        if (cell == null) {
            cell = row.createCell(r.getCol());
        }
        return (XSSFCell) cell;
    }
}
