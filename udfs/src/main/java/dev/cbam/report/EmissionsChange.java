package dev.cbam.report;

import dev.cbam.emissions.ShipmentEmissions;

/**
 * A shipment entering ({@code sign 1}) or leaving ({@code sign -1}) the report. A shipment leaves when a row
 * earlier in the input turns out to carry the same shipment id.
 *
 * @param emissions the shipment's emissions
 * @param sign 1 to add, -1 to take away
 */
public record EmissionsChange(ShipmentEmissions emissions, int sign) {}
