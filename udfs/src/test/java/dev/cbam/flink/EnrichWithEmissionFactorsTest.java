package dev.cbam.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichWithEmissionFactorsTest {

    private static final String INSTALLATIONS = "file:/in/installations.csv";
    private KeyedBroadcastOperatorTestHarness<Long, Shipment, ReferenceFile, ShipmentEmissions> harness;
    private Map<ReferenceDataset, byte[]> files;

    @BeforeEach
    void setUp() throws Exception {
        Map<String, ReferenceDataset> paths = new HashMap<>();
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            paths.put("file:/ref/" + dataset.fileName(), dataset);
        }
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new EnrichWithEmissionFactors(paths, INSTALLATIONS, ReportingPeriod.parse("2026")),
                new ByCnCodeAndOrigin(), Types.LONG, EnrichWithEmissionFactors.REFERENCE_FILES);
        files = ReferenceData.classpathFiles();
    }

    private void broadcastAllBut(ReferenceDataset missing) throws Exception {
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            if (dataset != missing) {
                harness.processBroadcastElement(new ReferenceFile("file:/ref/" + dataset.fileName(), files.get(dataset)), 0);
            }
        }
    }

    private void broadcastInstallations() throws Exception {
        harness.processBroadcastElement(new ReferenceFile(INSTALLATIONS,
                ("installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to\n"
                        + "TR-1,Steel,TR,7208,1.5,0.2,true,,\n").getBytes(StandardCharsets.UTF_8)), 0);
    }

    @Test
    void shipmentsWaitForTheReferenceDataAndNoneIsDropped() throws Exception {
        harness.processElement(Fixtures.goods("S1", "2026-03-15", "72081000", "CN", "100"), 0);
        harness.processElement(Fixtures.goods("S2", "2026-03-15", "72081000", "TR", "10", "TR-1", null), 0);
        broadcastAllBut(ReferenceDataset.BENCHMARKS);
        assertThat(harness.extractOutputValues()).as("still incomplete").isEmpty();
        broadcastInstallations();
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processBroadcastElement(new ReferenceFile("file:/ref/" + ReferenceDataset.BENCHMARKS.fileName(),
                files.get(ReferenceDataset.BENCHMARKS)), 0);
        assertThat(harness.extractOutputValues()).extracting(e -> e.shipment().shipmentId() + " " + e.method())
                .containsExactlyInAnyOrder("S1 DEFAULT", "S2 ACTUAL");

        harness.processElement(Fixtures.goods("S3", "2026-03-15", "31021000", "RU", "1"), 0);
        assertThat(harness.getSideOutput(Rejects.TAG)).singleElement()
                .satisfies(r -> assertThat(r.getValue().reasonCodes()).isEqualTo("NO_DEFAULT_VALUE"));
    }

    @Test
    void referenceDataThatNeverCompletesFailsTheJobInsteadOfLosingShipments() throws Exception {
        broadcastAllBut(ReferenceDataset.DEFAULT_VALUES);
        broadcastInstallations();
        harness.processElement(Fixtures.goods("S1", "2026-03-15", "72081000", "CN", "100"), 0);
        harness.processBroadcastWatermark(Long.MAX_VALUE);
        assertThatThrownBy(() -> harness.processWatermark(Long.MAX_VALUE))
                .hasStackTraceContaining("the reference data never arrived completely")
                .hasStackTraceContaining("default_values_definitive_IR2025-2621.csv");
    }
}
