package dev.cbam.declaration;

import static dev.cbam.testing.Fixtures.electricity;
import static dev.cbam.testing.Fixtures.goods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import dev.cbam.testing.ReportFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeclarationCalculatorTest {

    private static final DeclarationReferenceData DECLARATION_REFERENCE;

    static {
        try {
            DECLARATION_REFERENCE = DeclarationReferenceData.fromClasspath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final DeclarationCalculator CALCULATOR = new DeclarationCalculator(Fixtures.reference(),
            DECLARATION_REFERENCE);
    private static final String INSTALLATIONS = "installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to\n"
            + "CN-LOW,Low emitter,CN,72081000,0.5,0.1,true,,\n"
            + "CN-HIGH,High emitter,CN,72081000,2.5,0.1,true,,\n";

    private static CbamDeclaration declare(String year, DeclarationParameters parameters, Shipment... shipments) {
        return declare(year, InstallationTable.empty(), parameters, shipments);
    }

    private static CbamDeclaration declare(String year, InstallationTable installations, DeclarationParameters parameters,
            Shipment... shipments) {
        List<ShipmentEmissions> emissions = ReportFixtures.emissions(year, installations, shipments);
        Map<String, QuarterlyReportLine> lines = new LinkedHashMap<>();
        for (ShipmentEmissions e : emissions) {
            QuarterlyReportLine q = QuarterlyReportLine.of(e, 1);
            lines.merge(q.key(), q, QuarterlyReportLine::merge);
        }
        return CALCULATOR.calculate(ReportingPeriod.parse(year), ReportFixtures.IMPORTER, new ArrayList<>(lines.values()),
                parameters);
    }

    private static Shipment steel(String id, String date, String tonnes) {
        return goods(id, date, "72081000", "CN", tonnes);
    }

    @Test
    void computesCertificatesAsEmbeddedEmissionsLessTheFreeAllocationAdjustment() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "100"));

        DeclarationLine line = d.lines().get(0);
        // China 7208 default value 3.186892655 + 10 % mark-up (2026) = 3.5055819205 t/t, direct only (Annex II).
        assertThat(line.embeddedEmissions()).isEqualByComparingTo("350.558192");
        // SEFA = 97.5 % (2026) × CSCF 1 × column B 1.37 (route (C), as the default value's row).
        assertThat(line.benchmark().column()).isEqualTo("B");
        assertThat(line.benchmark().route()).isEqualTo("(C)");
        assertThat(line.sefa()).isEqualByComparingTo("1.33575");
        assertThat(line.certificates()).isEqualByComparingTo("216.983192");
        assertThat(line.cost()).isEqualByComparingTo("16351.85");
        assertThat(d.totals().certificatesToSurrender()).as("whole certificates, rounded up").isEqualTo(217);
        assertThat(d.dueBy()).hasToString("2027-09-30");
    }

    @Test
    void exemptsAnImporterBelowFiftyTonnesAndStillListsItsGoods() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "49.999999"));

        assertThat(d.deMinimis().exempt()).isTrue();
        assertThat(d.lines()).singleElement().satisfies(l -> {
            assertThat(l.subjectToSurrender()).isFalse();
            assertThat(l.certificates()).isZero();
            assertThat(l.embeddedEmissions()).isPositive();
            assertThat(l.notes()).contains(DeclarationNote.EXEMPT_DE_MINIMIS);
        });
        assertThat(d.totals().certificatesToSurrender()).isZero();
        assertThat(d.toJson()).contains("\"exempt\" : true", "Exempt under Art 2a");
    }

    @Test
    void exactlyFiftyTonnesDoesNotExceedTheThreshold() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "30"),
                goods("S2", "2026-05-10", "25232900", "TR", "20"));

        assertThat(d.deMinimis().countedNetMassGrams()).isEqualTo(50_000_000L);
        assertThat(d.deMinimis().exempt()).isTrue();
        assertThat(d.totals().certificates()).isZero();
    }

    @Test
    void aboveFiftyTonnesEveryGoodCountsFromTheFirstTonne() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "30"),
                goods("S2", "2026-05-10", "25232900", "TR", "20.000001"));

        assertThat(d.deMinimis().exempt()).isFalse();
        assertThat(d.lines()).hasSize(2).allSatisfy(l -> {
            assertThat(l.subjectToSurrender()).isTrue();
            assertThat(l.certificates()).isPositive();
        });
    }

    @Test
    void hydrogenAndElectricityNeitherCountTowardsTheThresholdNorBecomeExempt() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "40"),
                goods("H1", "2026-02-11", "28041000", "UA", "20"), electricity("E1", "2026-02-12", "TR", "500"));

        assertThat(d.deMinimis().countedNetMassGrams()).isEqualTo(40_000_000L);
        assertThat(d.deMinimis().outsideThresholdNetMassGrams()).isEqualTo(20_000_000L);
        assertThat(d.deMinimis().exempt()).isTrue();
        for (DeclarationLine l : d.lines()) {
            boolean outside = l.sector() == Sector.HYDROGEN || l.sector() == Sector.ELECTRICITY;
            assertThat(l.subjectToSurrender()).as(l.cnCode()).isEqualTo(outside);
            assertThat(l.certificates().signum() > 0).as(l.cnCode()).isEqualTo(outside);
        }
        DeclarationLine power = d.lines().stream().filter(l -> l.sector() == Sector.ELECTRICITY).findFirst().orElseThrow();
        // No free allocation for electricity: 500 MWh × 0.718 (Annex III, Türkiye) = 359 certificates.
        assertThat(power.sefa()).isZero();
        assertThat(power.notes()).containsExactly(DeclarationNote.NO_FREE_ALLOCATION_ELECTRICITY);
        assertThat(power.certificates()).isEqualByComparingTo("359");
        assertThat(power.unit()).isEqualTo("MWh");
    }

    @Test
    void certificatesNeverGoNegativePerLine() {
        // CN-LOW's SEE (0.5) less its SEFA (0.975 × column A 0.044) and its deduction (0.8) is negative.
        InstallationTable installations = Fixtures.installations(INSTALLATIONS);
        DeclarationParameters parameters = DeclarationParameters.defaults().withDeductions(List.of(
                new CarbonPriceDeduction("CN-LOW", null, new BigDecimal("0.8"), "certificate CN-ETS-2026-0042")));
        CbamDeclaration d = declare("2026", installations, parameters,
                goods("A", "2026-03-01", "72081000", "CN", "100", "CN-LOW", null),
                goods("B", "2026-03-01", "72081000", "CN", "100", "CN-HIGH", null));

        DeclarationLine low = d.lines().stream().filter(l -> l.installationId().equals("CN-LOW")).findFirst().orElseThrow();
        DeclarationLine high = d.lines().stream().filter(l -> l.installationId().equals("CN-HIGH")).findFirst().orElseThrow();
        // CN-LOW: 100 × (0.5 − 0.975 × 0.044 − 0.8) < 0 → 0.
        assertThat(low.certificates()).isZero();
        assertThat(low.notes()).contains(DeclarationNote.CLAMPED_AT_ZERO, DeclarationNote.DEDUCTION_APPLIED);
        // CN-HIGH: 100 × (2.5 − 0.0429) = 245.71.
        assertThat(high.certificates()).isEqualByComparingTo("245.71");
        assertThat(d.totals().certificates()).isEqualByComparingTo("245.71");
    }

    @Test
    void actualDataUseColumnAAndSayPrecursorsAreNotIncluded() {
        CbamDeclaration d = declare("2026", Fixtures.installations(INSTALLATIONS), DeclarationParameters.defaults(),
                goods("B", "2026-03-01", "72081000", "CN", "100", "CN-HIGH", null));

        DeclarationLine line = d.lines().get(0);
        assertThat(line.benchmark().column()).isEqualTo("A");
        assertThat(line.benchmark().value()).isEqualByComparingTo("0.044");
        assertThat(line.notes()).contains(DeclarationNote.ACTUAL_PRECURSORS_NOT_INCLUDED);
        assertThat(d.installationsToVerify()).containsExactly("CN-HIGH");
    }

    @Test
    void deductsACarbonPriceOnlyFromActualData() {
        DeclarationParameters parameters = DeclarationParameters.defaults().withDeductions(List.of(
                new CarbonPriceDeduction("CN-HIGH", "72081000", new BigDecimal("0.4"), "certificate 17"),
                new CarbonPriceDeduction("CN-UNKNOWN", null, new BigDecimal("0.4"), "certificate 18")));
        InstallationTable installations = Fixtures.installations(INSTALLATIONS
                + "CN-UNKNOWN,Other,CN,2523,0.7,0.1,true,,\n");
        CbamDeclaration d = declare("2026", installations, parameters,
                goods("B", "2026-03-01", "72081000", "CN", "100", "CN-HIGH", null),
                // CN-UNKNOWN has no value for 7208: default values, so its deduction does not apply.
                goods("C", "2026-03-01", "72081000", "CN", "100", "CN-UNKNOWN", null));

        DeclarationLine actual = d.lines().stream().filter(l -> l.installationId().equals("CN-HIGH")).findFirst().orElseThrow();
        DeclarationLine byDefault = d.lines().stream().filter(l -> l.installationId().equals("CN-UNKNOWN")).findFirst()
                .orElseThrow();
        assertThat(actual.deduction()).isEqualByComparingTo("40");
        assertThat(actual.deductionEvidence()).isEqualTo("certificate 17");
        assertThat(actual.certificates()).isEqualByComparingTo("205.71");
        assertThat(byDefault.deduction()).isZero();
        assertThat(byDefault.notes()).contains(DeclarationNote.DEDUCTION_NOT_APPLIED_DEFAULT_VALUES);
        assertThatThrownBy(() -> new CarbonPriceDeduction("X", null, BigDecimal.ONE, " "))
                .hasMessageContaining("Art 9(2)");
    }

    @Test
    void theCscfParameterScalesTheAdjustmentAndIsStated() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults().withCscf(new BigDecimal("0.9")),
                steel("S1", "2026-02-10", "100"));

        // SEFA = 0.975 × 0.9 × 1.37 = 1.202175; 350.558192 − 120.2175 = 230.340692.
        assertThat(d.lines().get(0).sefa()).isEqualByComparingTo("1.202175");
        assertThat(d.totals().certificates()).isEqualByComparingTo("230.340692");
        assertThat(d.toJson()).contains("\"cscf\" : 0.9", "\"cbam_factor\" : 0.975");
    }

    @Test
    void pricesEachQuarterOfImportAtItsOwnPrice() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "100"),
                steel("S2", "2026-04-10", "100"));

        DeclarationLine line = d.lines().get(0);
        assertThat(line.quarters()).extracting(QuarterShare::quarter).containsExactly(1, 2);
        assertThat(line.quarters()).extracting(QuarterShare::price)
                .containsExactly(new BigDecimal("75.36"), new BigDecimal("75.28"));
        // 216.983192 × 75.36 = 16351.85; × 75.28 = 16334.49.
        assertThat(line.quarters()).extracting(QuarterShare::cost)
                .containsExactly(new BigDecimal("16351.85"), new BigDecimal("16334.49"));
        assertThat(d.totals().cost()).isEqualByComparingTo("32686.34");
        assertThat(d.totals().unpricedCertificates()).isZero();
    }

    @Test
    void reportsAQuarterWithoutAPublishedPriceAsUnpriced() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "100"),
                steel("S3", "2026-08-10", "100"));

        QuarterShare q3 = d.lines().get(0).quarters().get(1);
        assertThat(q3.quarter()).isEqualTo(3);
        assertThat(q3.price()).isNull();
        assertThat(q3.cost()).isNull();
        assertThat(q3.priceSource()).startsWith("unpriced: no published price for 2026Q3");
        assertThat(d.totals().cost()).isEqualByComparingTo("16351.85");
        assertThat(d.totals().unpricedCertificates()).isEqualByComparingTo("216.983192");
        assertThat(d.toJson()).contains("\"fully_priced\" : false");
    }

    @Test
    void pricesAnUnpublishedQuarterOnlyWithTheEtsPriceParameter() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults().withEtsPrice(new BigDecimal("80")),
                steel("S1", "2026-02-10", "100"), steel("S3", "2026-08-10", "100"));

        List<QuarterShare> quarters = d.lines().get(0).quarters();
        assertThat(quarters.get(0).price()).as("a published price is never overridden").isEqualByComparingTo("75.36");
        assertThat(quarters.get(1).price()).isEqualByComparingTo("80");
        assertThat(quarters.get(1).priceSource()).startsWith("--ets-price parameter");
        assertThat(d.totals().unpricedCertificates()).isZero();
    }

    @Test
    void from2027EveryQuarterNeedsThePriceParameter() {
        CbamDeclaration d = declare("2027", DeclarationParameters.defaults(), steel("S1", "2027-02-10", "100"));

        assertThat(d.lines().get(0).quarters().get(0).priceSource()).contains("from 2027 the certificate price is weekly");
        assertThat(d.cbamFactor().factor()).isEqualByComparingTo("0.95");
    }

    @Test
    void statesNoHoldingRequirementFor2026() {
        CbamDeclaration d = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "100"));

        assertThat(d.holding()).isEmpty();
        assertThat(d.toJson()).contains("\"applies\" : false", "applies from 2027");
    }

    @Test
    void reportsTheHoldingRequirementAtTheEndOfEachQuarterFrom2027() {
        CbamDeclaration d = declare("2027", DeclarationParameters.defaults(), steel("S1", "2027-02-10", "100"));

        assertThat(d.holding()).hasSize(4);
        HoldingRequirement q1 = d.holding().get(0);
        // Default value without mark-up 3.186892655, SEFA 0.95 × 1.37: 100 × 1.885392655 = 188.5392655; half of it.
        assertThat(q1.emissionsAtDefaultValues()).isEqualByComparingTo("188.539266");
        assertThat(q1.requiredCertificates()).isEqualByComparingTo("94.269633");
        assertThat(q1.requiredWholeCertificates()).isEqualTo(95);
        assertThat(q1.dueBy()).as("threshold first exceeded in Q1: due by the end of Q2 (Art 22(2a))").hasToString("2027-06-30");
        assertThat(d.holding().get(3).requiredCertificates()).isEqualByComparingTo("94.269633");
        assertThat(d.holding().get(3).dueBy()).hasToString("2027-12-31");
    }

    @Test
    void holdsNothingForThresholdGoodsUntilTheThresholdIsExceeded() {
        CbamDeclaration d = declare("2027", DeclarationParameters.defaults(), steel("S1", "2027-02-10", "30"),
                steel("S2", "2027-05-10", "30"));

        assertThat(d.holding().get(0).thresholdExceeded()).isFalse();
        assertThat(d.holding().get(0).requiredCertificates()).isZero();
        assertThat(d.holding().get(1).thresholdExceeded()).isTrue();
        assertThat(d.holding().get(1).requiredCertificates()).as("all goods since 1 January").isEqualByComparingTo("56.56178");
        assertThat(d.holding().get(1).dueBy()).hasToString("2027-09-30");
    }

    @Test
    void writesTheSameJsonAndCsvForTheSameInput() {
        CbamDeclaration a = declare("2026", DeclarationParameters.defaults(), steel("S1", "2026-02-10", "100"),
                goods("S2", "2026-05-10", "25232900", "TR", "20"), electricity("E1", "2026-09-01", "TR", "10"));
        CbamDeclaration b = declare("2026", DeclarationParameters.defaults(), electricity("E1", "2026-09-01", "TR", "10"),
                goods("S2", "2026-05-10", "25232900", "TR", "20"), steel("S1", "2026-02-10", "100"));

        assertThat(a.toJson()).isEqualTo(b.toJson());
        assertThat(a.toCsv()).isEqualTo(b.toCsv());
        String[] rows = a.toCsv().split("\n");
        assertThat(rows[0]).startsWith("record_type,cn_code,sector,origin_country,installation_id,method");
        assertThat(rows).filteredOn(r -> r.startsWith("line,")).hasSize(3);
        assertThat(rows).filteredOn(r -> r.startsWith("quarter,")).hasSize(3);
        assertThat(rows).filteredOn(r -> r.startsWith("goods,")).hasSize(3);
        assertThat(rows[rows.length - 1]).startsWith("total,");
        int columns = rows[0].split(",", -1).length;
        for (String row : rows) {
            assertThat(row.replaceAll("\"[^\"]*\"", "x").split(",", -1)).as(row).hasSize(columns);
        }
    }

    @Test
    void refusesATransitionalPeriod() {
        assertThatThrownBy(() -> CALCULATOR.calculate(ReportingPeriod.parse("2025Q4"), ReportFixtures.IMPORTER, List.of(),
                DeclarationParameters.defaults())).hasMessageStartingWith("period 2025Q4 is in the transitional period");
    }
}
