package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.flink.ReferenceFile;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.ReportingPeriod;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The pipeline's shape: stable uids and names (savepoints and the web UI depend on them), no Kryo. */
class JobGraphTest {

    @Test
    void everyOperatorHasAStableUidAndAReadableName() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        CbamReportJob.Settings settings = new CbamReportJob.Settings(ReportingPeriod.parse("2026"), new byte[0], new byte[0],
                Map.of("file:/ref/x", ReferenceDataset.COUNTRIES), null, 0, 0, 0, 0);
        FileSource<ShipmentRow> shipments = FileSource.forBulkFileFormat(new dev.cbam.flink.ShipmentFileFormat(Map.of()),
                new Path("file:/in")).build();
        FileSource<ReferenceFile> reference = FileSource.forBulkFileFormat(new dev.cbam.flink.ReferenceFileFormat(),
                new Path("file:/ref")).build();
        new CbamReportJob(settings, shipments, reference, new CbamReportJob.Sinks(
                dev.cbam.job.db.PostgresSinks.reportLines(new JobOptions.Database("jdbc:postgresql://x/y", "u", ""), "r"),
                dev.cbam.job.db.PostgresSinks.shipments(new JobOptions.Database("jdbc:postgresql://x/y", "u", ""), "r"),
                dev.cbam.job.db.PostgresSinks.rejects(new JobOptions.Database("jdbc:postgresql://x/y", "u", ""), "r")))
                .build(env);
        StreamGraph graph = env.getStreamGraph();
        assertThat(graph.getStreamNodes()).hasSizeGreaterThan(10);
        for (StreamNode node : graph.getStreamNodes()) {
            String name = node.getOperatorName();
            assertThat(node.getTransformationUID()).as("uid of " + name).isNotBlank();
            assertThat(name).as("name of " + node.getTransformationUID()).doesNotStartWith("Map").doesNotStartWith("Filter");
        }
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getTransformationUID)
                .contains("shipment-files", "validate", "reference-files", "enrich-and-deduplicate", "combine-line-changes", "aggregate-lines");
    }
}
