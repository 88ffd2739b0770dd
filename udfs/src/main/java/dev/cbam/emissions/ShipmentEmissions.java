package dev.cbam.emissions;

import dev.cbam.intake.Shipment;

import java.math.BigDecimal;

/**
 * The embedded emissions of one shipment, with everything needed to trace them: the factors used, their
 * source, the mark-up and the notes. Emissions are whole grams of CO2e (tonnes with six decimals), each
 * rounded once, half up, from the exact product of quantity and factor; sums of them are exact.
 *
 * @param shipment the validated shipment
 * @param method actual or default values
 * @param variant the grey/white variant whose value was used, {@code null} for goods without variants
 * @param markUpRate the mark-up applied to default values (0.10 for 10 %); zero for actual values
 * @param seeDirect specific direct embedded emissions used, tCO2e per tonne (per MWh for electricity),
 *     mark-up included
 * @param seeIndirect specific indirect embedded emissions used, mark-up included
 * @param seeCounted the specific emissions that count for the period (direct only for Annex II goods in the
 *     definitive period; the table's total for default values of other goods)
 * @param directGrams direct embedded emissions, grams CO2e
 * @param indirectGrams indirect embedded emissions, grams CO2e
 * @param embeddedGrams the embedded emissions that count for the period, grams CO2e
 * @param factorSource where the factors come from (a row of IR 2025/2621, or a line of the installations file)
 * @param notes a bit set of {@link CalculationNote}s
 * @param lineKey the key of the report line the shipment belongs to
 */
public record ShipmentEmissions(
        Shipment shipment,
        EmissionMethod method,
        String variant,
        BigDecimal markUpRate,
        BigDecimal seeDirect,
        BigDecimal seeIndirect,
        BigDecimal seeCounted,
        long directGrams,
        long indirectGrams,
        long embeddedGrams,
        String factorSource,
        int notes,
        String lineKey) {}
