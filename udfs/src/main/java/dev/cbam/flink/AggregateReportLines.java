package dev.cbam.flink;

import dev.cbam.report.ReportLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Step 5 of the job, keyed by report line: sums the changes to each line exactly and emits the line's
 * complete current value (an upsert, never an increment). In streaming mode a changed line is emitted at
 * most once per {@code updateIntervalMillis}, and always at the end of the input; in batch mode once, at the
 * end. A line whose shipments were all taken away is emitted empty, so that sinks delete it.
 *
 * <p>Its metric {@code cbam.sector.<sector>.country.<origin>.embedded_emissions_tonnes} is the embedded
 * emissions (that count) summed by the subtask since it started, for a live view by sector and country; the
 * exact figures are the report's.
 */
public final class AggregateReportLines extends KeyedProcessFunction<String, ReportLine, ReportLine> {

    private static final long serialVersionUID = 1L;

    private static final ValueStateDescriptor<ReportLine> LINE =
            new ValueStateDescriptor<>("report-line", TypeInformation.of(ReportLine.class));
    private static final ValueStateDescriptor<Long> UPDATE_DUE =
            new ValueStateDescriptor<>("update-due", Types.LONG);

    private final long updateIntervalMillis;
    private transient ValueState<ReportLine> line;
    private transient ValueState<Long> updateDue;
    /** Embedded emissions summed by this subtask, in grams, per sector and country of origin. */
    private transient Map<String, long[]> emissionsGrams;
    private transient MetricGroup metrics;

    /** @param updateIntervalMillis how often a changed line is emitted before the end of the input; 0 for only at the end */
    public AggregateReportLines(long updateIntervalMillis) {
        this.updateIntervalMillis = updateIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        line = getRuntimeContext().getState(LINE);
        updateDue = getRuntimeContext().getState(UPDATE_DUE);
        emissionsGrams = new HashMap<>();
        metrics = CbamMetrics.of(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ReportLine change, Context ctx, Collector<ReportLine> out) throws Exception {
        ReportLine current = line.value();
        // A removal may come first in batch mode, which orders the changes of a line arbitrarily.
        ReportLine merged = current == null ? change : current.merge(change);
        line.update(merged);
        addEmissions(current, merged);
        if (updateDue.value() == null) {
            // The end-of-input watermark fires this in both modes; the processing-time timer gives streaming
            // runs their intermediate updates (batch fires it at the end of the key as well).
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            long due = updateIntervalMillis > 0 ? ctx.timerService().currentProcessingTime() + updateIntervalMillis : Long.MAX_VALUE;
            if (updateIntervalMillis > 0) {
                ctx.timerService().registerProcessingTimeTimer(due);
            }
            updateDue.update(due);
        }
    }

    /**
     * Moves the line's contribution to its sector and country's gauge from its old to its new value. A line
     * known only from removals so far has no sector yet: it counts once its addition arrives, with the net.
     */
    private void addEmissions(ReportLine before, ReportLine after) {
        if (after.isRemoval() || after.sector() == null) {
            return;
        }
        long delta = after.embeddedGrams() - (before == null || before.isRemoval() ? 0 : before.embeddedGrams());
        String key = after.sector().name() + '|' + after.originCountry();
        long[] grams = emissionsGrams.get(key);
        if (grams == null) {
            long[] sum = new long[1];
            grams = sum;
            emissionsGrams.put(key, sum);
            metrics.addGroup(CbamMetrics.SECTOR, after.sector().id())
                    .addGroup(CbamMetrics.COUNTRY, after.originCountry())
                    .gauge(CbamMetrics.EMBEDDED_EMISSIONS, () -> sum[0] / 1_000_000.0);
        }
        grams[0] += delta;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReportLine> out) throws Exception {
        Long due = updateDue.value();
        if (due == null) {
            return; // already emitted, nothing changed since
        }
        if (due != Long.MAX_VALUE && ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
            ctx.timerService().deleteProcessingTimeTimer(due);
        }
        ReportLine current = line.value();
        if (current.shipments() < 0 || (current.isRemoval() && !current.isEmpty())) {
            throw new IllegalStateException("line " + current.lineKey() + " has lost more shipments than it had: " + current);
        }
        out.collect(current);
        updateDue.clear();
        if (current.isEmpty()) {
            line.clear();
        }
    }
}
