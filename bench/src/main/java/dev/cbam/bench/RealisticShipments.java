package dev.cbam.bench;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.generate.ShipmentGenerator;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.report.ReportingPeriod;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs of the microbenchmarks, as the job sees them: a shipment file of {@value #ROWS} rows made by the
 * project's own {@link ShipmentGenerator} (seed 2026, the same skew of CN codes and countries, 10 % of rows
 * naming an installation, 1 % bad rows of every reject reason), its installations file, the shipped
 * reference data, and what the intake and the calculator make of them.
 */
final class RealisticShipments {

    /** Rows of the generated file, header excluded. */
    static final int ROWS = 10_000;
    /** Items of the fixed-size arrays the per-item benchmarks cycle through. */
    static final int BATCH = 8_192;
    static final ReportingPeriod PERIOD = ReportingPeriod.parse("2026");

    final ReferenceData reference;
    final InstallationTable installations;
    final byte[] csv;
    /** Every row of the file, in order. */
    final List<ShipmentRow> rows;
    /** {@link #BATCH} accepted shipments (cycling through those of the file). */
    final Shipment[] shipments;
    /** The emissions of {@link #shipments}, by the same index. */
    final ShipmentEmissions[] emissions;

    private RealisticShipments(ReferenceData reference, InstallationTable installations, byte[] csv) throws IOException {
        this.reference = reference;
        this.installations = installations;
        this.csv = csv;
        this.rows = readRows(csv);
        ShipmentValidator validator = validator();
        EmbeddedEmissionsCalculator calculator = calculator();
        List<Shipment> accepted = new ArrayList<>();
        List<ShipmentEmissions> computed = new ArrayList<>();
        for (ShipmentRow row : rows) {
            Shipment s = validator.validate(row);
            if (s != null) {
                EmbeddedEmissionsCalculator.Result r = calculator.calculate(s);
                if (r.emissions() != null) {
                    accepted.add(s);
                    computed.add(r.emissions());
                }
            }
        }
        this.shipments = new Shipment[BATCH];
        this.emissions = new ShipmentEmissions[BATCH];
        for (int i = 0; i < BATCH; i++) {
            shipments[i] = accepted.get(i % accepted.size());
            emissions[i] = computed.get(i % computed.size());
        }
    }

    static RealisticShipments generate() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("cbam-bench-");
            ReferenceData reference = ReferenceData.fromClasspath();
            new ShipmentGenerator(reference, PERIOD, 2026, 0.01, 0.1).write(dir, ROWS, 1);
            byte[] csv = Files.readAllBytes(dir.resolve("shipments-01.csv"));
            InstallationTable installations;
            try (InputStream in = Files.newInputStream(dir.resolve("installations.csv"))) {
                installations = InstallationTable.read("installations.csv", in, reference.countries(), reference.scope());
            }
            return new RealisticShipments(reference, installations, csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    ShipmentValidator validator() {
        return new ShipmentValidator(reference.countries(), reference.scope(), PERIOD);
    }

    EmbeddedEmissionsCalculator calculator() {
        return new EmbeddedEmissionsCalculator(reference, installations, PERIOD);
    }

    static List<ShipmentRow> readRows(byte[] csv) throws IOException {
        List<ShipmentRow> rows = new ArrayList<>(ROWS);
        ShipmentRowReader reader = new ShipmentRowReader("shipments-01.csv", new ByteArrayInputStream(csv), null);
        ShipmentRow row;
        while ((row = reader.next()) != null) {
            rows.add(row);
        }
        if (rows.size() != ROWS) {
            throw new IllegalStateException("expected " + ROWS + " rows, read " + rows.size());
        }
        return rows;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
