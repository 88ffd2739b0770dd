package dev.cbam.reference;

import java.math.BigDecimal;

/**
 * A default value of Annex I of Implementing Regulation (EU) 2025/2621, as resolved for one good: the
 * published values without mark-up, and which row of the table they come from.
 *
 * @param cnPrefix the CN code or heading of the table row (the longest prefix of the good's code listed)
 * @param tableCountry the ISO code of the country table used, or {@code null} for "Other countries and
 *     territories"
 * @param otherCountriesFallback true when the country of origin has no value of its own (not listed, or
 *     listed with "–") and the "Other countries and territories" value applies
 * @param variant the variant of the row, {@code null} for goods without variants
 * @param variantAssumed true when the shipment named no variant and the higher of the variants was taken
 * @param direct specific direct embedded emissions, tCO2e per tonne
 * @param indirect specific indirect embedded emissions, tCO2e per tonne; zero when not published ("N/A",
 *     goods for which only direct emissions count)
 * @param indirectPublished false when the table gives no indirect value ("N/A")
 * @param total the table's total; the mark-up is applied to it
 * @param route the benchmark production-route mark of the row, e.g. {@code (C)}; empty when none
 * @param description the table row's description
 */
public record DefaultValue(
        String cnPrefix,
        String tableCountry,
        boolean otherCountriesFallback,
        ProductVariant variant,
        boolean variantAssumed,
        BigDecimal direct,
        BigDecimal indirect,
        boolean indirectPublished,
        BigDecimal total,
        String route,
        String description) {

    /** A short reference to the table row, for provenance: {@code IR 2025/2621 Annex I, China, 7208}. */
    public String source(CountryTable countries) {
        String table = tableCountry == null ? "Other countries and territories" : countries.byCode(tableCountry).name();
        return "IR 2025/2621 Annex I, " + table + ", " + cnPrefix + (variant == null ? "" : " " + variant.label());
    }
}
