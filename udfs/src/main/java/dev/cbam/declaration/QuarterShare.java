package dev.cbam.declaration;

import java.math.BigDecimal;

/**
 * The part of a declaration line imported in one quarter, priced at that quarter's certificate price.
 *
 * @param quarter quarter of import, 1 to 4
 * @param quantity tonnes, or MWh for electricity
 * @param embeddedEmissions embedded emissions that count, tCO2e
 * @param certificates certificates due for this part, six decimals
 * @param price euro per certificate, or {@code null} when the quarter is unpriced
 * @param priceSource where the price comes from, or why there is none
 * @param cost {@code certificates × price} in euro, two decimals, or {@code null} when unpriced
 */
public record QuarterShare(int quarter, BigDecimal quantity, BigDecimal embeddedEmissions, BigDecimal certificates,
        BigDecimal price, String priceSource, BigDecimal cost) {}
