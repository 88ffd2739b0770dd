package dev.cbam.declaration;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a declaration that are not reference data, each stated in the output.
 *
 * @param cscf the cross-sectoral correction factor of the EU ETS applied to the free allocation adjustment
 *     (IR (EU) 2025/2620); not published in the reference material, so a parameter, 1 by default
 * @param etsPrice euro per certificate for quarters without a published price (the job's {@code --ets-price}),
 *     or {@code null}: those quarters are then reported as unpriced; never applied to a quarter with a
 *     published price
 * @param deductions carbon prices paid in third countries (Art 9), by installation
 */
public record DeclarationParameters(BigDecimal cscf, BigDecimal etsPrice, List<CarbonPriceDeduction> deductions) {

    public DeclarationParameters {
        Objects.requireNonNull(cscf, "cscf");
        if (cscf.signum() < 0 || cscf.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("CSCF must be between 0 and 1: " + cscf);
        }
        if (etsPrice != null && etsPrice.signum() <= 0) {
            throw new IllegalArgumentException("--ets-price must be positive: " + etsPrice);
        }
        deductions = List.copyOf(deductions);
    }

    /** CSCF 1, no price parameter, no deductions. */
    public static DeclarationParameters defaults() {
        return new DeclarationParameters(BigDecimal.ONE, null, List.of());
    }

    public DeclarationParameters withCscf(BigDecimal value) {
        return new DeclarationParameters(value, etsPrice, deductions);
    }

    public DeclarationParameters withEtsPrice(BigDecimal value) {
        return new DeclarationParameters(cscf, value, deductions);
    }

    public DeclarationParameters withDeductions(List<CarbonPriceDeduction> value) {
        return new DeclarationParameters(cscf, etsPrice, value);
    }
}
