package dev.cbam.flink;

import dev.cbam.emissions.ShipmentEmissions;
import org.apache.flink.api.java.functions.KeySelector;

/** Partitions shipments by their id, so that every row of one id meets in one task. */
public final class ByShipmentId implements KeySelector<ShipmentEmissions, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ShipmentEmissions e) {
        return e.shipment().shipmentId();
    }
}
