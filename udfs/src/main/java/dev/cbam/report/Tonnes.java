package dev.cbam.report;

import java.math.BigDecimal;

/** Formats exact integer quantities for reports: grams as tonnes with six decimals, watt-hours as MWh. */
public final class Tonnes {

    private Tonnes() {}

    /** Grams as tonnes with exactly six decimals: {@code 350558192} becomes {@code 350.558192}. */
    public static BigDecimal fromGrams(long grams) {
        return BigDecimal.valueOf(grams, 6);
    }

    /** Watt-hours as MWh with exactly six decimals. */
    public static BigDecimal mwhFromWattHours(long wattHours) {
        return BigDecimal.valueOf(wattHours, 6);
    }
}
