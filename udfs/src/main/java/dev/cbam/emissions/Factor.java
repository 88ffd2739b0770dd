package dev.cbam.emissions;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A specific-emissions factor (tCO2e per tonne, or per MWh) ready to be applied to millions of shipments:
 * the exact product of a quantity and the factor, rounded half up to the gram, computed in {@code long}
 * arithmetic when it fits and with {@link BigDecimal} when it does not — the same result either way.
 */
final class Factor {

    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private final BigDecimal value;
    private final long unscaled;
    private final long divisor;
    private final boolean fast;

    Factor(BigDecimal value) {
        this.value = value;
        BigDecimal v = value.signum() == 0 ? BigDecimal.ZERO : value;
        boolean fits = v.scale() >= 0 && v.scale() < POWERS_OF_TEN.length && v.unscaledValue().bitLength() < 63;
        this.unscaled = fits ? v.unscaledValue().longValue() : 0;
        this.divisor = fits ? POWERS_OF_TEN[v.scale()] : 0;
        this.fast = fits && unscaled >= 0;
    }

    BigDecimal value() {
        return value;
    }

    /** {@code quantity × factor}, rounded half up to a whole number (grams CO2e for grams or watt-hours). */
    long times(long quantity) {
        if (value.signum() == 0 || quantity == 0) {
            return 0;
        }
        if (fast && quantity > 0 && Math.multiplyHigh(quantity, unscaled) == 0) {
            long product = quantity * unscaled;
            if (product >= 0) {
                long whole = product / divisor;
                long rest = product - whole * divisor;
                return rest * 2 >= divisor ? whole + 1 : whole;
            }
        }
        return BigDecimal.valueOf(quantity).multiply(value).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
