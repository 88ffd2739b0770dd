package dev.cbam.report;

import dev.cbam.emissions.ShipmentEmissions;

/**
 * What the job remembers of a shipment it counted, per shipment id: where the row was (to decide which of
 * two rows with one id comes first), its raw text (should it become a reject after all) and what it added
 * to its report line (to take it away again exactly). Deliberately small: streaming runs keep one per
 * shipment id.
 *
 * @param sourceFile the row's file
 * @param line the row's line
 * @param rawText the row as read
 * @param lineKey the report line it was added to
 * @param netMassGrams its net mass
 * @param quantityWattHours its electricity
 * @param directGrams its direct emissions
 * @param indirectGrams its indirect emissions
 * @param embeddedGrams its embedded emissions that count
 * @param notes its {@link dev.cbam.emissions.CalculationNote} bit set
 * @param quarter its quarter of import, 1 to 4
 */
public record CountedShipment(String sourceFile, long line, String rawText, String lineKey, long netMassGrams,
        long quantityWattHours, long directGrams, long indirectGrams, long embeddedGrams, int notes, int quarter) {

    public static CountedShipment of(ShipmentEmissions e) {
        return new CountedShipment(e.shipment().sourceFile(), e.shipment().sourceLine(), e.shipment().rawText(), e.lineKey(),
                e.shipment().netMassGrams(), e.shipment().quantityWattHours(), e.directGrams(), e.indirectGrams(),
                e.embeddedGrams(), e.notes(), ReportLine.quarterOf(e.shipment().importDate()));
    }

    /** The change to its report line that takes the shipment out again. */
    public ReportLine removal() {
        return ReportLine.removal(this);
    }
}
