package dev.cbam.reference;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The definitive-period default values of Annex I of Implementing Regulation (EU) 2025/2621, per country of
 * origin and CN code, and the rules for picking one:
 * <ul>
 *   <li>the longest CN prefix listed for the good decides the row (the table lists headings, subheadings
 *       and eight-digit codes); a "see below" heading has no value of its own;</li>
 *   <li>a country that is not listed, or that is listed with "–" (or an empty cell), takes the value of
 *       "Other countries and territories" (Annex I, introduction);</li>
 *   <li>the grey/white variants of CN 25231000 and 25239000 need the shipment's variant; without one the
 *       higher value is taken and the result says so.</li>
 * </ul>
 * The mark-up columns of the source file are not read: they carry binary floating-point noise, and the
 * mark-up is computed exactly from the total by {@link MarkUp}.
 */
public final class DefaultValueTable {

    /** Key of the "Other countries and territories" table. */
    private static final String OTHER = "**";

    private final Map<String, Map<String, Heading>> byCountry;

    private DefaultValueTable(Map<String, Map<String, Heading>> byCountry) {
        this.byCountry = byCountry;
    }

    /** The rows of one CN code or heading in one country's table. */
    private static final class Heading {
        final String prefix;
        final Map<ProductVariant, Row> variants = new EnumMap<>(ProductVariant.class);
        Row single;
        boolean parent;

        Heading(String prefix) {
            this.prefix = prefix;
        }
    }

    private record Row(String prefix, String description, ProductVariant variant, BigDecimal direct,
            BigDecimal indirect, boolean indirectPublished, BigDecimal total, String route) {}

    /** Reads {@code default_values_definitive_IR2025-2621.csv}; country names are mapped to ISO codes. */
    public static DefaultValueTable read(InputStream in, CountryTable countries) throws IOException {
        ReferenceCsv csv = ReferenceCsv.read("default values", in,
                "country", "sector", "cn_code", "description", "direct", "indirect", "total", "bm_route");
        Map<String, Map<String, List<ReferenceCsv.Row>>> grouped = new HashMap<>();
        for (ReferenceCsv.Row row : csv.rows()) {
            String name = row.get("country");
            String key;
            if (isOtherCountries(name)) {
                key = OTHER;
            } else {
                Country country = countries.byName(name);
                if (country == null) {
                    throw row.error("unknown country '" + name + "'");
                }
                key = country.code();
            }
            String prefix = row.get("cn_code");
            if (!prefix.matches("\\d{2,8}")) {
                throw row.error("bad CN code '" + prefix + "'");
            }
            Sector.fromName(row.get("sector"));
            grouped.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(prefix, p -> new ArrayList<>()).add(row);
        }
        if (!grouped.containsKey(OTHER)) {
            throw new IOException("default values: no 'Other countries and territories' table");
        }
        Map<String, Map<String, Heading>> byCountry = new HashMap<>();
        for (Map.Entry<String, Map<String, List<ReferenceCsv.Row>>> country : grouped.entrySet()) {
            Map<String, Heading> headings = new HashMap<>();
            for (Map.Entry<String, List<ReferenceCsv.Row>> e : country.getValue().entrySet()) {
                headings.put(e.getKey(), heading(e.getKey(), e.getValue()));
            }
            byCountry.put(country.getKey(), Collections.unmodifiableMap(headings));
        }
        return new DefaultValueTable(Collections.unmodifiableMap(byCountry));
    }

    private static Heading heading(String prefix, List<ReferenceCsv.Row> rows) throws IOException {
        Heading heading = new Heading(prefix);
        for (ReferenceCsv.Row r : rows) {
            Cell direct;
            Cell indirect;
            Cell total;
            try {
                direct = Cell.of(r.get("direct"));
                indirect = Cell.of(r.get("indirect"));
                total = Cell.of(r.get("total"));
            } catch (IOException e) {
                throw r.error(e.getMessage());
            }
            if (total.kind == Cell.Kind.SEE_BELOW) {
                heading.parent = true;
                continue;
            }
            if (total.kind == Cell.Kind.NOT_APPLICABLE) {
                throw r.error("total is N/A");
            }
            BigDecimal totalValue = total.value;
            if (totalValue != null && direct.value == null) {
                throw r.error("total without a direct value");
            }
            ProductVariant variant = rows.size() > 1 ? ProductVariant.parse(r.get("description")) : null;
            if (rows.size() > 1 && variant == null) {
                throw r.error("several rows for CN " + prefix + " that are not grey/white variants");
            }
            Row row = new Row(prefix, r.get("description"), variant, direct.value,
                    indirect.value == null ? BigDecimal.ZERO : indirect.value,
                    indirect.kind != Cell.Kind.NOT_APPLICABLE, totalValue, r.get("bm_route").replace('\u00a0', ' ').strip());
            if (variant == null) {
                heading.single = row;
            } else if (heading.variants.put(variant, row) != null) {
                throw r.error("variant " + variant + " twice for CN " + prefix);
            }
        }
        return heading;
    }

    static boolean isOtherCountries(String name) {
        String n = CountryTable.nameKey(name);
        return n.startsWith("other countries and territor");
    }

    /** How a default value was looked up. */
    public enum Outcome {
        /** A value was found. */
        FOUND,
        /** The table lists the good, but without a value (a "see below" heading, or "–" everywhere). */
        NO_VALUE,
        /** The table does not list the CN code at all. */
        NOT_LISTED,
        /** The good has grey/white variants and the shipment's variant is neither. */
        BAD_VARIANT
    }

    /**
     * The result of {@link #resolve}: a value, or why there is none.
     *
     * @param outcome whether a value was found
     * @param value the value when {@code FOUND}, else {@code null}
     * @param message why there is no value, for the reject; {@code null} when found
     */
    public record Lookup(Outcome outcome, DefaultValue value, String message) {}

    /**
     * Resolves the default value of a good.
     *
     * @param cnCode eight-digit CN code
     * @param country ISO code of the country of origin
     * @param variantText the shipment's product variant as written, or {@code null}
     */
    public Lookup resolve(String cnCode, String country, String variantText) {
        Map<String, Heading> own = byCountry.get(country);
        Map<String, Heading> other = byCountry.get(OTHER);
        Heading heading = own == null ? null : longestPrefix(own, cnCode);
        if (heading == null) {
            heading = longestPrefix(other, cnCode);
        }
        if (heading == null) {
            return new Lookup(Outcome.NOT_LISTED, null, "CN " + cnCode + " is not in the default-value table of IR 2025/2621");
        }
        if (heading.parent) {
            return new Lookup(Outcome.NO_VALUE, null, "CN " + cnCode + " is not a code of the default-value table: heading "
                    + heading.prefix + " has values only for " + children(other, heading.prefix));
        }
        if (heading.single != null) {
            return pick(cnCode, country, own, other, null, false);
        }
        ProductVariant variant = ProductVariant.parse(variantText);
        if (variantText != null && !variantText.isBlank() && variant == null) {
            return new Lookup(Outcome.BAD_VARIANT, null, "product_variant '" + variantText + "' for CN " + cnCode
                    + " must be grey or white");
        }
        if (variant != null) {
            return pick(cnCode, country, own, other, variant, false);
        }
        Lookup best = null;
        for (ProductVariant candidate : ProductVariant.values()) {
            Lookup lookup = pick(cnCode, country, own, other, candidate, true);
            if (lookup.outcome() == Outcome.FOUND
                    && (best == null || lookup.value().total().compareTo(best.value().total()) > 0)) {
                best = lookup;
            }
        }
        return best != null ? best : new Lookup(Outcome.NO_VALUE, null, "no default value for CN " + cnCode
                + " from " + country + " in any variant");
    }

    private Lookup pick(String cnCode, String country, Map<String, Heading> own, Map<String, Heading> other,
            ProductVariant variant, boolean assumed) {
        Row row = own == null ? null : row(longestPrefix(own, cnCode), variant);
        String tableCountry = country;
        boolean fallback = false;
        if (row == null || row.total == null) {
            row = row(longestPrefix(other, cnCode), variant);
            tableCountry = null;
            fallback = true;
        }
        if (row == null || row.total == null) {
            return new Lookup(Outcome.NO_VALUE, null, "no default value for CN " + cnCode
                    + (variant == null ? "" : " " + variant.label()) + " from " + country
                    + ", nor for other countries and territories");
        }
        return new Lookup(Outcome.FOUND, new DefaultValue(row.prefix, tableCountry, fallback, variant, assumed,
                row.direct, row.indirect, row.indirectPublished, row.total, row.route, row.description), null);
    }

    private static Row row(Heading heading, ProductVariant variant) {
        if (heading == null || heading.parent) {
            return null;
        }
        return variant == null ? heading.single : heading.variants.get(variant);
    }

    private static Heading longestPrefix(Map<String, Heading> table, String cnCode) {
        for (int len = cnCode.length(); len >= 2; len--) {
            Heading heading = table.get(cnCode.substring(0, len));
            if (heading != null) {
                return heading;
            }
        }
        return null;
    }

    private static String children(Map<String, Heading> table, String prefix) {
        TreeMap<String, Heading> sorted = new TreeMap<>(table);
        List<String> codes = new ArrayList<>();
        for (String code : sorted.keySet()) {
            if (code.length() > prefix.length() && code.startsWith(prefix)) {
                codes.add(code);
            }
        }
        return String.join(", ", codes);
    }

    /** True when the good has grey and white variants in the table. */
    public boolean hasVariants(String cnCode) {
        Heading heading = longestPrefix(byCountry.get(OTHER), cnCode);
        return heading != null && !heading.variants.isEmpty();
    }

    /** A cell of the published table. */
    private static final class Cell {
        enum Kind { NUMBER, MISSING, NOT_APPLICABLE, SEE_BELOW }

        final Kind kind;
        final BigDecimal value;

        private Cell(Kind kind, BigDecimal value) {
            this.kind = kind;
            this.value = value;
        }

        static Cell of(String text) throws IOException {
            String t = text.strip();
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            if (t.isEmpty() || t.equals("–") || t.equals("-") || t.equals("_") || t.equals("—")) {
                return new Cell(Kind.MISSING, null);
            }
            if (lower.equals("see below")) {
                return new Cell(Kind.SEE_BELOW, null);
            }
            // The workbook spells "not applicable" several ways: N/A, N.A., N/a, N/(A.
            if (lower.replaceAll("[^a-z]", "").equals("na")) {
                return new Cell(Kind.NOT_APPLICABLE, null);
            }
            try {
                BigDecimal value = new BigDecimal(t);
                if (value.signum() < 0) {
                    throw new IOException("negative default value " + t);
                }
                return new Cell(Kind.NUMBER, value);
            } catch (NumberFormatException e) {
                throw new IOException("unreadable default-value cell '" + t + "'");
            }
        }
    }
}
