package dev.cbam.flink;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.DuplicateShipments;
import dev.cbam.intake.Shipment;
import dev.cbam.report.EmissionsChange;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 4 of the job, keyed by shipment id: a shipment id counts once. The row that comes first in the input
 * (by file, then line; {@link DuplicateShipments}) is kept, whatever order a parallel job sees the rows in:
 * when an earlier row arrives after a later one was already counted, the later one is taken back out
 * ({@code sign -1}) and rejected. Every other row with the id is rejected as {@code DUPLICATE_SHIPMENT_ID}.
 */
public final class KeepFirstShipmentId extends KeyedProcessFunction<String, ShipmentEmissions, EmissionsChange> {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_REJECTED = "rows-rejected-as-duplicates";

    private static final ValueStateDescriptor<ShipmentEmissions> KEPT =
            new ValueStateDescriptor<>("kept-shipment", TypeInformation.of(ShipmentEmissions.class));

    private transient ValueState<ShipmentEmissions> kept;
    private transient LongCounter rejected;

    @Override
    public void open(OpenContext openContext) {
        kept = getRuntimeContext().getState(KEPT);
        rejected = getRuntimeContext().getLongCounter(ROWS_REJECTED);
    }

    @Override
    public void processElement(ShipmentEmissions candidate, Context ctx, Collector<EmissionsChange> out) throws Exception {
        ShipmentEmissions current = kept.value();
        if (current == null) {
            kept.update(candidate);
            out.collect(new EmissionsChange(candidate, 1));
            return;
        }
        Shipment now = current.shipment();
        Shipment next = candidate.shipment();
        if (now.sourceFile().equals(next.sourceFile()) && now.sourceLine() == next.sourceLine()) {
            return; // the same row again (a replayed input): already counted
        }
        if (DuplicateShipments.precedes(next, now)) {
            kept.update(candidate);
            out.collect(new EmissionsChange(current, -1));
            out.collect(new EmissionsChange(candidate, 1));
            ctx.output(Rejects.TAG, DuplicateShipments.reject(now, next));
        } else {
            ctx.output(Rejects.TAG, DuplicateShipments.reject(next, now));
        }
        rejected.add(1);
    }
}
