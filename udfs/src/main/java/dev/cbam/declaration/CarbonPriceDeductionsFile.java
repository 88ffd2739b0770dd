package dev.cbam.declaration;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The carbon prices paid in third countries that a declarant claims (Art 9 of Reg (EU) 2023/956), one per
 * installation and CN code: a CSV with the header {@code installation_id,cn_code,tco2e_per_unit,evidence}.
 * {@code cn_code} is an eight-digit code or empty for all goods of the installation; {@code tco2e_per_unit} is
 * the price effectively paid converted into tonnes of CO2e per tonne of goods (per MWh), with a decimal point;
 * {@code evidence} is the reference of the certified documentation Art 9(2) requires. See
 * {@link CarbonPriceDeduction}.
 */
public final class CarbonPriceDeductionsFile {

    /** The header the file must start with. */
    public static final String HEADER = "installation_id,cn_code,tco2e_per_unit,evidence";

    private static final int MAX_REPORTED_PROBLEMS = 10;

    private CarbonPriceDeductionsFile() {}

    /**
     * Reads the deductions of a file.
     *
     * @throws IOException with one line naming the file and every defective line: a missing installation or
     *     evidence, a CN code that is not eight digits, a number that is not a non-negative decimal, the same
     *     installation and CN code twice
     */
    public static List<CarbonPriceDeduction> read(String fileName, InputStream in) throws IOException {
        List<CarbonPriceDeduction> deductions = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String[] row : DeclarationCsvFile.read(fileName, in, HEADER)) {
            String line = "line " + row[0] + ": ";
            String installation = row[1];
            String cn = row[2].isEmpty() ? null : row[2];
            if (installation.isEmpty()) {
                problems.add(line + "no installation_id");
                continue;
            }
            if (cn != null && !cn.matches("\\d{8}")) {
                problems.add(line + "cn_code '" + cn + "' is not an eight-digit CN code (leave it empty for all goods)");
                continue;
            }
            BigDecimal perUnit;
            try {
                perUnit = new BigDecimal(row[3]);
            } catch (NumberFormatException e) {
                problems.add(line + "tco2e_per_unit '" + row[3] + "' is not a number with a decimal point");
                continue;
            }
            if (perUnit.signum() < 0) {
                problems.add(line + "tco2e_per_unit " + row[3] + " is negative");
                continue;
            }
            if (row[4].isEmpty()) {
                problems.add(line + "no evidence: Art 9(2) requires certified documentation of the price effectively paid");
                continue;
            }
            if (!seen.add(installation.toUpperCase(Locale.ROOT) + "|" + (cn == null ? "" : cn))) {
                problems.add(line + installation + (cn == null ? " (all goods)" : " " + cn) + " is given twice");
                continue;
            }
            deductions.add(new CarbonPriceDeduction(installation, cn, perUnit, row[4]));
        }
        if (!problems.isEmpty()) {
            List<String> shown = problems.subList(0, Math.min(MAX_REPORTED_PROBLEMS, problems.size()));
            throw new IOException(fileName + ": " + String.join("; ", shown)
                    + (problems.size() > shown.size() ? "; and " + (problems.size() - shown.size()) + " more" : ""));
        }
        return List.copyOf(deductions);
    }
}
