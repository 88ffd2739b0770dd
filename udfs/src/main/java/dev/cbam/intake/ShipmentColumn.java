package dev.cbam.intake;

import java.util.List;
import java.util.Locale;

/**
 * The fields of the shipment input contract and the column names (or JSON keys) that carry them. Names
 * are matched case-insensitively; spaces and hyphens count as underscores.
 *
 * <p>Where a file has several columns for one field, a row takes the first non-empty one in the order
 * listed here: {@code origin_iso} before {@code origin_country} (GreenLang files carry the ISO code in
 * {@code origin_iso} and a country name in {@code origin_country}), kilograms before tonnes.
 */
public enum ShipmentColumn {
    SHIPMENT_ID("shipment_id", List.of("shipment_id")),
    IMPORT_DATE("import_date", List.of("import_date")),
    CN_CODE("cn_code", List.of("cn_code")),
    ORIGIN_COUNTRY("origin_country", List.of("origin_iso", "origin_country", "country_of_origin")),
    NET_MASS_KG("net_mass_kg", List.of("net_mass_kg")),
    NET_MASS_T("net_mass_t", List.of("net_mass_t", "quantity_tons")),
    QUANTITY_MWH("quantity_mwh", List.of("quantity_mwh")),
    INSTALLATION_ID("installation_id", List.of("installation_id")),
    PRODUCT_VARIANT("product_variant", List.of("product_variant")),
    CUSTOMS_PROCEDURE("customs_procedure", List.of("customs_procedure"));

    private static final ShipmentColumn[] ALL = values();

    private final String columnName;
    private final List<String> names;

    ShipmentColumn(String columnName, List<String> names) {
        this.columnName = columnName;
        this.names = names;
    }

    /** The contract's name of the field. */
    public String columnName() {
        return columnName;
    }

    /** Every name that carries this field, in order of precedence. */
    public List<String> names() {
        return names;
    }

    /** A header name or JSON key in the form the names use: trimmed, lower case, {@code _} for blanks and hyphens. */
    public static String normaliseName(String name) {
        String n = name.strip();
        if (!n.isEmpty() && n.charAt(0) == '\uFEFF') {
            n = n.substring(1).strip();
        }
        return n.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    }

    static ShipmentColumn[] all() {
        return ALL;
    }
}
