package dev.cbam.flink;

import dev.cbam.intake.Shipment;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions the enrichment by CN code and country of origin, not by CN code alone: a handful of CN codes
 * carry most of an importer's shipments, and this spreads them over the task slots without changing any
 * result (every shipment is computed on its own). The key is a number, not a string: cheap to build, and its
 * hash is the same in every JVM.
 */
public final class ByCnCodeAndOrigin implements KeySelector<Shipment, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long getKey(Shipment s) {
        String origin = s.originCountry();
        return Long.parseLong(s.cnCode()) << 16 | (long) origin.charAt(0) << 8 | origin.charAt(1);
    }
}
