package dev.cbam.flink;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.ReportingPeriod;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Step 3 of the job: the embedded emissions of each shipment, from the official reference data and the
 * importer's installations file, which arrive as broadcast state (the files' bytes, so the state is small
 * and needs no custom serializer).
 *
 * <p>Shipments that arrive before all reference files (possible in streaming mode) wait in keyed state and
 * are computed when the last file arrives; none is dropped. In batch mode Flink delivers the broadcast input
 * first. Shipments whose emissions cannot be determined go to the {@link Rejects#TAG} side output.
 *
 * <p>Metrics ({@link CbamMetrics}): the shipments of the subtask waiting for the reference data, and the
 * enrichment latency in microseconds, from a shipment's arrival to its emissions (waiting included). Waiting
 * shipments restored from a checkpoint are not in the gauge until they are released.
 */
public final class EnrichWithEmissionFactors
        extends KeyedBroadcastProcessFunction<Long, Shipment, ReferenceFile, ShipmentEmissions> {

    private static final long serialVersionUID = 1L;
    public static final String ROWS_REJECTED = "rows-rejected-at-enrichment";
    /** The enrichment latencies the histogram keeps for its percentiles. */
    private static final int LATENCY_SAMPLES = 10_000;

    /** The reference files, by path. */
    public static final MapStateDescriptor<String, byte[]> REFERENCE_FILES =
            new MapStateDescriptor<>("reference-files", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private static final ListStateDescriptor<Shipment> WAITING =
            new ListStateDescriptor<>("waiting-for-reference-data", TypeInformation.of(Shipment.class));

    private final Map<String, ReferenceDataset> datasetPaths;
    private final String installationsPath;
    private final ReportingPeriod period;
    private transient EmbeddedEmissionsCalculator calculator;
    private transient ListState<Shipment> waiting;
    private transient LongCounter rejected;
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
    public EnrichWithEmissionFactors(Map<String, ReferenceDataset> datasetPaths, String installationsPath,
            ReportingPeriod period) {
        this.datasetPaths = Map.copyOf(datasetPaths);
        this.installationsPath = installationsPath;
        this.period = period;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(WAITING);
        rejected = getRuntimeContext().getLongCounter(ROWS_REJECTED);
        MetricGroup cbam = CbamMetrics.of(getRuntimeContext().getMetricGroup());
        cbam.gauge(CbamMetrics.PENDING_SHIPMENTS, () -> pending);
        latency = cbam.histogram(CbamMetrics.ENRICHMENT_LATENCY, new DescriptiveStatisticsHistogram(LATENCY_SAMPLES));
    }

    @Override
    public void processElement(Shipment shipment, ReadOnlyContext ctx, Collector<ShipmentEmissions> out) throws Exception {
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
        Reject reject = enrich(shipment, out);
        if (reject != null) {
            ctx.output(Rejects.TAG, reject);
        }
        latency.update((System.nanoTime() - started) / 1_000);
    }

    @Override
    public void processBroadcastElement(ReferenceFile file, Context ctx, Collector<ShipmentEmissions> out) throws Exception {
        String path = file.path();
        if (!datasetPaths.containsKey(path) && !path.equals(installationsPath)) {
            throw new IllegalStateException("unexpected reference file " + path);
        }
        BroadcastState<String, byte[]> files = ctx.getBroadcastState(REFERENCE_FILES);
        files.put(path, file.content());
        if (calculator == null) {
            calculator = build(files);
            if (calculator != null) {
                ctx.applyToKeyedState(WAITING, (key, state) -> {
                    for (Shipment shipment : state.get()) {
                        Reject reject = enrich(shipment, out);
                        if (reject != null) {
                            ctx.output(Rejects.TAG, reject);
                        }
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
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShipmentEmissions> out) throws Exception {
        if (waiting.get().iterator().hasNext()) {
            throw new IllegalStateException("the reference data never arrived completely; missing: "
                    + missing(ctx.getBroadcastState(REFERENCE_FILES)));
        }
    }

    /** Emits the shipment's emissions, or returns its reject. */
    private Reject enrich(Shipment shipment, Collector<ShipmentEmissions> out) {
        EmbeddedEmissionsCalculator.Result result = calculator.calculate(shipment);
        if (result.emissions() != null) {
            out.collect(result.emissions());
            return null;
        }
        rejected.add(1);
        return result.toReject(shipment);
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
