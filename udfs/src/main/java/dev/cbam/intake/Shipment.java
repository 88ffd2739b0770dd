package dev.cbam.intake;

import dev.cbam.flink.LocalDateTypeInfo;
import dev.cbam.reference.Sector;
import org.apache.flink.api.common.typeinfo.TypeInfo;

import java.time.LocalDate;

/**
 * A validated customs shipment of CBAM goods: every field checked, quantities as exact integers.
 *
 * @param shipmentId the importer's identifier, unique within a run
 * @param importDate the date of release for free circulation
 * @param cnCode eight-digit CN code
 * @param sector the CBAM sector of the CN code
 * @param originCountry ISO 3166-1 alpha-2 code of the country of origin
 * @param netMassGrams net mass in grams; 0 for electricity
 * @param quantityWattHours electricity in watt-hours (1 MWh = 1,000,000 Wh); 0 for other goods
 * @param installationId the producing installation named by the importer, or {@code null}
 * @param productVariant the variant as written ({@code grey}, {@code white}, ...), or {@code null}
 * @param customsProcedure the customs procedure code as written, or {@code null}
 * @param sourceFile the file the shipment was read from
 * @param sourceLine its line in that file
 * @param rawText the row as it was in the file, kept so that a later reject (a duplicate id, a missing
 *     default value) can still show it
 */
public record Shipment(
        String shipmentId,
        // Flink would serialise LocalDate with Kryo; the annotation names its own serializer. Outside Flink
        // the annotation is inert (an absent annotation class is ignored by the JVM).
        @TypeInfo(LocalDateTypeInfo.class) LocalDate importDate,
        String cnCode,
        Sector sector,
        String originCountry,
        long netMassGrams,
        long quantityWattHours,
        String installationId,
        String productVariant,
        String customsProcedure,
        String sourceFile,
        long sourceLine,
        String rawText) {

    /** The quantity the emissions are computed on: grams of goods, or watt-hours of electricity. */
    public long quantity() {
        return sector == Sector.ELECTRICITY ? quantityWattHours : netMassGrams;
    }
}
