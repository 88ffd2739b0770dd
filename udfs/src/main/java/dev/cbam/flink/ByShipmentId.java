package dev.cbam.flink;

import dev.cbam.intake.Shipment;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions shipments by their id, so that every row of one id meets in one task. Ids are as many as the
 * shipments, so the work spreads evenly over the task slots, however few CN codes carry most of them.
 */
public final class ByShipmentId implements KeySelector<Shipment, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Shipment s) {
        return s.shipmentId();
    }
}
