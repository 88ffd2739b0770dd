package dev.cbam.report.validation;

import java.time.LocalDate;

/**
 * What the job counted of the shipments it accepted, independently of the report lines (at validation, before
 * aggregation): the figures the lines must reconcile with, and the import dates the period must cover.
 *
 * @param shipments accepted shipments
 * @param netMassGrams their net mass, grams
 * @param quantityWattHours their electricity, watt-hours
 * @param directGrams their direct embedded emissions, grams CO2e
 * @param indirectGrams their indirect embedded emissions, grams CO2e
 * @param embeddedGrams their embedded emissions that count, grams CO2e
 * @param firstImportDate the earliest import date, or {@code null} when there are none
 * @param lastImportDate the latest import date, or {@code null} when there are none
 */
public record AcceptedShipments(long shipments, long netMassGrams, long quantityWattHours, long directGrams,
        long indirectGrams, long embeddedGrams, LocalDate firstImportDate, LocalDate lastImportDate) {}
