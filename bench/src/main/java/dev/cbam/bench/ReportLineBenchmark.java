package dev.cbam.bench;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.report.ReportLine;
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

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Report lines (benchmark d): turning a shipment's emissions into a line change ({@link ReportLine#of}) and
 * summing changes by line key with {@link ReportLine#merge}, as {@code CombineLineChanges} (before the
 * shuffle) and {@code AggregateReportLines} (after it) do, over the realistic mix of lines. Scores are
 * changes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ReportLineBenchmark {

    private ShipmentEmissions[] emissions;
    private ReportLine[] changes;

    @Setup
    public void setUp() {
        RealisticShipments inputs = RealisticShipments.generate();
        emissions = inputs.emissions;
        changes = new ReportLine[emissions.length];
        for (int i = 0; i < emissions.length; i++) {
            changes[i] = ReportLine.of(emissions[i], 1);
        }
    }

    /** Line changes merged into a map of sums by key. */
    @Benchmark
    @OperationsPerInvocation(RealisticShipments.BATCH)
    public Map<String, ReportLine> mergeChanges() {
        Map<String, ReportLine> sums = new HashMap<>();
        for (ReportLine change : changes) {
            ReportLine sum = sums.get(change.lineKey());
            sums.put(change.lineKey(), sum == null ? change : sum.merge(change));
        }
        return sums;
    }

    /** The whole per-shipment path of the aggregation: the change made from the emissions, then merged. */
    @Benchmark
    @OperationsPerInvocation(RealisticShipments.BATCH)
    public Map<String, ReportLine> lineOfAndMerge() {
        Map<String, ReportLine> sums = new HashMap<>();
        for (ShipmentEmissions e : emissions) {
            ReportLine change = ReportLine.of(e, 1);
            ReportLine sum = sums.get(change.lineKey());
            sums.put(change.lineKey(), sum == null ? change : sum.merge(change));
        }
        return sums;
    }
}
