package dev.cbam.declaration;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published prices of CBAM certificates for 2026 imports ({@code cbam_certificate_prices_2026.csv}):
 * under Art 21(1a) of Reg (EU) 2023/956 as amended by Reg (EU) 2025/2083, the certificates for emissions
 * declared for 2026 cost the quarterly average EU ETS auction price of the quarter of import. A quarter not in
 * the table has no published price; nothing is ever estimated. From 2027 the price is weekly (Art 21(1)), so
 * there is no quarterly price to look up.
 */
public final class CertificatePriceTable {

    /** The file in {@code datasets/reference/}. */
    public static final String FILE_NAME = "cbam_certificate_prices_2026.csv";
    /** The legal source of the prices, as the run's provenance states it. */
    public static final String SOURCE = "Art 21(1a) of Reg (EU) 2023/956 as amended by Reg (EU) 2025/2083";

    /**
     * A published price.
     *
     * @param year year of import
     * @param quarter quarter of import, 1 to 4
     * @param eurPerCertificate euro per certificate (one tonne of CO2e)
     * @param publishedOn date of publication
     * @param basis the legal basis of the price
     */
    public record CertificatePrice(int year, int quarter, BigDecimal eurPerCertificate, LocalDate publishedOn, String basis) {}

    private final Map<Integer, CertificatePrice> byQuarter;

    private CertificatePriceTable(Map<Integer, CertificatePrice> byQuarter) {
        this.byQuarter = byQuarter;
    }

    public static CertificatePriceTable read(InputStream in) throws IOException {
        Map<Integer, CertificatePrice> byQuarter = new HashMap<>();
        for (String[] row : DeclarationCsvFile.read(FILE_NAME, in, "year,quarter,price_eur_per_certificate,published_on,basis")) {
            try {
                int year = Integer.parseInt(row[1]);
                int quarter = Integer.parseInt(row[2]);
                BigDecimal price = new BigDecimal(row[3]);
                if (quarter < 1 || quarter > 4 || price.signum() <= 0) {
                    throw new IOException(FILE_NAME + " line " + row[0] + ": quarter must be 1 to 4 and the price positive");
                }
                CertificatePrice p = new CertificatePrice(year, quarter, price, LocalDate.parse(row[4]), row[5]);
                if (byQuarter.put(year * 10 + quarter, p) != null) {
                    throw new IOException(FILE_NAME + " line " + row[0] + ": " + year + "Q" + quarter + " twice");
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new IOException(FILE_NAME + " line " + row[0] + ": " + e.getMessage());
            }
        }
        return new CertificatePriceTable(byQuarter);
    }

    /**
     * The quarters the table prices, as the run's provenance states its version: {@code 2026Q1-2026Q2 published
     * by 2026-07-06}, or {@code no prices published}.
     */
    public String version() {
        if (byQuarter.isEmpty()) {
            return "no prices published";
        }
        TreeMap<Integer, CertificatePrice> sorted = new TreeMap<>(byQuarter);
        LocalDate latest = null;
        for (CertificatePrice p : sorted.values()) {
            latest = latest == null || p.publishedOn().isAfter(latest) ? p.publishedOn() : latest;
        }
        CertificatePrice first = sorted.firstEntry().getValue();
        CertificatePrice last = sorted.lastEntry().getValue();
        return first.year() + "Q" + first.quarter() + "-" + last.year() + "Q" + last.quarter() + " published by " + latest;
    }

    /** The published price of a quarter of import, or {@code null} when none is published. */
    public CertificatePrice price(int year, int quarter) {
        return byQuarter.get(year * 10 + quarter);
    }
}
