package dev.cbam.report;

import dev.cbam.emissions.EmissionMethod;

import java.math.BigDecimal;

/**
 * The key of a report line: CN code, country of origin, installation, method, and the variant and specific
 * emissions used. Shipments of one line therefore always share one set of factors, so a line's SEE is
 * exact, not an average; an installation whose values changed during the period gets one line per value.
 *
 * <p>The key is a plain string (fields separated by {@code |}): its hash is the same in every JVM, which
 * Flink's key groups need, and it sorts in the report's order.
 */
public final class ReportLineKey {

    private ReportLineKey() {}

    public static String of(String cnCode, String originCountry, String installationId, EmissionMethod method,
            String variant, BigDecimal seeDirect, BigDecimal seeIndirect) {
        return cnCode + '|' + originCountry + '|' + (installationId == null ? "" : installationId) + '|' + method.name()
                + '|' + (variant == null ? "" : variant) + '|' + plain(seeDirect) + '|' + plain(seeIndirect);
    }

    /** A number in its shortest exact form: {@code 3.5055819205}, {@code 0}. */
    public static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
