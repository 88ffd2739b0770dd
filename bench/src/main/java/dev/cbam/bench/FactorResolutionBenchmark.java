package dev.cbam.bench;

import dev.cbam.intake.Shipment;
import dev.cbam.reference.DefaultValueTable;
import dev.cbam.reference.InstallationTable;
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
 * Factor resolution (benchmark b), uncached: the default value of a CN code and country of origin (longest
 * listed CN prefix, the country's row or "other countries", the variant) for the realistic mix of codes and
 * countries of the generated file, and an installation's actual value for the shipments naming one. The job
 * caches both per kind of shipment ({@code EmbeddedEmissionsCalculator}); this is the cost of a cache miss.
 * Scores are lookups per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class FactorResolutionBenchmark {

    private DefaultValueTable defaults;
    private InstallationTable installations;
    private Shipment[] goods;
    private Shipment[] withInstallation;

    @Setup
    public void setUp() {
        RealisticShipments inputs = RealisticShipments.generate();
        defaults = inputs.reference.defaultValues();
        installations = inputs.installations;
        goods = new Shipment[RealisticShipments.BATCH];
        withInstallation = new Shipment[RealisticShipments.BATCH];
        int g = 0;
        int w = 0;
        for (int pass = 0; g < goods.length || w < withInstallation.length; pass++) {
            for (Shipment s : inputs.shipments) {
                if (!s.cnCode().equals("27160000") && g < goods.length) {
                    goods[g++] = s;
                }
                if (s.installationId() != null && w < withInstallation.length) {
                    withInstallation[w++] = s;
                }
            }
            if (pass > 1000) {
                throw new IllegalStateException("the generated file has no shipment naming an installation");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.BATCH)
    public void resolveDefaultValue(Blackhole bh) {
        for (Shipment s : goods) {
            bh.consume(defaults.resolve(s.cnCode(), s.originCountry(), s.productVariant()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RealisticShipments.BATCH)
    public void findInstallationValue(Blackhole bh) {
        for (Shipment s : withInstallation) {
            bh.consume(installations.find(s.installationId(), s.cnCode(), s.importDate(), true));
        }
    }
}
