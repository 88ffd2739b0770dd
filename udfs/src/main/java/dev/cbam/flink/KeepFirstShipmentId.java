package dev.cbam.flink;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.DuplicateShipments;
import dev.cbam.intake.Shipment;
import dev.cbam.report.CountedShipment;
import dev.cbam.report.ReportLine;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Step 4 of the job, keyed by shipment id: a shipment id counts once. The row that comes first in the input
 * (by file, then line; {@link DuplicateShipments}) is kept, whatever order a parallel job sees the rows in:
 * when an earlier row arrives after a later one was already counted, the later one is taken back out of its
 * report line and rejected. Every other row with the id is rejected as {@code DUPLICATE_SHIPMENT_ID}.
 *
 * <p>Emits changes to report lines (a shipment added, or taken away); the kept shipments themselves go to
 * the {@link #KEPT} side output, for the per-shipment table.
 */
public final class KeepFirstShipmentId extends KeyedProcessFunction<String, ShipmentEmissions, ReportLine> {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_REJECTED = "rows-rejected-as-duplicates";

    /** Shipments as they are kept; a later kept row of the same id replaces an earlier-emitted one. */
    public static final OutputTag<ShipmentEmissions> KEPT =
            new OutputTag<>("kept-shipments", TypeInformation.of(ShipmentEmissions.class));

    private static final ValueStateDescriptor<CountedShipment> COUNTED =
            new ValueStateDescriptor<>("counted-shipment", TypeInformation.of(CountedShipment.class));

    private transient ValueState<CountedShipment> counted;
    private transient LongCounter rejected;
    private transient Counter accepted;

    @Override
    public void open(OpenContext openContext) {
        counted = getRuntimeContext().getState(COUNTED);
        rejected = getRuntimeContext().getLongCounter(ROWS_REJECTED);
        accepted = CbamMetrics.of(getRuntimeContext().getMetricGroup()).counter(CbamMetrics.SHIPMENTS_ACCEPTED);
    }

    @Override
    public void processElement(ShipmentEmissions candidate, Context ctx, Collector<ReportLine> out) throws Exception {
        CountedShipment current = counted.value();
        Shipment next = candidate.shipment();
        if (current == null) {
            keep(candidate, ctx, out);
            return;
        }
        if (current.sourceFile().equals(next.sourceFile()) && current.line() == next.sourceLine()) {
            return; // the same row again (a replayed input): already counted
        }
        if (DuplicateShipments.precedes(next.sourceFile(), next.sourceLine(), current.sourceFile(), current.line())) {
            out.collect(current.removal());
            accepted.dec();
            ctx.output(Rejects.TAG, DuplicateShipments.reject(next.shipmentId(), current.sourceFile(), current.line(),
                    current.rawText(), next.sourceFile(), next.sourceLine()));
            keep(candidate, ctx, out);
        } else {
            ctx.output(Rejects.TAG, DuplicateShipments.reject(next.shipmentId(), next.sourceFile(), next.sourceLine(),
                    next.rawText(), current.sourceFile(), current.line()));
        }
        rejected.add(1);
    }

    private void keep(ShipmentEmissions e, Context ctx, Collector<ReportLine> out) throws Exception {
        counted.update(CountedShipment.of(e));
        out.collect(ReportLine.of(e, 1));
        ctx.output(KEPT, e);
        accepted.inc();
    }
}
