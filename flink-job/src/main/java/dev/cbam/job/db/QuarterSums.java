package dev.cbam.job.db;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cbam.report.ReportLine;
import dev.cbam.report.Tonnes;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code by_quarter} column of {@code cbam_report_lines}: a line's sums by quarter of import as JSON, in
 * the units of the table's other columns, quarters without shipments left out:
 * {@code {"1": {"shipments": 3, "net_mass_t": 1.500000, "quantity_mwh": 0.000000, "direct_emissions_t": …,
 * "indirect_emissions_t": …, "embedded_emissions_t": …}, "3": {…}}}.
 */
public final class QuarterSums {

    private static final String[] FIELDS = {"shipments", "net_mass_t", "quantity_mwh", "direct_emissions_t",
            "indirect_emissions_t", "embedded_emissions_t"};
    /** Numbers as written: six decimals of a tonne must come back as the exact grams. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private QuarterSums() {}

    /** The column's value for a line, or {@code null} when the line does not know its sums by quarter. */
    public static String toJson(ReportLine line) {
        if (!line.hasQuarterSums()) {
            return null;
        }
        long[] sums = line.quarterSums();
        StringBuilder json = new StringBuilder("{");
        for (int q = 0; q < sums.length / ReportLine.QUARTER_SUMS; q++) {
            int at = q * ReportLine.QUARTER_SUMS;
            if (sums[at] == 0) {
                continue;
            }
            json.append(json.length() > 1 ? "," : "").append("\"").append(q + 1).append("\":{");
            for (int k = 0; k < FIELDS.length; k++) {
                json.append(k > 0 ? "," : "").append('"').append(FIELDS[k]).append("\":")
                        .append(k == 0 ? Long.toString(sums[at]) : Tonnes.fromGrams(sums[at + k]).toPlainString());
            }
            json.append('}');
        }
        return json.append('}').toString();
    }

    /**
     * The sums of a column value, as {@link ReportLine#quarterSums()} holds them; an empty array for
     * {@code null} (a line stored before the column existed).
     *
     * @throws IllegalArgumentException for a value this class did not write
     */
    public static long[] fromJson(String json) {
        if (json == null) {
            return new long[0];
        }
        long[] sums = new long[4 * ReportLine.QUARTER_SUMS];
        try {
            JsonNode root = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> quarter = it.next();
                int at = (Integer.parseInt(quarter.getKey()) - 1) * ReportLine.QUARTER_SUMS;
                for (int k = 0; k < FIELDS.length; k++) {
                    JsonNode value = quarter.getValue().get(FIELDS[k]);
                    if (value == null || !value.isNumber()) {
                        throw new IllegalArgumentException("no number " + FIELDS[k] + " in quarter " + quarter.getKey());
                    }
                    sums[at + k] = k == 0 ? value.longValue() : grams(value.decimalValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable sums by quarter " + json + ": " + e.getMessage(), e);
        }
        return sums;
    }

    private static long grams(BigDecimal sixDecimals) {
        return sixDecimals.movePointRight(6).longValueExact();
    }
}
