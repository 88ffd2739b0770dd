package dev.cbam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.DuplicateShipments;
import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped sample files through the whole domain core, as the job runs them. */
class SampleFilesTest {

    private static final Path SAMPLES = Path.of("..", "datasets", "samples");

    private record Outcome(List<ShipmentEmissions> accepted, List<Reject> rejects, int read) {}

    private static Outcome run(String file, String period, InstallationTable installations) throws IOException {
        ReferenceData reference = Fixtures.reference();
        ReportingPeriod p = ReportingPeriod.parse(period);
        ShipmentValidator validator = new ShipmentValidator(reference.countries(), reference.scope(), p);
        EmbeddedEmissionsCalculator calculator = new EmbeddedEmissionsCalculator(reference, installations, p);
        List<ShipmentEmissions> accepted = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        Map<String, Shipment> firstById = new HashMap<>();
        int read = 0;
        try (InputStream in = Files.newInputStream(SAMPLES.resolve(file))) {
            ShipmentRowReader reader = new ShipmentRowReader(file, in, null);
            ShipmentRow row;
            while ((row = reader.next()) != null) {
                read++;
                Shipment shipment = validator.validate(row);
                if (shipment == null) {
                    rejects.add(validator.lastReject());
                    continue;
                }
                EmbeddedEmissionsCalculator.Result result = calculator.calculate(shipment);
                if (result.emissions() == null) {
                    rejects.add(result.toReject(shipment));
                    continue;
                }
                Shipment first = firstById.putIfAbsent(shipment.shipmentId(), shipment);
                if (first != null) {
                    assertThat(DuplicateShipments.precedes(first, shipment)).isTrue();
                    rejects.add(DuplicateShipments.reject(shipment, first));
                    continue;
                }
                accepted.add(result.emissions());
            }
        }
        return new Outcome(accepted, rejects, read);
    }

    @Test
    void theDemoFileCoversEverySectorAndEveryRejectReason() throws IOException {
        InstallationTable installations;
        try (InputStream in = Files.newInputStream(SAMPLES.resolve("demo_installations.csv"))) {
            installations = InstallationTable.read("demo_installations.csv", in, Fixtures.reference().countries());
        }
        Outcome outcome = run("demo_shipments_2026.csv", "2026", installations);

        assertThat(outcome.read()).isEqualTo(329);
        assertThat(outcome.accepted().size() + outcome.rejects().size()).isEqualTo(outcome.read());
        Set<Sector> sectors = EnumSet.noneOf(Sector.class);
        Set<String> countries = new HashSet<>();
        outcome.accepted().forEach(e -> {
            sectors.add(e.shipment().sector());
            countries.add(e.shipment().originCountry());
        });
        assertThat(sectors).containsExactlyInAnyOrder(Sector.values());
        assertThat(countries).hasSizeGreaterThanOrEqualTo(10);
        assertThat(outcome.accepted()).anyMatch(e -> e.method() == EmissionMethod.ACTUAL);

        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        outcome.rejects().forEach(r -> reasons.addAll(r.reasons()));
        assertThat(reasons).containsExactlyInAnyOrder(EnumSet.complementOf(EnumSet.of(RejectReason.BAD_HEADER))
                .toArray(new RejectReason[0]));
        assertThat(outcome.rejects()).hasSize(17);
    }

    @Test
    void theGreenLangFormatIsReadAsItIs() throws IOException {
        Outcome outcome = run("greenlang_format_2025Q4.csv", "2025Q4", InstallationTable.empty());
        assertThat(outcome.read()).isEqualTo(42);
        assertThat(outcome.accepted()).hasSize(40);
        assertThat(outcome.rejects()).extracting(Reject::reasonCodes).containsExactlyInAnyOrder("CN_NOT_IN_SCOPE", "OUT_OF_PERIOD");
        assertThat(outcome.accepted()).allSatisfy(e -> assertThat(e.markUpRate()).isZero());
    }
}
