package dev.cbam.declaration;

import dev.cbam.emissions.EmissionMethod;
import dev.cbam.reference.Sector;

import java.math.BigDecimal;
import java.util.List;

/**
 * One line of the annual CBAM declaration: the goods of one CN code, country of origin and installation (or set
 * of default values), with the figures Art 6(2) of Reg (EU) 2023/956 asks for, per line as the detailed
 * information of Art 6(6) supports the totals.
 *
 * @param lineKey the key of the report line it comes from ({@link dev.cbam.report.ReportLineKey}): the CN code,
 *     origin, installation, method, variant and specific emissions, which tell two lines of one installation
 *     and CN code apart when its values changed during the year
 * @param cnCode eight-digit CN code (the type of goods)
 * @param sector the good's sector
 * @param originCountry ISO code of the country of origin
 * @param installationId the installation, or {@code ""}
 * @param method actual or default values (Art 7)
 * @param variant grey or white, or {@code ""}
 * @param quantity Art 6(2)(a): tonnes, or MWh for electricity, six decimals
 * @param unit {@code t} or {@code MWh}
 * @param seeCounted specific embedded emissions that count, tCO2e per unit (default values with their mark-up)
 * @param embeddedEmissions Art 6(2)(b): embedded emissions that count, tCO2e, six decimals
 * @param benchmark the benchmark of the free allocation adjustment (Art 31)
 * @param sefa specific embedded free allocation per unit: CBAM factor × CSCF × benchmark, exact
 * @param freeAllocationAdjustment {@code quantity × sefa}, tCO2e, exact
 * @param deductionPerUnit carbon price paid in a third country per unit (Art 9), tCO2e; zero when none
 * @param deduction {@code quantity × deductionPerUnit}, tCO2e, exact
 * @param deductionEvidence the evidence reference of the deduction, or {@code ""}
 * @param subjectToSurrender false when the de minimis exemption covers the line
 * @param certificates Art 6(2)(c): certificates due for the line, the sum of its quarters, six decimals, never negative
 * @param cost euro of the priced quarters, two decimals
 * @param unpricedCertificates certificates of quarters without a price
 * @param notes assumptions made for the line
 * @param quarters the line by quarter of import
 */
public record DeclarationLine(
        String lineKey,
        String cnCode,
        Sector sector,
        String originCountry,
        String installationId,
        EmissionMethod method,
        String variant,
        BigDecimal quantity,
        String unit,
        BigDecimal seeCounted,
        BigDecimal embeddedEmissions,
        BenchmarkChoice benchmark,
        BigDecimal sefa,
        BigDecimal freeAllocationAdjustment,
        BigDecimal deductionPerUnit,
        BigDecimal deduction,
        String deductionEvidence,
        boolean subjectToSurrender,
        BigDecimal certificates,
        BigDecimal cost,
        BigDecimal unpricedCertificates,
        List<DeclarationNote> notes,
        List<QuarterShare> quarters) {

    public DeclarationLine {
        notes = List.copyOf(notes);
        quarters = List.copyOf(quarters);
    }
}
