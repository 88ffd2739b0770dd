package dev.cbam.report.validation;

import static dev.cbam.testing.Fixtures.goods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.declaration.DeMinimis;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.Sector;
import dev.cbam.report.Importer;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportTotals;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import dev.cbam.testing.ReportFixtures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportChecksTest {

    private static final ReportChecks CHECKS = new ReportChecks(Fixtures.reference());

    private static final Shipment[] SHIPMENTS = {
        goods("S1", "2026-02-10", "72081000", "CN", "40"),
        goods("S2", "2026-11-30", "25232900", "TR", "20"),
    };

    private static ReportDocument report() {
        return ReportFixtures.report("2026", SHIPMENTS);
    }

    /** An input on which every rule holds; each test breaks one thing. */
    private static ReportCheckInput valid(ReportDocument report) {
        ReportTotals t = report.totals();
        AcceptedShipments accepted = new AcceptedShipments(t.shipments(), t.netMassGrams(), t.quantityWattHours(),
                t.directGrams(), t.indirectGrams(), t.embeddedGrams(), LocalDate.of(2026, 2, 10), LocalDate.of(2026, 11, 30));
        return new ReportCheckInput(report, t, accepted, DeMinimis.of(report.lines()),
                ReportChecks.defaultValueShare(report.lines()));
    }

    private static RuleResult result(ReportCheckInput input, ReportRule rule) {
        return CHECKS.run(input).stream().filter(r -> r.rule().equals(rule.name())).findFirst().orElseThrow();
    }

    @Test
    void aConsistentReportPassesEveryRule() {
        List<RuleResult> results = CHECKS.run(valid(report()));

        assertThat(results).extracting(RuleResult::rule)
                .containsExactly(java.util.Arrays.stream(ReportRule.values()).map(Enum::name).toArray(String[]::new));
        assertThat(results).allSatisfy(r -> assertThat(r.severity()).as(r.toString()).isEqualTo(Severity.INFO));
        assertThat(ReportChecks.passes(results)).isTrue();
        assertThat(result(valid(report()), ReportRule.DEFAULT_VALUE_SHARE_STATED).message())
                .startsWith("default values: 100.00 % of embedded emissions");
    }

    @Test
    void flagsStatedTotalsThatAreNotTheSumOfTheLines() {
        ReportDocument report = report();
        ReportTotals t = report.totals();
        ReportTotals stated = new ReportTotals(t.shipments(), t.netMassGrams() + 1, t.quantityWattHours(), t.directGrams(),
                t.indirectGrams(), t.embeddedGrams());
        ReportCheckInput v = valid(report);

        RuleResult r = result(new ReportCheckInput(report, stated, v.accepted(), v.deMinimis(), v.statedDefaultValueShare()),
                ReportRule.TOTALS_EQUAL_LINES);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).contains("net mass t 60.000001 vs 60.000000");
    }

    @Test
    void flagsLinesWhoseMassDoesNotReconcileWithTheAcceptedShipments() {
        ReportCheckInput v = valid(report());
        AcceptedShipments a = v.accepted();
        AcceptedShipments oneMore = new AcceptedShipments(a.shipments() + 1, a.netMassGrams() + 5_000_000,
                a.quantityWattHours(), a.directGrams(), a.indirectGrams(), a.embeddedGrams(), a.firstImportDate(),
                a.lastImportDate());

        RuleResult r = result(new ReportCheckInput(v.report(), v.statedTotals(), oneMore, v.deMinimis(),
                v.statedDefaultValueShare()), ReportRule.MASS_RECONCILES_WITH_SHIPMENTS);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).contains("shipments 3 vs 2", "net mass t 65.000000 vs 60.000000");
    }

    @Test
    void flagsLinesWhoseEmissionsDoNotReconcileWithTheAcceptedShipments() {
        ReportCheckInput v = valid(report());
        AcceptedShipments a = v.accepted();
        AcceptedShipments other = new AcceptedShipments(a.shipments(), a.netMassGrams(), a.quantityWattHours(),
                a.directGrams(), a.indirectGrams(), a.embeddedGrams() - 1, a.firstImportDate(), a.lastImportDate());

        RuleResult r = result(new ReportCheckInput(v.report(), v.statedTotals(), other, v.deMinimis(),
                v.statedDefaultValueShare()), ReportRule.EMISSIONS_RECONCILE_WITH_SHIPMENTS);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).startsWith("lines and accepted shipments differ (accepted vs lines): embedded tCO2e");
    }

    @Test
    void flagsACnCodeOutsideAnnexI() {
        List<ReportLine> lines = new ArrayList<>(report().lines());
        lines.add(ReportFixtures.actualLine("72044100", Sector.IRON_STEEL, "CN", "SCRAP", "1", "0.1", "0"));
        ReportDocument report = ReportFixtures.report("2026", lines);

        RuleResult r = result(valid(report), ReportRule.CN_CODES_IN_SCOPE);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).isEqualTo("1 CN code(s) out of scope: 72044100 (not a CBAM good of Annex I)");
    }

    @Test
    void flagsGoodsOfEuOrigin() {
        List<ReportLine> lines = new ArrayList<>(report().lines());
        lines.add(ReportFixtures.actualLine("72081000", Sector.IRON_STEEL, "FR", "FR-1", "1", "1.5", "0"));
        lines.add(ReportFixtures.actualLine("72081000", Sector.IRON_STEEL, "NO", "NO-1", "1", "1.5", "0"));
        ReportDocument report = ReportFixtures.report("2026", lines);

        RuleResult r = result(valid(report), ReportRule.ORIGIN_OUTSIDE_EU);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).contains("FR (EU Member State: not an import)", "NO (Annex III: outside CBAM)");
    }

    @Test
    void flagsImportDatesOutsideThePeriod() {
        ReportCheckInput v = valid(report());
        AcceptedShipments a = v.accepted();
        AcceptedShipments late = new AcceptedShipments(a.shipments(), a.netMassGrams(), a.quantityWattHours(),
                a.directGrams(), a.indirectGrams(), a.embeddedGrams(), LocalDate.of(2026, 2, 10), LocalDate.of(2027, 1, 2));

        RuleResult r = result(new ReportCheckInput(v.report(), v.statedTotals(), late, v.deMinimis(),
                v.statedDefaultValueShare()), ReportRule.PERIOD_MATCHES_IMPORT_DATES);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).isEqualTo("import dates 2026-02-10 to 2027-01-02 are not all within period 2026 (2026-01-01 "
                + "to 2026-12-31)");
    }

    @Test
    void flagsAnImporterEoriThatIsNotOne() {
        ReportDocument base = report();
        ReportDocument report = new ReportDocument(ReportingPeriod.parse("2026"), new Importer("de 1234", "X", "DE"),
                base.lines(), new RejectCounts());

        RuleResult r = result(valid(report), ReportRule.IMPORTER_EORI_FORMAT);

        assertThat(r.severity()).isEqualTo(Severity.ERROR);
        assertThat(r.message()).startsWith("importer EORI 'de 1234' is not");
        assertThat(ReportChecks.EORI.matcher("DE123456789012345").matches()).isTrue();
        assertThat(ReportChecks.EORI.matcher("DE1234567890123456").matches()).as("18 characters").isFalse();
    }

    @Test
    void flagsADefinitiveReportThatStatesNoDeMinimisDecision() {
        ReportCheckInput v = valid(report());

        RuleResult missing = result(new ReportCheckInput(v.report(), v.statedTotals(), v.accepted(), null,
                v.statedDefaultValueShare()), ReportRule.DE_MINIMIS_DECISION_STATED);
        DeMinimis wrong = new DeMinimis(60_000_000L, 0, 0, DeMinimis.THRESHOLD_GRAMS, true);
        RuleResult inconsistent = result(new ReportCheckInput(v.report(), v.statedTotals(), v.accepted(), wrong,
                v.statedDefaultValueShare()), ReportRule.DE_MINIMIS_DECISION_STATED);

        assertThat(missing.severity()).isEqualTo(Severity.ERROR);
        assertThat(missing.message()).contains("states no de minimis decision");
        assertThat(inconsistent.severity()).isEqualTo(Severity.ERROR);
        assertThat(inconsistent.message()).contains("(exempt, 60.000000 t) does not follow from the lines (not exempt, 60.000000 t)");
    }

    @Test
    void flagsADefaultValueShareThatIsMissingOrWrong() {
        List<ReportLine> lines = new ArrayList<>(report().lines());
        lines.add(ReportFixtures.actualLine("72081000", Sector.IRON_STEEL, "IN", "IN-1", "100", "1.5", "0"));
        ReportDocument report = ReportFixtures.report("2026", lines);
        ReportCheckInput v = valid(report);
        BigDecimal share = ReportChecks.defaultValueShare(report.lines());

        RuleResult wrong = result(new ReportCheckInput(report, v.statedTotals(), v.accepted(), v.deMinimis(),
                new BigDecimal("100.00")), ReportRule.DEFAULT_VALUE_SHARE_STATED);
        RuleResult missing = result(new ReportCheckInput(report, v.statedTotals(), v.accepted(), v.deMinimis(), null),
                ReportRule.DEFAULT_VALUE_SHARE_STATED);

        assertThat(share).isBetween(BigDecimal.ONE, new BigDecimal("99"));
        assertThat(wrong.severity()).isEqualTo(Severity.ERROR);
        assertThat(wrong.message()).startsWith("stated share 100.00 % differs from the lines: default values: " + share);
        assertThat(missing.severity()).isEqualTo(Severity.WARNING);
        assertThat(report.lines()).anyMatch(l -> l.method() == EmissionMethod.ACTUAL);
    }
}
