package dev.cbam.flink;

import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.reference.CnScope;
import dev.cbam.reference.CountryTable;
import dev.cbam.report.ReportingPeriod;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.io.ByteArrayInputStream;

/**
 * Step 2 of the job: each row of a shipment file becomes a {@link Shipment}, or a {@link Reject} on the
 * {@link Rejects#TAG} side output.
 *
 * <p>It also counts what the run must account for at the end: rows read, files read to their end, and the
 * rows those files had. The counts are kept in operator state, so that after a restart from a checkpoint (or
 * a rescale) the accumulators {@value #ROWS_READ}, {@value #FILES_COMPLETED} and
 * {@value #ROWS_IN_COMPLETED_FILES} still hold the totals of the whole input, not of the last attempt.
 *
 * <p>For monitoring it reports the {@link CbamMetrics} of the intake: shipments read (and per second), bytes
 * read (each row's UTF-8 bytes plus one for its line end; header lines are not counted), files completed, and
 * the run's input files and bytes when known at the start, so that progress is bytes read over input bytes.
 */
public final class ValidateShipments extends ProcessFunction<ShipmentRow, Shipment> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_READ = "rows-read";
    public static final String ROWS_REJECTED = "rows-rejected-at-validation";
    public static final String FILES_COMPLETED = "files-completed";
    public static final String ROWS_IN_COMPLETED_FILES = "rows-in-completed-files";

    /** Per subtask: rows read, files completed, rows in completed files, bytes read (list state: rescales by splitting). */
    private static final ListStateDescriptor<long[]> COUNTS =
            new ListStateDescriptor<>("intake-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    private final byte[] countriesCsv;
    private final byte[] annexIRules;
    private final ReportingPeriod period;
    private final long maxRowsPerSecond;
    private final long inputFiles;
    private final long inputBytes;
    private transient ShipmentValidator validator;
    private transient long nanosPerRow;
    private transient long nextRowAt;
    private transient ListState<long[]> countsState;
    private transient long[] restored;
    private transient LongCounter rowsRead;
    private transient LongCounter rowsRejected;
    private transient LongCounter filesCompleted;
    private transient LongCounter rowsInCompletedFiles;
    private transient Counter shipmentsRead;
    private transient Counter bytesRead;
    private transient Counter filesCompletedMetric;

    /**
     * @param countriesCsv the {@code countries.csv} of the run's reference data
     * @param annexIRules the {@code cn_codes_annex_I_rules.json} of the run's reference data
     * @param period the reporting period
     */
    public ValidateShipments(byte[] countriesCsv, byte[] annexIRules, ReportingPeriod period) {
        this(countriesCsv, annexIRules, period, 0, 0, 0);
    }

    /**
     * @param maxRowsPerSecond the most rows the whole job takes in per second, to spare a shared database;
     *     0 for no limit
     * @param inputFiles how many files the run reads, for the progress metrics; 0 when unknown (a watched folder)
     * @param inputBytes their total size; 0 when unknown
     */
    public ValidateShipments(byte[] countriesCsv, byte[] annexIRules, ReportingPeriod period, long maxRowsPerSecond,
            long inputFiles, long inputBytes) {
        this.countriesCsv = countriesCsv.clone();
        this.annexIRules = annexIRules.clone();
        this.period = period;
        this.maxRowsPerSecond = maxRowsPerSecond;
        this.inputFiles = inputFiles;
        this.inputBytes = inputBytes;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        countsState = context.getOperatorStateStore().getListState(COUNTS);
        restored = new long[4];
        for (long[] counts : countsState.get()) {
            // Savepoints of earlier versions hold three counts (no bytes read).
            for (int i = 0; i < Math.min(restored.length, counts.length); i++) {
                restored[i] += counts[i];
            }
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        validator = new ShipmentValidator(CountryTable.read(new ByteArrayInputStream(countriesCsv)),
                CnScope.read(new ByteArrayInputStream(annexIRules)), period);
        rowsRead = getRuntimeContext().getLongCounter(ROWS_READ);
        rowsRejected = getRuntimeContext().getLongCounter(ROWS_REJECTED);
        filesCompleted = getRuntimeContext().getLongCounter(FILES_COMPLETED);
        rowsInCompletedFiles = getRuntimeContext().getLongCounter(ROWS_IN_COMPLETED_FILES);
        if (maxRowsPerSecond > 0) {
            int tasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            nanosPerRow = 1_000_000_000L * tasks / maxRowsPerSecond;
        }
        MetricGroup cbam = CbamMetrics.of(getRuntimeContext().getMetricGroup());
        shipmentsRead = cbam.counter(CbamMetrics.SHIPMENTS_READ);
        cbam.meter(CbamMetrics.SHIPMENTS_PER_SECOND, new MeterView(shipmentsRead, CbamMetrics.RATE_WINDOW_SECONDS));
        bytesRead = cbam.counter(CbamMetrics.BYTES_READ);
        filesCompletedMetric = cbam.counter(CbamMetrics.FILES_COMPLETED);
        cbam.gauge(CbamMetrics.INPUT_FILES, () -> inputFiles);
        cbam.gauge(CbamMetrics.INPUT_BYTES, () -> inputBytes);
        if (restored != null) {
            rowsRead.add(restored[0]);
            filesCompleted.add(restored[1]);
            rowsInCompletedFiles.add(restored[2]);
            shipmentsRead.inc(restored[0]);
            filesCompletedMetric.inc(restored[1]);
            bytesRead.inc(restored[3]);
        }
    }

    @Override
    public void processElement(ShipmentRow row, Context ctx, Collector<Shipment> out) {
        if (row.isEndOfFile()) {
            filesCompleted.add(1);
            rowsInCompletedFiles.add(row.line());
            filesCompletedMetric.inc();
            return;
        }
        rowsRead.add(1);
        shipmentsRead.inc();
        bytesRead.inc(utf8Length(row.text()) + 1);
        if (nanosPerRow > 0) {
            throttle();
        }
        Shipment shipment = validator.validate(row);
        if (shipment != null) {
            out.collect(shipment);
        } else {
            rowsRejected.add(1);
            Reject reject = validator.lastReject();
            ctx.output(Rejects.TAG, reject);
        }
    }

    /** The bytes of a row as read (UTF-8), without its line end. */
    static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes up to U+07FF, 3 above; a surrogate pair (4 bytes) is two chars of 2 each
                bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    private void throttle() {
        long now = System.nanoTime();
        if (nextRowAt == 0 || now - nextRowAt > 1_000_000_000L) {
            nextRowAt = now; // start, or after a pause: no burst to catch up
        }
        nextRowAt += nanosPerRow;
        long wait = nextRowAt - now;
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        countsState.update(java.util.List.of(
                new long[] {rowsRead.getLocalValue(), filesCompleted.getLocalValue(), rowsInCompletedFiles.getLocalValue(),
                        bytesRead.getCount()}));
    }
}
