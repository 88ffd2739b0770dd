package dev.cbam.declaration;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The certificates an authorised CBAM declarant must hold on its registry account at the end of a quarter, from
 * 2027 on (Art 22(2) of Reg (EU) 2023/956 as replaced by Reg (EU) 2025/2083): at least 50 % of the embedded
 * emissions of all goods imported since the start of the year, determined by reference to default values
 * without mark-up (point (a)), with the free allocation adjustment of Art 31 taken into account. Where the
 * de minimis threshold is first exceeded in a quarter, the holding is due by the end of the following quarter
 * (Art 22(2a)).
 *
 * @param quarter the quarter, 1 to 4
 * @param endOfQuarter the last day of the quarter
 * @param cumulativeNetMass net mass counted for the threshold since 1 January, tonnes
 * @param thresholdExceeded true when that mass exceeds 50 t
 * @param emissionsAtDefaultValues embedded emissions since 1 January at default values without mark-up, less
 *     the free allocation adjustment (column B), never negative per line, tCO2e
 * @param requiredCertificates 50 % of that, six decimals
 * @param requiredWholeCertificates the same rounded up to whole certificates
 * @param dueBy the date by which the certificates must be held
 */
public record HoldingRequirement(int quarter, LocalDate endOfQuarter, BigDecimal cumulativeNetMass,
        boolean thresholdExceeded, BigDecimal emissionsAtDefaultValues, BigDecimal requiredCertificates,
        long requiredWholeCertificates, LocalDate dueBy) {}
