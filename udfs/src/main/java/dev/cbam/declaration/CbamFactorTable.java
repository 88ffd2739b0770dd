package dev.cbam.declaration;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CBAM factor of each year ({@code cbam_factor_phase_in.csv}): the share of the CBAM benchmark that still
 * counts as free allocation while EU ETS free allowances for CBAM goods are phased out (Art 31 of Reg (EU)
 * 2023/956; the factor itself is set in Art 10a(1a) of Directive 2003/87/EC as amended by Directive (EU)
 * 2023/959). The last year of the table (2034, factor 0) applies to every later year.
 */
public final class CbamFactorTable {

    /** The file in {@code datasets/reference/}. */
    public static final String FILE_NAME = "cbam_factor_phase_in.csv";
    /** The legal source of the factors, as the run's provenance states it. */
    public static final String SOURCE = "Directive 2003/87/EC Art 10a(1a) as amended by Directive (EU) 2023/959 "
            + "(Art 31 of Reg (EU) 2023/956)";

    /**
     * The CBAM factor of a year.
     *
     * @param year the first year it applies to
     * @param factor 0.975 for 97.5 %
     * @param source the legal source
     */
    public record CbamFactor(int year, BigDecimal factor, String source) {}

    private final TreeMap<Integer, CbamFactor> byYear;

    private CbamFactorTable(TreeMap<Integer, CbamFactor> byYear) {
        this.byYear = byYear;
    }

    public static CbamFactorTable read(InputStream in) throws IOException {
        TreeMap<Integer, CbamFactor> byYear = new TreeMap<>();
        for (String[] row : DeclarationCsvFile.read(FILE_NAME, in, "year,cbam_factor,source")) {
            try {
                int year = Integer.parseInt(row[1]);
                BigDecimal factor = new BigDecimal(row[2]);
                if (factor.signum() < 0 || factor.compareTo(BigDecimal.ONE) > 0) {
                    throw new IOException(FILE_NAME + " line " + row[0] + ": factor " + factor + " is not between 0 and 1");
                }
                if (byYear.put(year, new CbamFactor(year, factor, row[3])) != null) {
                    throw new IOException(FILE_NAME + " line " + row[0] + ": year " + year + " twice");
                }
            } catch (NumberFormatException e) {
                throw new IOException(FILE_NAME + " line " + row[0] + ": not a number: " + e.getMessage());
            }
        }
        if (byYear.isEmpty() || byYear.lastEntry().getValue().factor().signum() != 0) {
            throw new IOException(FILE_NAME + ": the last year must have factor 0 (no free allocation after the phase-out)");
        }
        for (int y = byYear.firstKey(); y < byYear.lastKey(); y++) {
            if (!byYear.containsKey(y)) {
                throw new IOException(FILE_NAME + ": no factor for " + y);
            }
        }
        return new CbamFactorTable(byYear);
    }

    /**
     * The factor of a year of the definitive period.
     *
     * @throws IllegalArgumentException for a year before the table's first
     */
    public CbamFactor forYear(int year) {
        Map.Entry<Integer, CbamFactor> e = byYear.floorEntry(year);
        if (e == null) {
            throw new IllegalArgumentException("no CBAM factor for " + year + ": the free allocation adjustment starts in "
                    + byYear.firstKey());
        }
        return e.getValue();
    }

    /** The years the table covers, as the run's provenance states its version: {@code 2026-2034}. */
    public String version() {
        return byYear.firstKey() + "-" + byYear.lastKey();
    }

    public List<CbamFactor> all() {
        return Collections.unmodifiableList(List.copyOf(byYear.values()));
    }
}
