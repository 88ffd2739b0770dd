package dev.cbam.declaration;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A carbon price effectively paid in a third country for the emissions of an installation's goods, claimed as a
 * reduction of the certificates to surrender (Art 9 of Reg (EU) 2023/956 as replaced by Reg (EU) 2025/2083).
 *
 * <p>Unit: tonnes of CO2e per tonne of goods (per MWh for electricity) whose carbon price was effectively paid,
 * net of any rebate or compensation; that is, the price paid converted into certificates per unit of goods, as
 * the Commission's Q&A 3.7 subtracts it from the specific embedded emissions. The conversion from the amount
 * paid in foreign currency is the subject of an implementing act under Art 9(5) not yet adopted, so it is the
 * declarant's input here, with the reference of the evidence that Art 9(2) requires it to keep.
 *
 * <p>It applies only to lines of actual emissions (Art 9(1)); the yearly default carbon prices of Art 9(4),
 * the only reduction open to default values, are not yet published and are not modelled.
 *
 * @param installationId the installation, as the shipments name it
 * @param cnCode the CN code it is restricted to, or {@code null} for all goods of the installation
 * @param tco2ePerUnit certificates' worth of carbon price paid per tonne (per MWh), not negative
 * @param evidence reference of the certified documentation of Art 9(2) (required)
 */
public record CarbonPriceDeduction(String installationId, String cnCode, BigDecimal tco2ePerUnit, String evidence) {

    public CarbonPriceDeduction {
        Objects.requireNonNull(installationId, "installationId");
        Objects.requireNonNull(tco2ePerUnit, "tco2ePerUnit");
        if (tco2ePerUnit.signum() < 0) {
            throw new IllegalArgumentException("carbon price deduction of " + installationId + " is negative: " + tco2ePerUnit);
        }
        if (evidence == null || evidence.isBlank()) {
            throw new IllegalArgumentException("carbon price deduction of " + installationId + " has no evidence reference; "
                    + "Art 9(2) of Reg (EU) 2023/956 requires certified documentation of the price effectively paid");
        }
    }

    /** True when it applies to goods of this installation and CN code. */
    public boolean appliesTo(String installation, String cn) {
        return installationId.equalsIgnoreCase(installation) && (cnCode == null || cnCode.equals(cn));
    }
}
