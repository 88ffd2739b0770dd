package dev.cbam.reference;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The eight-digit CN codes of CBAM goods in the current Combined Nomenclature (CN 2026), with their
 * descriptions, from {@code cn_codes.csv}. Used to describe codes and to flag codes of older CN editions;
 * whether a code is a CBAM good is decided by {@link CnScope}.
 */
public final class CnNomenclature {

    /** A code of the nomenclature. */
    public record Entry(String cnCode, Sector sector, String description, boolean directEmissionsOnly) {}

    private final Map<String, Entry> byCode;

    private CnNomenclature(Map<String, Entry> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static CnNomenclature read(InputStream in) throws IOException {
        ReferenceCsv csv = ReferenceCsv.read("cn_codes", in, "cn_code", "sector", "description",
                "direct_emissions_only_annex_ii");
        Map<String, Entry> byCode = new TreeMap<>();
        for (ReferenceCsv.Row row : csv.rows()) {
            String cn = row.get("cn_code");
            if (!CnCode.isNormalised(cn)) {
                throw row.error("bad CN code " + cn);
            }
            Entry entry = new Entry(cn, Sector.fromName(row.get("sector")), row.get("description"),
                    Boolean.parseBoolean(row.get("direct_emissions_only_annex_ii")));
            if (byCode.put(cn, entry) != null) {
                throw row.error(cn + " listed twice");
            }
        }
        return new CnNomenclature(byCode);
    }

    /** The code's entry, or {@code null} when it is not a CBAM code of the current nomenclature. */
    public Entry get(String cnCode) {
        return byCode.get(cnCode);
    }

    public Map<String, Entry> all() {
        return byCode;
    }
}
