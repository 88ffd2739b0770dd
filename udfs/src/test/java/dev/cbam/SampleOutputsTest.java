package dev.cbam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.declaration.CbamDeclaration;
import dev.cbam.declaration.DeclarationCalculator;
import dev.cbam.declaration.DeclarationParameters;
import dev.cbam.declaration.DeclarationReferenceData;
import dev.cbam.declaration.QuarterlyReportLine;
import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.qreport.Address;
import dev.cbam.qreport.ImportedQuantities;
import dev.cbam.qreport.Party;
import dev.cbam.qreport.QReport;
import dev.cbam.qreport.QReportHeader;
import dev.cbam.qreport.QReportWriter;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.validation.AcceptedShipments;
import dev.cbam.report.validation.ReportCheckInput;
import dev.cbam.report.validation.ReportChecks;
import dev.cbam.report.validation.RuleResult;
import dev.cbam.testing.Fixtures;
import dev.cbam.testing.ReportFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped sample files through to the regulatory outputs: QReport, declaration and report rules. */
class SampleOutputsTest {

    private static final Path SAMPLES = Path.of("..", "datasets", "samples");

    /** The accepted shipments of a sample file (first id wins, as in the job). */
    private static List<ShipmentEmissions> accepted(String file, String period, InstallationTable installations)
            throws IOException {
        ReferenceData reference = Fixtures.reference();
        ReportingPeriod p = ReportingPeriod.parse(period);
        ShipmentValidator validator = new ShipmentValidator(reference.countries(), reference.scope(), p);
        EmbeddedEmissionsCalculator calculator = new EmbeddedEmissionsCalculator(reference, installations, p);
        List<ShipmentEmissions> accepted = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (InputStream in = Files.newInputStream(SAMPLES.resolve(file))) {
            ShipmentRowReader reader = new ShipmentRowReader(file, in, null);
            ShipmentRow row;
            while ((row = reader.next()) != null) {
                Shipment shipment = validator.validate(row);
                EmbeddedEmissionsCalculator.Result result = shipment == null ? null : calculator.calculate(shipment);
                if (result != null && result.emissions() != null && ids.add(shipment.shipmentId())) {
                    accepted.add(result.emissions());
                }
            }
        }
        return accepted;
    }

    @Test
    void theTransitionalSampleBecomesASchemaValidQReport() throws IOException {
        List<ShipmentEmissions> accepted = accepted("greenlang_format_2025Q4.csv", "2025Q4", InstallationTable.empty());
        ImportedQuantities quantities = ImportedQuantities.none();
        accepted.forEach(e -> quantities.add(e, 1));
        ReportDocument report = new ReportDocument(ReportingPeriod.parse("2025Q4"), ReportFixtures.IMPORTER,
                ReportFixtures.lines(accepted), new RejectCounts());
        QReportHeader header = new QReportHeader(new Party(ReportFixtures.IMPORTER.eori(), ReportFixtures.IMPORTER.name(),
                Address.of("DE", "Duisburg")), null, "Erika Muster", "CBAM officer", "Duisburg", true, true, null, null, null);

        QReport q = new QReportWriter(Fixtures.reference()).write(report, header, quantities, Map.of());

        assertThat(q.goods()).isPositive();
        assertThat(q.emissionBlocks()).isEqualTo(report.lines().size());
    }

    @Test
    void theDemoYearBecomesADeclarationThatPassesTheReportRules() throws IOException {
        InstallationTable installations;
        try (InputStream in = Files.newInputStream(SAMPLES.resolve("demo_installations.csv"))) {
            installations = InstallationTable.read("demo_installations.csv", in, Fixtures.reference().countries());
        }
        List<ShipmentEmissions> accepted = accepted("demo_shipments_2026.csv", "2026", installations);
        Map<String, QuarterlyReportLine> quarterly = new LinkedHashMap<>();
        long shipments = 0;
        long mass = 0;
        long wh = 0;
        long direct = 0;
        long indirect = 0;
        long embedded = 0;
        LocalDate first = null;
        LocalDate last = null;
        for (ShipmentEmissions e : accepted) {
            QuarterlyReportLine q = QuarterlyReportLine.of(e, 1);
            quarterly.merge(q.key(), q, QuarterlyReportLine::merge);
            shipments++;
            mass += e.shipment().netMassGrams();
            wh += e.shipment().quantityWattHours();
            direct += e.directGrams();
            indirect += e.indirectGrams();
            embedded += e.embeddedGrams();
            LocalDate d = e.shipment().importDate();
            first = first == null || d.isBefore(first) ? d : first;
            last = last == null || d.isAfter(last) ? d : last;
        }
        CbamDeclaration declaration = new DeclarationCalculator(Fixtures.reference(), DeclarationReferenceData.fromClasspath())
                .calculate(ReportingPeriod.parse("2026"), ReportFixtures.IMPORTER, quarterly.values(),
                        DeclarationParameters.defaults());
        List<ReportLine> lines = ReportFixtures.lines(accepted);
        ReportDocument report = new ReportDocument(ReportingPeriod.parse("2026"), ReportFixtures.IMPORTER, lines,
                new RejectCounts());

        List<RuleResult> results = new ReportChecks(Fixtures.reference()).run(new ReportCheckInput(report, report.totals(),
                new AcceptedShipments(shipments, mass, wh, direct, indirect, embedded, first, last), declaration.deMinimis(),
                ReportChecks.defaultValueShare(report.lines())));

        assertThat(ReportChecks.passes(results)).as(results.toString()).isTrue();
        assertThat(declaration.deMinimis().exempt()).isFalse();
        assertThat(declaration.lines()).hasSize(report.lines().size());
        assertThat(declaration.totals().embeddedEmissions()).isEqualByComparingTo(
                dev.cbam.report.Tonnes.fromGrams(report.totals().embeddedGrams()));
        assertThat(declaration.totals().certificates()).isPositive();
        assertThat(declaration.totals().unpricedCertificates()).as("Q3 and Q4 2026 have no published price").isPositive();
        assertThat(declaration.installationsToVerify()).isNotEmpty();
    }
}
