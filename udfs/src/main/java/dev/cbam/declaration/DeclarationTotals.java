package dev.cbam.declaration;

import java.math.BigDecimal;

/**
 * The totals of a declaration, exact sums of its lines.
 *
 * @param quantityTonnes goods other than electricity, tonnes
 * @param quantityMwh electricity, MWh
 * @param embeddedEmissions embedded emissions that count, tCO2e
 * @param freeAllocationAdjustment the lines' free allocation adjustments, tCO2e
 * @param deduction the lines' carbon price deductions, tCO2e
 * @param certificates certificates due, the sum of the lines' (six decimals)
 * @param certificatesToSurrender the same rounded up to whole certificates: a certificate is one tonne of CO2e
 *     (Art 3(24)) and the texts give no rounding rule, so the whole number that covers the obligation is stated
 * @param cost euro of the priced certificates, two decimals
 * @param unpricedCertificates certificates of quarters without a price; {@code cost} leaves them out
 */
public record DeclarationTotals(BigDecimal quantityTonnes, BigDecimal quantityMwh, BigDecimal embeddedEmissions,
        BigDecimal freeAllocationAdjustment, BigDecimal deduction, BigDecimal certificates, long certificatesToSurrender,
        BigDecimal cost, BigDecimal unpricedCertificates) {}
