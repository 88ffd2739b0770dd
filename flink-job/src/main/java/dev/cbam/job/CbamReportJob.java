package dev.cbam.job;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.flink.AggregateReportLines;
import dev.cbam.flink.ByReportLine;
import dev.cbam.flink.ByShipmentId;
import dev.cbam.flink.CombineLineChanges;
import dev.cbam.flink.EnrichAndDeduplicate;
import dev.cbam.flink.ReferenceFile;
import dev.cbam.flink.Rejects;
import dev.cbam.flink.CountRejects;
import dev.cbam.flink.ValidateShipments;
import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.Serializable;
import java.util.Map;

/**
 * The CBAM report pipeline, read top to bottom as the data flows:
 * shipment files → validate → key by shipment id → enrich with the broadcast emission factors and keep the
 * first row of each id → combine line changes → key by report line (CN code, origin, installation, method)
 * → sum → PostgreSQL. Every row crosses the network once; the line changes, combined, are a few per line. Rejects of
 * every step go to their own sink. The report files are rendered from the database once the job's last
 * write is done ({@link ReportRun}), so they always agree with the tables, also after restarts.
 *
 * <p>Sources and sinks are given to the constructor, so tests run the same pipeline with their own.
 */
public final class CbamReportJob {

    private final Settings settings;
    private final Source<ShipmentRow, ?, ?> shipmentFiles;
    private final Source<ReferenceFile, ?, ?> referenceFiles;
    private final Sinks sinks;

    /**
     * What the pipeline's functions need to know.
     *
     * @param period the reporting period
     * @param countriesCsv the run's {@code countries.csv}, for validation
     * @param annexIRules the run's Annex I rules, for validation
     * @param datasetPaths the path of each reference dataset as the reference source names it
     * @param installationsPath the installations file's path as the reference source names it, or {@code null}
     * @param lineUpdateIntervalMillis how often streaming runs update report lines before the end (0: only at the end)
     * @param maxRowsPerSecond the most rows taken in per second (0: no limit)
     * @param inputFiles how many shipment files the run reads (0 when unknown: a watched folder), for the progress metrics
     * @param inputBytes their total size in bytes (0 when unknown)
     */
    public record Settings(ReportingPeriod period, byte[] countriesCsv, byte[] annexIRules,
            Map<String, ReferenceDataset> datasetPaths, String installationsPath, long lineUpdateIntervalMillis,
            long maxRowsPerSecond, long inputFiles, long inputBytes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Where results go; a {@code null} sink is left out.
     *
     * @param reportLines current values of report lines (upserts; an empty line means delete)
     * @param shipments the emissions of each shipment kept
     * @param rejects rejected rows
     */
    public record Sinks(Sink<ReportLine> reportLines, Sink<ShipmentEmissions> shipments, Sink<Reject> rejects) {}

    public CbamReportJob(Settings settings, Source<ShipmentRow, ?, ?> shipmentFiles,
            Source<ReferenceFile, ?, ?> referenceFiles, Sinks sinks) {
        this.settings = settings;
        this.shipmentFiles = shipmentFiles;
        this.referenceFiles = referenceFiles;
        this.sinks = sinks;
    }

    /** Adds the pipeline to the environment; the caller executes it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<ShipmentRow> rows = env
                .fromSource(shipmentFiles, WatermarkStrategy.noWatermarks(), "Shipment files")
                .uid("shipment-files");

        SingleOutputStreamOperator<Shipment> shipments = rows
                .process(new ValidateShipments(settings.countriesCsv(), settings.annexIRules(), settings.period(),
                        settings.maxRowsPerSecond(), settings.inputFiles(), settings.inputBytes()))
                .uid("validate").name("Validate shipments");

        BroadcastStream<ReferenceFile> factors = env
                .fromSource(referenceFiles, WatermarkStrategy.noWatermarks(), "Reference data")
                .uid("reference-files")
                .setParallelism(1)
                .broadcast(EnrichAndDeduplicate.REFERENCE_FILES);

        SingleOutputStreamOperator<ReportLine> changes = shipments
                .keyBy(new ByShipmentId())
                .connect(factors)
                .process(new EnrichAndDeduplicate(settings.datasetPaths(), settings.installationsPath(), settings.period()))
                .uid("enrich-and-deduplicate").name("Enrich and keep first row of each shipment id");

        SingleOutputStreamOperator<ReportLine> lines = changes
                .transform("Combine line changes", TypeInformation.of(ReportLine.class), new CombineLineChanges(100_000, 1_000_000))
                .uid("combine-line-changes")
                .keyBy(new ByReportLine())
                .process(new AggregateReportLines(settings.lineUpdateIntervalMillis()))
                .uid("aggregate-lines").name("Sum report lines");

        DataStream<Reject> rejects = shipments.getSideOutput(Rejects.TAG)
                .union(changes.getSideOutput(Rejects.TAG))
                .map(new CountRejects()).uid("count-rejects").name("Count rejects by reason");

        if (sinks.shipments() != null) {
            changes.getSideOutput(EnrichAndDeduplicate.KEPT)
                    .sinkTo(sinks.shipments()).uid("shipments-sink").name("Shipment emissions sink");
        }
        if (sinks.reportLines() != null) {
            lines.sinkTo(sinks.reportLines()).uid("report-lines-sink").name("Report lines sink");
        }
        if (sinks.rejects() != null) {
            rejects.sinkTo(sinks.rejects()).uid("rejects-sink").name("Rejects sink");
        }
    }
}
