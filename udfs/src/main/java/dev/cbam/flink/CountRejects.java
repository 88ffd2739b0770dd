package dev.cbam.flink;

import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts the rejects of every step on their way to the sink: {@code cbam.shipments_rejected}, and per reason
 * code {@code cbam.reason.<CODE>.shipments_rejected} (a reject with two reasons counts under both; the
 * counters of all reason codes exist from the start, at zero, so that a dashboard shows every reason).
 */
public final class CountRejects extends RichMapFunction<Reject, Reject> {

    private static final long serialVersionUID = 1L;

    private transient Counter rejected;
    private transient Map<RejectReason, Counter> byReason;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup cbam = CbamMetrics.of(getRuntimeContext().getMetricGroup());
        rejected = cbam.counter(CbamMetrics.SHIPMENTS_REJECTED);
        byReason = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            byReason.put(reason, cbam.addGroup(CbamMetrics.REASON, reason.name()).counter(CbamMetrics.SHIPMENTS_REJECTED));
        }
    }

    @Override
    public Reject map(Reject reject) {
        rejected.inc();
        for (RejectReason reason : reject.reasons()) {
            byReason.get(reason).inc();
        }
        return reject;
    }
}
