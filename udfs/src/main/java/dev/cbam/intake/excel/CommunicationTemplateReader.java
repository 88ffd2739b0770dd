package dev.cbam.intake.excel;

import dev.cbam.intake.excel.SheetCell.Kind;
import dev.cbam.reference.CnCode;
import dev.cbam.reference.CnScope;
import dev.cbam.reference.Country;
import dev.cbam.reference.CountryTable;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one filled CBAM Communication Template — the Commission's workbook in which an installation's operator
 * communicates the specific embedded emissions of its goods to importers — into a
 * {@link CommunicatedInstallation}, or into the list of everything wrong with it.
 *
 * <p>It reads the sheet made for that communication, {@code Summary_Communication}: the installation details
 * (section 1: name G12, country code G16, UN/LOCODE G17, reporting period G20:G21) and the product table
 * (section 2, rows 26 to 125: CN code F, SEE direct I, SEE indirect J, share of default values M, source of
 * the electricity emission factor N). These cells are formulas over the sheets the operator fills; their
 * results, as Excel saved them, are what is read. Before reading, the labels next to those cells are checked,
 * so a workbook whose layout was changed is refused rather than read from the wrong cells.
 *
 * <p>A workbook with any problem yields no installation: nothing is half-imported. Problems name the file,
 * sheet and cell.
 */
public final class CommunicationTemplateReader {

    static final String SUMMARY = "Summary_Communication";
    static final String VERSION_SHEET = "VersionDocumentation";
    static final int FIRST_PRODUCT_ROW = 26;
    static final int LAST_PRODUCT_ROW = 125;
    /** A specific embedded emission above this many tCO2e per tonne is a unit error (as in the installations CSV). */
    static final BigDecimal MAX_SEE = BigDecimal.valueOf(1000);

    private static final Pattern UNLOCODE = Pattern.compile("[A-Z]{2}[A-Z2-9]{3}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final int COL_D = 3;
    private static final int COL_O = 14;

    /** The labels checked before reading, by cell, in every supported version (how each label begins). */
    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("D12", "Name of the installation (English name)");
        LABELS.put("D16", "Country");
        LABELS.put("D17", "UNLOCODE");
        LABELS.put("D20", "Reporting period start");
        LABELS.put("D21", "Reporting period end");
        LABELS.put("D25", "Production process");
        LABELS.put("F25", "CN Code");
        LABELS.put("H25", "Product name");
        LABELS.put("I25", "SEE (direct)");
        LABELS.put("J25", "SEE (indirect)");
        LABELS.put("M25", "Share of emissions by default value");
        LABELS.put("N25", "Source for electricity EF");
    }

    private final CountryTable countries;
    private final CnScope scope;

    /**
     * @param scope the CBAM goods, to refuse CN codes outside Annex I; {@code null} checks only that a code has
     *     eight digits
     */
    public CommunicationTemplateReader(CountryTable countries, CnScope scope) {
        this.countries = countries;
        this.scope = scope;
    }

    /** The result of reading one template: the installation, or {@code null} and the problems. */
    public record Reading(String file, CommunicatedInstallation installation, List<TemplateProblem> problems) {
        public Reading {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return installation != null;
        }
    }

    /** Reads a template file. */
    public Reading read(Path file, String shownAs) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(shownAs, in);
        }
    }

    /**
     * Reads a template from a stream.
     *
     * @throws IOException only when the stream itself fails; whatever is wrong with the content is a problem
     *     of the result
     */
    public Reading read(String fileName, InputStream in) throws IOException {
        List<TemplateProblem> problems = new ArrayList<>();
        try (WorkbookFile workbook = WorkbookFile.open(in)) {
            CommunicatedInstallation installation = read(fileName, workbook, problems);
            return new Reading(fileName, problems.isEmpty() ? installation : null, problems);
        } catch (WorkbookException e) {
            problems.add(new TemplateProblem(fileName, null, null, e.getMessage()));
            return new Reading(fileName, null, problems);
        }
    }

    private CommunicatedInstallation read(String file, WorkbookFile workbook, List<TemplateProblem> problems)
            throws WorkbookException {
        if (!workbook.sheetNames().contains(SUMMARY)) {
            problems.add(new TemplateProblem(file, null, null, "not a CBAM Communication Template: it has no sheet "
                    + SUMMARY + " (sheets: " + shortList(workbook.sheetNames()) + ")"));
            return null;
        }
        TemplateVersion version = version(file, workbook, problems);
        if (version == null) {
            return null;
        }
        Map<String, SheetCell> cells = cells(workbook, SUMMARY, LAST_PRODUCT_ROW);
        Cells summary = new Cells(file, SUMMARY, cells, problems);
        if (notComputed(cells.get("D12")) || notComputed(cells.get("G12"))) {
            summary.problem("G12", "the workbook was saved without the results of its formulas: open it in Excel "
                    + "and save it again");
            return null;
        }
        if (!checkLabels(summary, version)) {
            return null;
        }

        String name = summary.text("G12");
        if (name.isEmpty()) {
            summary.problem("G12", "the installation's name is empty");
        }
        String country = null;
        String countryText = summary.text("G16");
        if (countryText.isEmpty()) {
            summary.problem("G16", "the installation's country is empty");
        } else {
            Country c = countries.byCode(countryText);
            if (c == null) {
                summary.problem("G16", "country '" + countryText + "' is not an ISO 3166-1 alpha-2 code");
            } else if (c.status() == Country.Status.EU_MEMBER_STATE) {
                summary.problem("G16", "the installation is in " + c.code() + ", an EU Member State: its goods are not CBAM imports");
            } else if (c.status() == Country.Status.OUTSIDE_CBAM) {
                summary.problem("G16", "the installation is in " + c.code() + " (" + c.name() + "), outside CBAM under Annex III");
            } else {
                country = c.code();
            }
        }
        String unlocode = CommunicatedInstallation.normaliseUnlocode(summary.text("G17"));
        if (unlocode.isEmpty()) {
            summary.problem("G17", "the UN/LOCODE is empty (it is mandatory in the template)");
        } else if (!UNLOCODE.matcher(unlocode).matches()) {
            summary.problem("G17", "UN/LOCODE '" + summary.text("G17") + "' is not a five-character UN/LOCODE such as CN SHA");
        } else if (country != null && !unlocode.startsWith(country)) {
            summary.problem("G17", "UN/LOCODE " + unlocode + " is not in the installation's country " + country);
        }
        String installationId = null;
        if (!name.isEmpty() && UNLOCODE.matcher(unlocode).matches()) {
            installationId = CommunicatedInstallation.idOf(unlocode, name);
            if (installationId == null) {
                summary.problem("G12", "the installation's name '" + name + "' has no Latin letters or digits: "
                        + "the template asks for the English name");
            }
        }
        LocalDate start = summary.date("G20", "reporting period start");
        LocalDate end = summary.date("G21", "reporting period end");
        if (start != null && end != null && end.isBefore(start)) {
            summary.problem("G21", "the reporting period ends (" + end + ") before it starts (" + start + ")");
        }

        int problemsBefore = summary.problemCount();
        List<CommunicatedProduct> products = products(summary, cells);
        if (products.isEmpty() && summary.problemCount() == problemsBefore) {
            problems.add(new TemplateProblem(file, SUMMARY, "F" + FIRST_PRODUCT_ROW + ":F" + LAST_PRODUCT_ROW,
                    "the product table is empty: the template communicates no product"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new CommunicatedInstallation(file, version, installationId, name, country, unlocode, start, end, products);
    }

    /** Finds the template's version in {@code VersionDocumentation!B2:B3}; refuses one this reader does not know. */
    private static TemplateVersion version(String file, WorkbookFile workbook, List<TemplateProblem> problems)
            throws WorkbookException {
        if (!workbook.sheetNames().contains(VERSION_SHEET)) {
            problems.add(new TemplateProblem(file, null, null, "cannot tell the template's version: it has no sheet "
                    + VERSION_SHEET + " (was it copied into another workbook? send the original template file)"));
            return null;
        }
        Cells doc = new Cells(file, VERSION_SHEET, cells(workbook, VERSION_SHEET, 5), problems);
        String type = doc.text("B2");
        if (!type.toLowerCase(Locale.ROOT).startsWith("cbam communication see")
                && !type.toLowerCase(Locale.ROOT).startsWith("cbam installation communication see")) {
            doc.problem("B2", "not a CBAM Communication Template: the template type is '" + type + "'");
            return null;
        }
        SheetCell dateCell = doc.cell("B3");
        LocalDate date = null;
        if (dateCell != null && dateCell.kind() == Kind.DATE) {
            date = LocalDate.parse(dateCell.text());
        } else if (dateCell != null && dateCell.kind() == Kind.NUMBER) {
            date = ExcelValues.date(new BigDecimal(dateCell.text()), workbook.date1904());
        }
        if (date == null) {
            doc.problem("B3", "cannot tell the template's version: the version date is '"
                    + (dateCell == null ? "" : dateCell.text()) + "'");
            return null;
        }
        TemplateVersion version = TemplateVersion.ofDate(date);
        if (version == null) {
            String older = TemplateVersion.olderVersion(date);
            doc.problem("B3", "template version " + (older == null ? "of " + date : older + " (" + date + ")")
                    + " is not supported; supported: " + supported() + ". Ask the operator for the current template");
        }
        return version;
    }

    private static String supported() {
        StringBuilder s = new StringBuilder();
        for (TemplateVersion v : TemplateVersion.values()) {
            s.append(s.length() == 0 ? "" : ", ").append(v.label());
        }
        return s.toString();
    }

    private static boolean checkLabels(Cells summary, TemplateVersion version) {
        boolean ok = true;
        Map<String, String> expected = new LinkedHashMap<>(LABELS);
        expected.put("P25", version.columnPHeader());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String label = summary.text(e.getKey());
            if (!normaliseLabel(label).startsWith(normaliseLabel(e.getValue()))) {
                summary.problem(e.getKey(), "reads '" + label + "' where version " + version.label() + " of the template has '"
                        + e.getValue() + "': the sheet's layout was changed, so its values cannot be located");
                ok = false;
            }
        }
        return ok;
    }

    private static String normaliseLabel(String label) {
        return label.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private List<CommunicatedProduct> products(Cells summary, Map<String, SheetCell> cells) {
        List<CommunicatedProduct> products = new ArrayList<>();
        Map<String, CommunicatedProduct> byCn = new HashMap<>();
        for (int row = FIRST_PRODUCT_ROW; row <= LAST_PRODUCT_ROW; row++) {
            if (isEmptyLine(cells, row)) {
                continue;
            }
            int before = summary.problemCount();
            String cnText = summary.text("F" + row);
            String cn = null;
            if (cnText.isEmpty()) {
                summary.problem("F" + row, "product line " + (row - FIRST_PRODUCT_ROW + 1) + " has no CN code");
            } else {
                cn = CnCode.normalise(cnText);
                if (cn == null) {
                    summary.problem("F" + row, "CN code '" + cnText + "' is not an eight-digit CN code");
                } else if (scope != null && scope.sectorOf(cn) == null) {
                    summary.problem("F" + row, "CN " + cn + " is not a CBAM good (Annex I of Regulation (EU) 2023/956)");
                }
            }
            BigDecimal direct = summary.see("I" + row, "SEE (direct)", true);
            BigDecimal indirect = summary.see("J" + row, "SEE (indirect)", false);
            BigDecimal share = summary.share("M" + row);
            if (summary.problemCount() > before) {
                continue;
            }
            CommunicatedProduct product = new CommunicatedProduct(row, cn, summary.text("H" + row), direct, indirect,
                    share, summary.text("N" + row));
            CommunicatedProduct same = byCn.putIfAbsent(cn, product);
            if (same == null) {
                products.add(product);
            } else if (!equal(same.seeDirect(), direct) || !equal(same.seeIndirect(), indirect)) {
                summary.problem("F" + row, "CN " + cn + " is also on row " + same.row() + " with other SEE values: an "
                        + "installation can have one value per CN code and period");
            }
            // The same code twice with the same values (two product names) is one value: read once.
        }
        return products;
    }

    private static boolean equal(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static boolean notComputed(SheetCell cell) {
        return cell != null && cell.kind() == Kind.NOT_COMPUTED;
    }

    private static boolean isEmptyLine(Map<String, SheetCell> cells, int row) {
        for (int column = COL_D; column <= COL_O; column++) {
            SheetCell cell = cells.get(SheetCell.columnName(column) + row);
            if (cell != null && !cell.isBlank() && cell.kind() != Kind.NOT_COMPUTED) {
                return false;
            }
        }
        return true;
    }

    /** The cells of a sheet's first rows, by reference. */
    private static Map<String, SheetCell> cells(WorkbookFile workbook, String sheet, int lastRow)
            throws WorkbookException {
        Map<String, SheetCell> cells = new HashMap<>();
        try (SheetReader reader = workbook.sheet(sheet)) {
            SheetRow row;
            while ((row = reader.next()) != null && row.number() <= lastRow) {
                for (SheetCell cell : row.cells()) {
                    cells.put(cell.reference(), cell);
                }
            }
        } catch (WorkbookException e) {
            throw e;
        } catch (IOException e) {
            throw WorkbookException.whileReading("sheet " + sheet, e);
        }
        return cells;
    }

    private static String shortList(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", ...";
    }

    /** The cells of one sheet, with the checks that turn a cell into a value or a problem naming it. */
    private static final class Cells {
        private final String file;
        private final String sheet;
        private final Map<String, SheetCell> cells;
        private final List<TemplateProblem> problems;

        Cells(String file, String sheet, Map<String, SheetCell> cells, List<TemplateProblem> problems) {
            this.file = file;
            this.sheet = sheet;
            this.cells = cells;
            this.problems = problems;
        }

        SheetCell cell(String ref) {
            return cells.get(ref);
        }

        void problem(String ref, String message) {
            problems.add(new TemplateProblem(file, sheet, ref, message));
        }

        int problemCount() {
            return problems.size();
        }

        /** The cell's text, stripped; {@code ""} for an empty cell. */
        String text(String ref) {
            SheetCell cell = cells.get(ref);
            return cell == null ? "" : cell.text().replaceAll("[\\r\\n]+", " ").strip();
        }

        LocalDate date(String ref, String what) {
            SheetCell cell = cells.get(ref);
            if (cell == null || cell.isBlank()) {
                problem(ref, "the " + what + " is empty");
                return null;
            }
            if (cell.kind() == Kind.DATE) {
                return LocalDate.parse(cell.text());
            }
            if (cell.kind() == Kind.TEXT) {
                try {
                    return LocalDate.parse(cell.text().strip());
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            problem(ref, "the " + what + " '" + cell.text() + "' is not a date");
            return null;
        }

        /** A specific embedded emission: a non-negative number of at most {@link #MAX_SEE}. */
        BigDecimal see(String ref, String what, boolean required) {
            BigDecimal value = number(ref, what, required);
            if (value == null) {
                return null;
            }
            if (value.signum() < 0) {
                problem(ref, what + " " + value.toPlainString() + " is negative");
                return null;
            }
            if (value.compareTo(MAX_SEE) > 0) {
                problem(ref, what + " " + value.toPlainString() + " tCO2e/t is implausibly large");
                return null;
            }
            return value;
        }

        BigDecimal share(String ref) {
            BigDecimal value = number(ref, "share of emissions by default value", false);
            if (value != null && (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0)) {
                problem(ref, "share of emissions by default value " + value.toPlainString() + " is not between 0 and 100 %");
                return null;
            }
            return value;
        }

        private BigDecimal number(String ref, String what, boolean required) {
            SheetCell cell = cells.get(ref);
            if (notComputed(cell)) {
                problem(ref, what + " is a formula whose result was never saved (open the workbook in Excel and save it)");
                return null;
            }
            if (cell == null || cell.isBlank()) {
                if (required) {
                    problem(ref, what + " is empty");
                }
                return null;
            }
            switch (cell.kind()) {
                case NUMBER:
                    return new BigDecimal(cell.text());
                case ERROR:
                    problem(ref, what + " shows the error " + cell.text());
                    return null;
                case TEXT:
                    String t = cell.text().strip();
                    // A number typed as text is read when it is a plain decimal; anything else is not guessed at.
                    if (PLAIN_DECIMAL.matcher(t).matches()) {
                        return ExcelValues.decimal(t);
                    }
                    problem(ref, what + " '" + t + "' is not a number");
                    return null;
                default:
                    problem(ref, what + " '" + cell.text() + "' is not a number");
                    return null;
            }
        }
    }
}
