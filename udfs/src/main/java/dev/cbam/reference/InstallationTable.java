package dev.cbam.reference;

import dev.cbam.intake.CsvFieldSplitter;
import dev.cbam.intake.excel.InstallationsImport;
import dev.cbam.intake.excel.WorkbookFile;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Actual emissions of the installations that produced the importer's goods, read from the installations
 * CSV ({@code installation_id, operator_name, country, cn_code, see_direct, see_indirect, verified,
 * valid_from, valid_to}; other columns are ignored) or straight from an operator's CBAM Communication
 * Template (.xlsx, see {@code dev.cbam.intake.excel.CommunicationTemplateReader}; its values count as
 * unverified). The file is the importer's own evidence: a defect in it stops the run with a list of the lines
 * at fault rather than letting a shipment silently fall back to default values.
 */
public final class InstallationTable {

    private static final int MAX_REPORTED_PROBLEMS = 20;
    private static final List<String> COLUMNS = List.of("installation_id", "operator_name", "country", "cn_code",
            "see_direct", "see_indirect", "verified", "valid_from", "valid_to");

    /** Rows by upper-case installation id. */
    private final Map<String, List<InstallationEmissions>> byInstallation;

    private InstallationTable(Map<String, List<InstallationEmissions>> byInstallation) {
        this.byInstallation = Collections.unmodifiableMap(byInstallation);
    }

    /** A table without installations: every shipment uses default values. */
    public static InstallationTable empty() {
        return new InstallationTable(Map.of());
    }

    /**
     * Reads an installations CSV (comma or semicolon separated, UTF-8) or a Communication Template (told by its
     * name ending in {@code .xlsx} or its first bytes), checking a template's CN codes for form only.
     *
     * @throws InstallationFileException listing the defective lines, or every problem of the template
     */
    public static InstallationTable read(String fileName, InputStream in, CountryTable countries) throws IOException {
        return read(fileName, in, countries, null);
    }

    /**
     * Reads an installations CSV or a Communication Template, refusing a template's CN codes outside CBAM.
     *
     * @param scope the CBAM goods, or {@code null} to check a template's CN codes for form only
     * @throws InstallationFileException listing the defective lines, or every problem of the template
     */
    public static InstallationTable read(String fileName, InputStream in, CountryTable countries, CnScope scope)
            throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        if (WorkbookFile.isWorkbook(fileName, buffered)) {
            List<InstallationEmissions> rows = InstallationsImport.readTemplate(fileName, buffered, countries, scope);
            List<String> problems = new ArrayList<>();
            Map<String, List<InstallationEmissions>> byInstallation = new HashMap<>();
            for (InstallationEmissions row : rows) {
                byInstallation.computeIfAbsent(row.installationId().toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(row);
            }
            return build(fileName, byInstallation, problems);
        }
        return readCsv(fileName, buffered, countries);
    }

    private static InstallationTable readCsv(String fileName, InputStream in, CountryTable countries) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        while (header != null && header.isBlank()) {
            header = reader.readLine();
        }
        if (header == null) {
            return empty();
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        CsvFieldSplitter splitter = new CsvFieldSplitter(CsvFieldSplitter.detectDelimiter(header));
        String[] names = splitter.split(header);
        int[] index = new int[COLUMNS.size()];
        List<String> problems = new ArrayList<>();
        List<String> normalised = new ArrayList<>();
        for (String name : names == null ? new String[0] : names) {
            normalised.add(name.strip().toLowerCase(Locale.ROOT).replace(' ', '_'));
        }
        for (int i = 0; i < COLUMNS.size(); i++) {
            index[i] = normalised.indexOf(COLUMNS.get(i));
            if (index[i] < 0 && !COLUMNS.get(i).equals("operator_name") && !COLUMNS.get(i).equals("see_indirect")
                    && !COLUMNS.get(i).startsWith("valid_") && !COLUMNS.get(i).equals("verified")) {
                problems.add("no column " + COLUMNS.get(i));
            }
        }
        if (!problems.isEmpty()) {
            throw new InstallationFileException(fileName + ": " + String.join(", ", problems) + " in header '" + header + "'");
        }
        Map<String, List<InstallationEmissions>> byInstallation = new HashMap<>();
        String line;
        long lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = splitter.split(line);
            if (f == null || f.length != normalised.size()) {
                problems.add("line " + lineNumber + ": " + (f == null ? "broken quoting" : f.length + " columns where the header has " + normalised.size()));
                continue;
            }
            InstallationEmissions row = parseRow(f, index, lineNumber, countries, problems);
            if (row != null) {
                byInstallation.computeIfAbsent(row.installationId().toUpperCase(Locale.ROOT), k -> new ArrayList<>()).add(row);
            }
        }
        return build(fileName, byInstallation, problems);
    }

    private static InstallationTable build(String fileName, Map<String, List<InstallationEmissions>> byInstallation,
            List<String> problems) throws InstallationFileException {
        for (List<InstallationEmissions> rows : byInstallation.values()) {
            checkOverlaps(rows, problems);
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), MAX_REPORTED_PROBLEMS);
            throw new InstallationFileException(fileName + ": " + problems.size() + " problem(s): "
                    + String.join("; ", problems.subList(0, shown)) + (shown < problems.size() ? "; ..." : ""));
        }
        Map<String, List<InstallationEmissions>> frozen = new HashMap<>();
        byInstallation.forEach((id, rows) -> frozen.put(id, List.copyOf(rows)));
        return new InstallationTable(frozen);
    }

    private static InstallationEmissions parseRow(String[] f, int[] index, long line, CountryTable countries,
            List<String> problems) {
        int before = problems.size();
        String id = field(f, index[0]);
        if (id.isEmpty()) {
            problems.add("line " + line + ": installation_id is empty");
        }
        String countryText = field(f, index[2]);
        Country country = countries.byCode(countryText);
        if (country == null) {
            problems.add("line " + line + ": country '" + countryText + "' is not an ISO 3166-1 alpha-2 code");
        }
        String cnText = field(f, index[3]).replace(" ", "").replace(".", "");
        if (!cnText.matches("\\d{4}|\\d{6}|\\d{8}")) {
            problems.add("line " + line + ": cn_code '" + field(f, index[3]) + "' is not a CN code or heading");
        }
        BigDecimal direct = see(field(f, index[4]), "see_direct", line, problems, false);
        BigDecimal indirect = see(field(f, index[5]), "see_indirect", line, problems, true);
        Boolean verified = flag(field(f, index[6]));
        if (verified == null) {
            problems.add("line " + line + ": verified '" + field(f, index[6]) + "' is not true/false");
        }
        LocalDate from = date(field(f, index[7]), "valid_from", line, problems);
        LocalDate to = date(field(f, index[8]), "valid_to", line, problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add("line " + line + ": valid_to " + to + " is before valid_from " + from);
        }
        if (problems.size() > before) {
            return null;
        }
        return new InstallationEmissions(id, field(f, index[1]), country.code(), cnText, direct, indirect,
                verified, from, to, line);
    }

    private static void checkOverlaps(List<InstallationEmissions> rows, List<String> problems) {
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                InstallationEmissions a = rows.get(i);
                InstallationEmissions b = rows.get(j);
                boolean overlap = (a.validTo() == null || b.validFrom() == null || !a.validTo().isBefore(b.validFrom()))
                        && (b.validTo() == null || a.validFrom() == null || !b.validTo().isBefore(a.validFrom()));
                if (a.cnCode().equals(b.cnCode()) && overlap) {
                    problems.add("lines " + a.line() + " and " + b.line() + ": installation " + a.installationId()
                            + " has two values for CN " + a.cnCode() + " on the same dates");
                }
            }
        }
    }

    private static String field(String[] f, int index) {
        return index < 0 ? "" : f[index].strip();
    }

    private static BigDecimal see(String text, String column, long line, List<String> problems, boolean optional) {
        if (text.isEmpty()) {
            if (!optional) {
                problems.add("line " + line + ": " + column + " is empty");
            }
            return BigDecimal.ZERO;
        }
        if (text.indexOf(',') >= 0) {
            problems.add("line " + line + ": " + column + " '" + text + "' has a decimal comma");
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() < 0) {
                problems.add("line " + line + ": " + column + " " + text + " is negative");
            } else if (value.compareTo(BigDecimal.valueOf(1000)) > 0) {
                problems.add("line " + line + ": " + column + " " + text + " tCO2e/t is implausibly large");
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add("line " + line + ": " + column + " '" + text + "' is not a number");
            return null;
        }
    }

    private static Boolean flag(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "y":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "no":
            case "n":
            case "0":
            case "":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static LocalDate date(String text, String column, long line, List<String> problems) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            problems.add("line " + line + ": " + column + " '" + text + "' is not a date YYYY-MM-DD");
            return null;
        }
    }

    /** Why a shipment naming an installation does or does not get its actual emissions. */
    public enum Status {
        /** Values for the good, valid on the date (and verified where required). */
        FOUND,
        /** The installation is not in the file. */
        UNKNOWN_INSTALLATION,
        /** The installation has no values for the CN code. */
        NO_VALUE_FOR_CN_CODE,
        /** The installation's values for the CN code do not cover the import date. */
        NOT_VALID_ON_DATE,
        /** The values are not verified, and the period requires verified values. */
        NOT_VERIFIED
    }

    /** The result of {@link #find}: a status and, when found, the values. */
    public record Lookup(Status status, InstallationEmissions value) {}

    /**
     * Finds the installation's values for a good imported on a date: the row with the longest CN prefix
     * of the code that is valid on the date.
     *
     * @param verifiedRequired true in the definitive period, where only verified actual data may be used
     */
    public Lookup find(String installationId, String cnCode, LocalDate date, boolean verifiedRequired) {
        List<InstallationEmissions> rows = byInstallation.get(installationId.strip().toUpperCase(Locale.ROOT));
        if (rows == null) {
            return new Lookup(Status.UNKNOWN_INSTALLATION, null);
        }
        int bestLength = -1;
        for (InstallationEmissions row : rows) {
            if (cnCode.startsWith(row.cnCode()) && row.cnCode().length() > bestLength) {
                bestLength = row.cnCode().length();
            }
        }
        if (bestLength < 0) {
            return new Lookup(Status.NO_VALUE_FOR_CN_CODE, null);
        }
        InstallationEmissions valid = null;
        for (InstallationEmissions row : rows) {
            if (row.cnCode().length() == bestLength && cnCode.startsWith(row.cnCode()) && row.validOn(date)) {
                valid = row;
            }
        }
        if (valid == null) {
            return new Lookup(Status.NOT_VALID_ON_DATE, null);
        }
        if (verifiedRequired && !valid.verified()) {
            return new Lookup(Status.NOT_VERIFIED, valid);
        }
        return new Lookup(Status.FOUND, valid);
    }

    /** True when the file lists the installation. */
    public boolean contains(String installationId) {
        return byInstallation.containsKey(installationId.strip().toUpperCase(Locale.ROOT));
    }

    public int size() {
        return byInstallation.values().stream().mapToInt(List::size).sum();
    }
}
