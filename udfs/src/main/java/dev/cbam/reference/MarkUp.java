package dev.cbam.reference;

import java.math.BigDecimal;

/**
 * The mark-up on default values of Implementing Regulation (EU) 2025/2621, phased in over the first years of
 * the definitive period: 10 % for 2026, 20 % for 2027, 30 % from 2028; a flat 1 % for fertilisers; none for
 * electricity. The transitional period (up to 2025) had no mark-up.
 */
public final class MarkUp {

    private static final BigDecimal ONE_PERCENT = new BigDecimal("0.01");
    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.10");
    private static final BigDecimal TWENTY_PERCENT = new BigDecimal("0.20");
    private static final BigDecimal THIRTY_PERCENT = new BigDecimal("0.30");

    private MarkUp() {}

    /** The mark-up rate (0.10 for 10 %) on default values of goods of a sector imported in a year. */
    public static BigDecimal rate(Sector sector, int year) {
        if (year < 2026 || sector == Sector.ELECTRICITY) {
            return BigDecimal.ZERO;
        }
        if (sector == Sector.FERTILISERS) {
            return ONE_PERCENT;
        }
        if (year == 2026) {
            return TEN_PERCENT;
        }
        if (year == 2027) {
            return TWENTY_PERCENT;
        }
        return THIRTY_PERCENT;
    }

    /** {@code value × (1 + rate)}, exactly. */
    public static BigDecimal apply(BigDecimal value, BigDecimal rate) {
        return rate.signum() == 0 ? value : value.add(value.multiply(rate));
    }
}
