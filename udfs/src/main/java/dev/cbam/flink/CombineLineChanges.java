package dev.cbam.flink;

import dev.cbam.report.ReportLine;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Sums the changes to report lines within a task before they are sent to the task that owns each line: a
 * year's shipments fall into a few thousand lines, so millions of per-shipment changes become one change per
 * line and bundle instead of crossing the network one by one. Exact, since the sums are integers. The sums
 * are mutable ({@link ReportLine.Sum}): one object per line of the bundle, not one per change.
 *
 * <p>A bundle is sent when it holds {@code maxLines} lines or {@code maxChanges} changes, before every
 * checkpoint barrier (so a checkpoint never holds changes that were neither sent nor in state), ahead of every
 * watermark, and at the end of the input.
 */
public final class CombineLineChanges extends AbstractStreamOperator<ReportLine>
        implements OneInputStreamOperator<ReportLine, ReportLine>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final int maxLines;
    private final int maxChanges;
    private transient Map<String, ReportLine.Sum> bundle;
    private transient int changes;

    public CombineLineChanges(int maxLines, int maxChanges) {
        this.maxLines = maxLines;
        this.maxChanges = maxChanges;
    }

    @Override
    public void open() throws Exception {
        super.open();
        bundle = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<ReportLine> element) {
        ReportLine change = element.getValue();
        ReportLine.Sum sum = bundle.get(change.lineKey());
        if (sum == null) {
            bundle.put(change.lineKey(), new ReportLine.Sum(change));
        } else {
            sum.add(change);
        }
        if (++changes >= maxChanges || bundle.size() >= maxLines) {
            send();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        send();
    }

    @Override
    public void endInput() {
        send();
    }

    /**
     * The watermark that ends the input reaches this operator before {@link #endInput()}; the lines are summed
     * and emitted downstream when it passes, so the bundle must go out ahead of it.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        send();
        super.processWatermark(mark);
    }

    private void send() {
        StreamRecord<ReportLine> record = new StreamRecord<>(null);
        for (ReportLine.Sum sum : bundle.values()) {
            output.collect(record.replace(sum.line()));
        }
        bundle.clear();
        changes = 0;
    }
}
