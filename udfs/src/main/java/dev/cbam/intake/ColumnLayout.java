package dev.cbam.intake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the contract's fields are in the rows of one CSV file, found from its header row. A header that
 * lacks a required column, or names one twice, makes the layout unusable: every row of the file is then
 * rejected with {@link RejectReason#BAD_HEADER} and {@link #problem()} says why.
 */
public final class ColumnLayout {

    private final CsvFieldSplitter splitter;
    private final int columnCount;
    /** For each field, the column indices that may carry it, in order of precedence. */
    private final int[][] indices;
    private final String problem;

    private ColumnLayout(CsvFieldSplitter splitter, int columnCount, int[][] indices, String problem) {
        this.splitter = splitter;
        this.columnCount = columnCount;
        this.indices = indices;
        this.problem = problem;
    }

    /** Reads the layout of a CSV file from its header line. */
    public static ColumnLayout fromHeader(String headerLine) {
        CsvFieldSplitter splitter = new CsvFieldSplitter(CsvFieldSplitter.detectDelimiter(headerLine));
        String[] names = splitter.split(headerLine);
        ShipmentColumn[] fields = ShipmentColumn.all();
        int[][] indices = new int[fields.length][];
        if (names == null) {
            return new ColumnLayout(splitter, 0, indices, "the header row has broken quoting");
        }
        List<String> normalised = new ArrayList<>(names.length);
        for (String name : names) {
            normalised.add(ShipmentColumn.normaliseName(name));
        }
        Set<String> duplicates = new LinkedHashSet<>();
        for (ShipmentColumn field : fields) {
            List<Integer> found = new ArrayList<>();
            for (String alias : field.names()) {
                int first = normalised.indexOf(alias);
                if (first >= 0) {
                    if (normalised.lastIndexOf(alias) != first) {
                        duplicates.add(alias);
                    }
                    found.add(first);
                }
            }
            indices[field.ordinal()] = found.stream().mapToInt(Integer::intValue).toArray();
        }
        List<String> missing = new ArrayList<>();
        for (ShipmentColumn required : List.of(ShipmentColumn.SHIPMENT_ID, ShipmentColumn.IMPORT_DATE,
                ShipmentColumn.CN_CODE, ShipmentColumn.ORIGIN_COUNTRY)) {
            if (indices[required.ordinal()].length == 0) {
                missing.add(required.columnName());
            }
        }
        if (indices[ShipmentColumn.NET_MASS_KG.ordinal()].length == 0
                && indices[ShipmentColumn.NET_MASS_T.ordinal()].length == 0
                && indices[ShipmentColumn.QUANTITY_MWH.ordinal()].length == 0) {
            missing.add("net_mass_kg (or net_mass_t, quantity_mwh)");
        }
        String problem = null;
        if (!duplicates.isEmpty()) {
            problem = "the header names " + String.join(", ", duplicates) + " more than once";
        } else if (!missing.isEmpty()) {
            problem = "the header has no column " + String.join(", ", missing) + " (found: "
                    + String.join(", ", Arrays.asList(names)) + ")";
        }
        return new ColumnLayout(splitter, names.length, indices, problem);
    }

    /** Why the header cannot be used, or {@code null} when it can. */
    public String problem() {
        return problem;
    }

    public CsvFieldSplitter splitter() {
        return splitter;
    }

    /** The number of columns every row must have. */
    public int columnCount() {
        return columnCount;
    }

    /**
     * The value of a field in a split row: the first non-blank of its columns, trimmed; {@code ""} when all
     * are blank; {@code null} when the file has no column for it.
     */
    public String value(String[] fields, ShipmentColumn field) {
        int[] candidates = indices[field.ordinal()];
        if (candidates.length == 0) {
            return null;
        }
        for (int index : candidates) {
            String v = fields[index].strip();
            if (!v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** True when the file has a column for the field. */
    public boolean has(ShipmentColumn field) {
        return indices[field.ordinal()].length > 0;
    }
}
