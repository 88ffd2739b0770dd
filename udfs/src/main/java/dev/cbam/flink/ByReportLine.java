package dev.cbam.flink;

import dev.cbam.report.EmissionsChange;
import org.apache.flink.api.java.functions.KeySelector;

/** Partitions shipment changes by the report line they belong to. */
public final class ByReportLine implements KeySelector<EmissionsChange, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(EmissionsChange change) {
        return change.emissions().lineKey();
    }
}
