package dev.cbam.declaration;

import dev.cbam.reference.Sector;

import java.math.BigDecimal;

/**
 * The totals of one type of goods (CN code) that Art 6(2)(a) to (c) of Reg (EU) 2023/956 ask for.
 *
 * @param cnCode the CN code
 * @param sector its sector
 * @param quantity total quantity, tonnes or MWh
 * @param unit {@code t} or {@code MWh}
 * @param embeddedEmissions total embedded emissions, tCO2e
 * @param specificEmbeddedEmissions {@code embeddedEmissions / quantity}, tCO2e per unit, rounded half up to six decimals
 * @param certificates certificates due, six decimals
 */
public record GoodsTypeTotal(String cnCode, Sector sector, BigDecimal quantity, String unit, BigDecimal embeddedEmissions,
        BigDecimal specificEmbeddedEmissions, BigDecimal certificates) {}
