package dev.cbam.reference;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Specific embedded emissions measured at one installation for one good, as its operator communicated
 * them (typically through the Commission's communication template).
 *
 * @param installationId the installation's identifier as the importer uses it
 * @param operatorName the operator's name
 * @param country ISO code of the country where the installation is
 * @param cnCode the CN code (or heading) the values are for
 * @param seeDirect specific direct embedded emissions, tCO2e per tonne (per MWh for electricity)
 * @param seeIndirect specific indirect embedded emissions, tCO2e per tonne
 * @param verified whether an accredited verifier verified the values (required from 2026)
 * @param validFrom first day the values apply, {@code null} for no limit
 * @param validTo last day the values apply, {@code null} for no limit
 * @param line the line of the installations file the values come from
 */
public record InstallationEmissions(
        String installationId,
        String operatorName,
        String country,
        String cnCode,
        BigDecimal seeDirect,
        BigDecimal seeIndirect,
        boolean verified,
        LocalDate validFrom,
        LocalDate validTo,
        long line) {

    /** True when the values apply to an import on {@code date}. */
    public boolean validOn(LocalDate date) {
        return (validFrom == null || !date.isBefore(validFrom)) && (validTo == null || !date.isAfter(validTo));
    }
}
