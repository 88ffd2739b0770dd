package dev.cbam.bench;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.intake.Shipment;
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

import java.util.concurrent.TimeUnit;

/**
 * Emissions (benchmark c): {@link EmbeddedEmissionsCalculator#calculate} per accepted shipment of the
 * realistic mix, with its factor cache warm as in a running job: the cache lookup, the exact
 * quantity-times-factor products rounded half up to the gram, the report line key and the result objects.
 * Scores are shipments per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EmissionsBenchmark {

    private EmbeddedEmissionsCalculator calculator;
    private Shipment[] shipments;

    @Setup
    public void setUp() {
        RealisticShipments inputs = RealisticShipments.generate();
        calculator = inputs.calculator();
        shipments = inputs.shipments;
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.BATCH)
    public void calculate(Blackhole bh) {
        for (Shipment s : shipments) {
            bh.consume(calculator.calculate(s));
        }
    }
}
