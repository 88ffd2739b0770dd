package dev.cbam.flink;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.DuplicateShipments;
import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.CountedShipment;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Steps 3 and 4 of the job, keyed by shipment id: the embedded emissions of each shipment, then one row per
 * shipment id.
 *
 * <p><b>Enrich.</b> The emissions come from the official reference data and the importer's installations
 * file, which arrive as broadcast state (the files' bytes, so the state is small and needs no custom
 * serializer). Shipments that arrive before all reference files (possible in streaming mode) wait in keyed
 * state and are computed when the last file arrives; none is dropped. In batch mode Flink delivers the
 * broadcast input first. Shipments whose emissions cannot be determined go to the {@link Rejects#TAG} side
 * output.
 *
 * <p><b>Keep the first row of each id.</b> Of the rows with emissions, the one that comes first in the input
 * (by file, then line; {@link DuplicateShipments}) is kept, whatever order a parallel job sees them in: when
 * an earlier row arrives after a later one was already counted, the later one is taken back out of its report
 * line and rejected; every other row of the id is rejected as {@code DUPLICATE_SHIPMENT_ID}.
 *
 * <p>Both steps are keyed by shipment id, so that the rows of one id meet in one task: every row crosses the
 * network once, and the work spreads evenly over the task slots however few CN codes carry most shipments.
 *
 * <p>Emits changes to report lines (a shipment added, or taken away); the kept shipments themselves go to the
 * {@link #KEPT} side output, for the per-shipment table.
 *
 * <p>Metrics ({@link CbamMetrics}): shipments accepted; the shipments of the subtask waiting for the reference
 * data; the enrichment latency in microseconds, from a shipment's arrival to its emissions (waiting included).
 * Waiting shipments restored from a checkpoint are not in the gauge until they are released.
 */
public final class EnrichAndDeduplicate
        extends KeyedBroadcastProcessFunction<String, Shipment, ReferenceFile, ReportLine> {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_REJECTED_AT_ENRICHMENT = "rows-rejected-at-enrichment";
    public static final String ROWS_REJECTED_AS_DUPLICATES = "rows-rejected-as-duplicates";
    /** The enrichment latencies the histogram keeps for its percentiles. */
    private static final int LATENCY_SAMPLES = 10_000;

    /** The reference files, by path. */
    public static final MapStateDescriptor<String, byte[]> REFERENCE_FILES =
            new MapStateDescriptor<>("reference-files", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** Shipments as they are kept; a later kept row of the same id replaces an earlier-emitted one. */
    public static final OutputTag<ShipmentEmissions> KEPT =
            new OutputTag<>("kept-shipments", TypeInformation.of(ShipmentEmissions.class));

    private static final ListStateDescriptor<Shipment> WAITING =
            new ListStateDescriptor<>("waiting-for-reference-data", TypeInformation.of(Shipment.class));
    private static final ValueStateDescriptor<CountedShipment> COUNTED =
            new ValueStateDescriptor<>("counted-shipment", TypeInformation.of(CountedShipment.class));

    private final Map<String, ReferenceDataset> datasetPaths;
    private final String installationsPath;
    private final ReportingPeriod period;
    private transient EmbeddedEmissionsCalculator calculator;
    private transient ListState<Shipment> waiting;
    private transient ValueState<CountedShipment> counted;
    private transient LongCounter rejectedAtEnrichment;
    private transient LongCounter rejectedAsDuplicates;
    private transient Counter accepted;
    /** Shipments of this subtask waiting in keyed state for the reference data. */
    private transient long pending;
    /** When the first of them started waiting (System.nanoTime). */
    private transient long pendingSince;
    private transient Histogram latency;

    /**
     * @param datasetPaths the path (as Flink's file source names it) of each reference dataset
     * @param installationsPath the path of the installations file, or {@code null} for none
     * @param period the reporting period
     */
    public EnrichAndDeduplicate(Map<String, ReferenceDataset> datasetPaths, String installationsPath,
            ReportingPeriod period) {
        this.datasetPaths = Map.copyOf(datasetPaths);
        this.installationsPath = installationsPath;
        this.period = period;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(WAITING);
        counted = getRuntimeContext().getState(COUNTED);
        rejectedAtEnrichment = getRuntimeContext().getLongCounter(ROWS_REJECTED_AT_ENRICHMENT);
        rejectedAsDuplicates = getRuntimeContext().getLongCounter(ROWS_REJECTED_AS_DUPLICATES);
        MetricGroup cbam = CbamMetrics.of(getRuntimeContext().getMetricGroup());
        accepted = cbam.counter(CbamMetrics.SHIPMENTS_ACCEPTED);
        cbam.gauge(CbamMetrics.PENDING_SHIPMENTS, () -> pending);
        latency = cbam.histogram(CbamMetrics.ENRICHMENT_LATENCY, new DescriptiveStatisticsHistogram(LATENCY_SAMPLES));
    }

    /** Where a shipment's results go: the line changes, and the side outputs of either context. */
    private interface Outputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    @Override
    public void processElement(Shipment shipment, ReadOnlyContext ctx, Collector<ReportLine> out) throws Exception {
        if (calculator == null) {
            calculator = build(ctx.getBroadcastState(REFERENCE_FILES));
        }
        if (calculator == null) {
            if (pending++ == 0) {
                pendingSince = System.nanoTime();
            }
            waiting.add(shipment);
            // Fires at the end of the input: reference data that never completed is a failure, not a silent loss.
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            return;
        }
        long started = System.nanoTime();
        process(shipment, ctx::output, out);
        latency.update((System.nanoTime() - started) / 1_000);
    }

    @Override
    public void processBroadcastElement(ReferenceFile file, Context ctx, Collector<ReportLine> out) throws Exception {
        String path = file.path();
        if (!datasetPaths.containsKey(path) && !path.equals(installationsPath)) {
            throw new IllegalStateException("unexpected reference file " + path);
        }
        BroadcastState<String, byte[]> files = ctx.getBroadcastState(REFERENCE_FILES);
        files.put(path, file.content());
        if (calculator == null) {
            calculator = build(files);
            if (calculator != null) {
                // Each waiting shipment's key is the current key here, so its id's counted row is at hand.
                ctx.applyToKeyedState(WAITING, (key, state) -> {
                    for (Shipment shipment : state.get()) {
                        process(shipment, ctx::output, out);
                        // From the moment the first shipment started waiting: an upper bound for the rest.
                        latency.update((System.nanoTime() - pendingSince) / 1_000);
                    }
                    state.clear();
                });
                pending = 0;
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReportLine> out) throws Exception {
        if (waiting.get().iterator().hasNext()) {
            throw new IllegalStateException("the reference data never arrived completely; missing: "
                    + missing(ctx.getBroadcastState(REFERENCE_FILES)));
        }
    }

    /** Enriches the shipment of the current key and counts it, if it is the id's first row. */
    private void process(Shipment shipment, Outputs ctx, Collector<ReportLine> out) throws Exception {
        EmbeddedEmissionsCalculator.Result result = calculator.calculate(shipment);
        if (result.emissions() == null) {
            rejectedAtEnrichment.add(1);
            ctx.output(Rejects.TAG, result.toReject(shipment));
            return;
        }
        ShipmentEmissions candidate = result.emissions();
        CountedShipment current = counted.value();
        if (current == null) {
            keep(candidate, ctx, out);
            return;
        }
        if (current.sourceFile().equals(shipment.sourceFile()) && current.line() == shipment.sourceLine()) {
            return; // the same row again (a replayed input): already counted
        }
        if (DuplicateShipments.precedes(shipment.sourceFile(), shipment.sourceLine(), current.sourceFile(), current.line())) {
            out.collect(current.removal());
            accepted.dec();
            ctx.output(Rejects.TAG, DuplicateShipments.reject(shipment.shipmentId(), current.sourceFile(), current.line(),
                    current.rawText(), shipment.sourceFile(), shipment.sourceLine()));
            keep(candidate, ctx, out);
        } else {
            ctx.output(Rejects.TAG, DuplicateShipments.reject(shipment.shipmentId(), shipment.sourceFile(),
                    shipment.sourceLine(), shipment.rawText(), current.sourceFile(), current.line()));
        }
        rejectedAsDuplicates.add(1);
    }

    private void keep(ShipmentEmissions e, Outputs ctx, Collector<ReportLine> out) throws Exception {
        counted.update(CountedShipment.of(e));
        out.collect(ReportLine.of(e, 1));
        ctx.output(KEPT, e);
        accepted.inc();
    }

    private EmbeddedEmissionsCalculator build(ReadOnlyBroadcastState<String, byte[]> files) throws Exception {
        if (!missing(files).isEmpty()) {
            return null;
        }
        Map<ReferenceDataset, byte[]> datasets = new EnumMap<>(ReferenceDataset.class);
        for (Map.Entry<String, ReferenceDataset> e : datasetPaths.entrySet()) {
            datasets.put(e.getValue(), files.get(e.getKey()));
        }
        ReferenceData reference = ReferenceData.fromFiles(datasets);
        InstallationTable installations = installationsPath == null
                ? InstallationTable.empty()
                : InstallationTable.read(installationsPath, new ByteArrayInputStream(files.get(installationsPath)),
                        reference.countries(), reference.scope());
        return new EmbeddedEmissionsCalculator(reference, installations, period);
    }

    private TreeSet<String> missing(ReadOnlyBroadcastState<String, byte[]> files) throws Exception {
        TreeSet<String> missing = new TreeSet<>();
        for (String path : datasetPaths.keySet()) {
            if (!files.contains(path)) {
                missing.add(path);
            }
        }
        if (installationsPath != null && !files.contains(installationsPath)) {
            missing.add(installationsPath);
        }
        return missing;
    }
}
