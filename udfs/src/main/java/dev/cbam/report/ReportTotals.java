package dev.cbam.report;

/**
 * The totals of a report: exact sums over its lines.
 *
 * @param shipments number of accepted shipments
 * @param netMassGrams net mass, grams
 * @param quantityWattHours electricity, watt-hours
 * @param directGrams direct embedded emissions, grams CO2e
 * @param indirectGrams indirect embedded emissions, grams CO2e
 * @param embeddedGrams embedded emissions that count for the period, grams CO2e
 */
public record ReportTotals(long shipments, long netMassGrams, long quantityWattHours, long directGrams,
        long indirectGrams, long embeddedGrams) {

    public static final ReportTotals ZERO = new ReportTotals(0, 0, 0, 0, 0, 0);

    /** The totals with a line added. */
    public ReportTotals plus(ReportLine line) {
        return new ReportTotals(
                Math.addExact(shipments, line.shipments()),
                Math.addExact(netMassGrams, line.netMassGrams()),
                Math.addExact(quantityWattHours, line.quantityWattHours()),
                Math.addExact(directGrams, line.directGrams()),
                Math.addExact(indirectGrams, line.indirectGrams()),
                Math.addExact(embeddedGrams, line.embeddedGrams()));
    }

    /** The totals of some lines. */
    public static ReportTotals of(Iterable<ReportLine> lines) {
        ReportTotals totals = ZERO;
        for (ReportLine line : lines) {
            totals = totals.plus(line);
        }
        return totals;
    }
}
