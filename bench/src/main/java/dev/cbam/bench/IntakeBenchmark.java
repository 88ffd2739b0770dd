package dev.cbam.bench;

import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Intake (benchmark a): cutting a realistic CSV batch into rows ({@link ShipmentRowReader}), checking the rows
 * ({@link ShipmentValidator}), and both, as the job's source and "Validate shipments" step do per row.
 * Scores are rows per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class IntakeBenchmark {

    private byte[] csv;
    private List<ShipmentRow> rows;
    private ShipmentValidator validator;

    @Setup
    public void setUp() {
        RealisticShipments inputs = RealisticShipments.generate();
        csv = inputs.csv;
        rows = inputs.rows;
        validator = inputs.validator();
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.ROWS)
    public void readRows(Blackhole bh) throws IOException {
        ShipmentRowReader reader = new ShipmentRowReader("shipments-01.csv", new ByteArrayInputStream(csv), null);
        ShipmentRow row;
        while ((row = reader.next()) != null) {
            bh.consume(row);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.ROWS)
    public void validateRows(Blackhole bh) {
        for (int i = 0; i < rows.size(); i++) {
            Shipment s = validator.validate(rows.get(i));
            bh.consume(s != null ? s : validator.lastReject());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.ROWS)
    public void readAndValidateRows(Blackhole bh) throws IOException {
        ShipmentRowReader reader = new ShipmentRowReader("shipments-01.csv", new ByteArrayInputStream(csv), null);
        ShipmentRow row;
        while ((row = reader.next()) != null) {
            Shipment s = validator.validate(row);
            bh.consume(s != null ? s : validator.lastReject());
        }
    }
}
