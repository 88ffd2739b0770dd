package dev.cbam.declaration;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.report.ReportLine;

/**
 * A report line restricted to one quarter of import: the input the declaration needs beyond the year's lines,
 * because the 2026 certificate price is that of the quarter of import (Art 21(1a) of Reg (EU) 2023/956 as
 * amended) and the holding requirement is checked at the end of each quarter (Art 22(2)). The job aggregates
 * these exactly like report lines, keyed by {@link #key()}; the year's line is the merge of its quarters.
 *
 * @param quarter quarter of import, 1 to 4
 * @param line the line's shipments imported in that quarter
 */
public record QuarterlyReportLine(int quarter, ReportLine line) {

    public QuarterlyReportLine {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4: " + quarter);
        }
    }

    /** A line holding one shipment (or its removal, {@code sign -1}) in the quarter of its import date. */
    public static QuarterlyReportLine of(ShipmentEmissions e, int sign) {
        return new QuarterlyReportLine((e.shipment().importDate().getMonthValue() + 2) / 3, ReportLine.of(e, sign));
    }

    /** The aggregation key: the report line's key and the quarter. */
    public String key() {
        return key(line.lineKey(), quarter);
    }

    public static String key(String lineKey, int quarter) {
        return lineKey + "|Q" + quarter;
    }

    /** The sum of two quarterly lines of the same key. */
    public QuarterlyReportLine merge(QuarterlyReportLine other) {
        if (quarter != other.quarter) {
            throw new IllegalArgumentException("cannot merge quarters " + quarter + " and " + other.quarter);
        }
        return new QuarterlyReportLine(quarter, line.merge(other.line));
    }
}
