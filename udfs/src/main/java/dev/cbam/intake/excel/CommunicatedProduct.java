package dev.cbam.intake.excel;

import java.math.BigDecimal;

/**
 * One line of the product table an operator communicates ({@code Summary_Communication}, section 2): the
 * specific embedded emissions of a good made at the installation.
 *
 * @param row the Excel row of the line in {@code Summary_Communication}
 * @param cnCode the eight-digit CN code
 * @param productName the operator's name of the product, {@code ""} when not given
 * @param seeDirect specific direct embedded emissions, tCO2e per tonne (per MWh for electricity), exact
 * @param seeIndirect specific indirect embedded emissions, or {@code null} when the cell is empty
 * @param defaultShare the share of the emissions determined with default values, a fraction from 0 to 1
 *     (the template shows it as a percentage), or {@code null} when not given
 * @param electricitySource the source of the electricity emission factor (e.g. {@code D.4.1}, {@code Mix}),
 *     {@code ""} when not given
 */
public record CommunicatedProduct(
        long row,
        String cnCode,
        String productName,
        BigDecimal seeDirect,
        BigDecimal seeIndirect,
        BigDecimal defaultShare,
        String electricitySource) {}
