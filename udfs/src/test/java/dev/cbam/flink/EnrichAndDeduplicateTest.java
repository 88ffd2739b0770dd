package dev.cbam.flink;

import static dev.cbam.testing.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichAndDeduplicateTest {

    private static final String INSTALLATIONS = "file:/in/installations.csv";
    private KeyedBroadcastOperatorTestHarness<String, Shipment, ReferenceFile, ReportLine> harness;
    private Map<ReferenceDataset, byte[]> files;

    @BeforeEach
    void setUp() throws Exception {
        Map<String, ReferenceDataset> paths = new HashMap<>();
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            paths.put("file:/ref/" + dataset.fileName(), dataset);
        }
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new EnrichAndDeduplicate(paths, INSTALLATIONS, ReportingPeriod.parse("2026")),
                new ByShipmentId(), Types.STRING, EnrichAndDeduplicate.REFERENCE_FILES);
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

    private void broadcastEverything() throws Exception {
        broadcastAllBut(null);
        broadcastInstallations();
    }

    /** The line changes as "+grams" for an added shipment and "-grams" for a removal. */
    private List<String> changes() {
        return harness.extractOutputValues().stream()
                .map(c -> c.isRemoval() ? "-" + (-c.netMassGrams()) : "+" + c.netMassGrams())
                .collect(Collectors.toList());
    }

    private List<String> kept() {
        return harness.getSideOutput(EnrichAndDeduplicate.KEPT) == null ? List.of() : harness.getSideOutput(EnrichAndDeduplicate.KEPT)
                .stream().map(StreamRecord::getValue).map(e -> e.shipment().sourceFile() + ":" + e.shipment().sourceLine())
                .collect(Collectors.toList());
    }

    private List<String> rejects() {
        return harness.getSideOutput(Rejects.TAG) == null ? List.of() : harness.getSideOutput(Rejects.TAG).stream()
                .map(StreamRecord::getValue).map(r -> r.reasonCodes() + " " + r.sourceFile() + ":" + r.line())
                .collect(Collectors.toList());
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
        assertThat(harness.getSideOutput(EnrichAndDeduplicate.KEPT)).extracting(StreamRecord::getValue)
                .extracting(e -> e.shipment().shipmentId() + " " + e.method())
                .containsExactlyInAnyOrder("S1 DEFAULT", "S2 ACTUAL");
        assertThat(harness.extractOutputValues()).hasSize(2);

        harness.processElement(Fixtures.goods("S3", "2026-03-15", "31021000", "RU", "1"), 0);
        assertThat(harness.getSideOutput(Rejects.TAG)).singleElement()
                .satisfies(r -> assertThat(r.getValue().reasonCodes()).isEqualTo("NO_DEFAULT_VALUE"));
    }

    @Test
    void waitingRowsOfOneIdAreCountedOnceWhenTheReferenceDataArrives() throws Exception {
        harness.processElement(row("S1", "b.csv", 1, "30"), 0);
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        broadcastEverything();
        assertThat(kept()).last().isEqualTo("a.csv:2");
        assertThat(rejects()).containsExactly("DUPLICATE_SHIPMENT_ID b.csv:1");
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

    @Test
    void keepsTheFirstRowAndRejectsLaterOnes() throws Exception {
        broadcastEverything();
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        harness.processElement(row("S1", "a.csv", 9, "20"), 0);
        harness.processElement(row("S1", "b.csv", 1, "30"), 0);
        harness.processElement(row("S2", "a.csv", 3, "40"), 0);
        assertThat(changes()).containsExactly("+10000000", "+40000000");
        assertThat(kept()).containsExactly("a.csv:2", "a.csv:3");
        assertThat(rejects()).containsExactly("DUPLICATE_SHIPMENT_ID a.csv:9", "DUPLICATE_SHIPMENT_ID b.csv:1");
    }

    @Test
    void anEarlierRowArrivingLaterTakesThePlaceOfTheRowCountedSoFar() throws Exception {
        broadcastEverything();
        harness.processElement(row("S1", "b.csv", 1, "30"), 0);
        harness.processElement(row("S1", "a.csv", 9, "20"), 0);
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        assertThat(changes()).containsExactly("+30000000", "-30000000", "+20000000", "-20000000", "+10000000");
        assertThat(kept()).containsExactly("b.csv:1", "a.csv:9", "a.csv:2");
        assertThat(rejects()).containsExactly("DUPLICATE_SHIPMENT_ID b.csv:1", "DUPLICATE_SHIPMENT_ID a.csv:9");
        Reject first = harness.getSideOutput(Rejects.TAG).peek().getValue();
        assertThat(first.rawText()).isEqualTo("S1,30");
        assertThat(first.message()).contains("already on a.csv line 9");
    }

    @Test
    void aRowWithoutEmissionsIsRejectedForThatAndDoesNotHideALaterRowOfItsId() throws Exception {
        broadcastEverything();
        Shipment noDefault = new Shipment("S1", java.time.LocalDate.of(2026, 3, 1), "31021000",
                dev.cbam.reference.Sector.FERTILISERS, "RU", 1_000_000, 0, null, null, null, "a.csv", 1, "S1,...");
        harness.processElement(noDefault, 0);
        harness.processElement(row("S1", "a.csv", 5, "10"), 0);
        assertThat(rejects()).containsExactly("NO_DEFAULT_VALUE a.csv:1");
        assertThat(kept()).containsExactly("a.csv:5");
    }

    @Test
    void theSameRowReplayedIsCountedOnce() throws Exception {
        broadcastEverything();
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        assertThat(changes()).containsExactly("+10000000");
        assertThat(rejects()).isEmpty();
    }
}
