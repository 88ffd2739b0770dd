package dev.cbam.qreport;

import dev.cbam.emissions.ShipmentEmissions;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quantity of each report line by customs procedure: what the QReport's ImportedQuantity blocks need and
 * a {@code ReportLine} does not carry. The job fills it alongside the lines, shipment by shipment (a shipment
 * taken away again is added with sign {@code -1}); a line without an entry here is reported entirely under
 * {@link CustomsProcedure#DEFAULT}.
 *
 * <p>Quantities are the line's units: grams of goods, watt-hours of electricity. Not thread-safe.
 */
public final class ImportedQuantities {

    private final Map<String, Map<CustomsProcedure, Long>> byLine = new HashMap<>();

    /** No procedures known: every line is reported under the default procedure. */
    public static ImportedQuantities none() {
        return new ImportedQuantities();
    }

    /**
     * Adds ({@code sign 1}) or takes away ({@code sign -1}) a shipment.
     *
     * @throws QReportException when the shipment's customs procedure is not one the report can state
     */
    public ImportedQuantities add(ShipmentEmissions e, int sign) {
        return add(e.lineKey(), CustomsProcedure.parse(e.shipment().customsProcedure()), sign * e.shipment().quantity());
    }

    /** Adds a quantity of a line under a procedure. */
    public ImportedQuantities add(String lineKey, CustomsProcedure procedure, long quantity) {
        Map<CustomsProcedure, Long> procedures = byLine.computeIfAbsent(lineKey, k -> new TreeMap<>());
        long total = procedures.merge(procedure, quantity, Math::addExact);
        if (total == 0) {
            procedures.remove(procedure);
        }
        return this;
    }

    /** The quantities of a line by procedure, in procedure order; empty when none were added. */
    public Map<CustomsProcedure, Long> of(String lineKey) {
        Map<CustomsProcedure, Long> procedures = byLine.get(lineKey);
        return procedures == null ? Map.of() : Collections.unmodifiableMap(procedures);
    }
}
