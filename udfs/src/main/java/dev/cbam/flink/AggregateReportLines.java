package dev.cbam.flink;

import dev.cbam.report.ReportLine;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Step 5 of the job, keyed by report line: sums the changes to each line exactly and emits the line's
 * complete current value (an upsert, never an increment). In streaming mode a changed line is emitted at
 * most once per {@code updateIntervalMillis}, and always at the end of the input; in batch mode once, at the
 * end. A line whose shipments were all taken away is emitted empty, so that sinks delete it.
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

    /** @param updateIntervalMillis how often a changed line is emitted before the end of the input; 0 for only at the end */
    public AggregateReportLines(long updateIntervalMillis) {
        this.updateIntervalMillis = updateIntervalMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        line = getRuntimeContext().getState(LINE);
        updateDue = getRuntimeContext().getState(UPDATE_DUE);
    }

    @Override
    public void processElement(ReportLine change, Context ctx, Collector<ReportLine> out) throws Exception {
        ReportLine current = line.value();
        // A removal may come first in batch mode, which orders the changes of a line arbitrarily.
        line.update(current == null ? change : current.merge(change));
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
