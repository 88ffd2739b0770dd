package dev.cbam.reference;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Emission factors of electricity per country, tCO2e per MWh: the grid factors of Annex II of IR 2025/2621
 * (for indirect emissions) or the factors for imported electricity of Annex III.
 */
public final class EmissionFactorTable {

    private final String name;
    private final Map<String, BigDecimal> byCountry;
    private final BigDecimal otherCountries;

    private EmissionFactorTable(String name, Map<String, BigDecimal> byCountry, BigDecimal otherCountries) {
        this.name = name;
        this.byCountry = Collections.unmodifiableMap(byCountry);
        this.otherCountries = otherCountries;
    }

    /**
     * Reads {@code country,emission_factor_tCO2e_per_MWh}. Country names are mapped to ISO codes; the row
     * "Other countries and territories" is kept as the fallback; a row for the European Union is skipped
     * (electricity from the EU is not an import).
     */
    public static EmissionFactorTable read(String name, InputStream in, CountryTable countries) throws IOException {
        ReferenceCsv csv = ReferenceCsv.read(name, in, "country", "emission_factor_tco2e_per_mwh");
        Map<String, BigDecimal> byCountry = new TreeMap<>();
        BigDecimal other = null;
        for (ReferenceCsv.Row row : csv.rows()) {
            String countryName = row.get("country");
            BigDecimal factor;
            try {
                factor = new BigDecimal(row.get("emission_factor_tco2e_per_mwh"));
            } catch (NumberFormatException e) {
                throw row.error("not a number: " + row.get("emission_factor_tco2e_per_mwh"));
            }
            if (factor.signum() < 0) {
                throw row.error("negative emission factor");
            }
            if (DefaultValueTable.isOtherCountries(countryName)) {
                other = factor;
                continue;
            }
            if (CountryTable.nameKey(countryName).equals("european union")) {
                continue;
            }
            Country country = countries.byName(countryName);
            if (country == null) {
                throw row.error("unknown country '" + countryName + "'");
            }
            if (byCountry.put(country.code(), factor) != null) {
                throw row.error(country.code() + " listed twice");
            }
        }
        return new EmissionFactorTable(name, byCountry, other);
    }

    public String name() {
        return name;
    }

    /** The country's own factor, or {@code null} when it is not listed. */
    public BigDecimal forCountry(String isoCode) {
        return byCountry.get(isoCode);
    }

    /** The country's factor, else "Other countries and territories", else {@code null}. */
    public BigDecimal forCountryOrOther(String isoCode) {
        BigDecimal factor = byCountry.get(isoCode);
        return factor != null ? factor : otherCountries;
    }

    public Map<String, BigDecimal> all() {
        return byCountry;
    }
}
