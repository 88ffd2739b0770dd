package dev.cbam.flink;

import static dev.cbam.testing.Fixtures.emissions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.report.ReportLine;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AggregateReportLinesTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, ReportLine, ReportLine> harness(long interval)
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AggregateReportLines(interval),
                ReportLine::lineKey, Types.STRING);
    }

    @Test
    void emitsEachLineOnceAtTheEndWithExactSums() throws Exception {
        var h = harness(0);
        ShipmentEmissions a = emissions("A", "f", 1, "100");
        ShipmentEmissions b = emissions("B", "f", 2, "0.5");
        h.processElement(ReportLine.of(a, 1), 0);
        h.processElement(ReportLine.of(b, 1), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(Long.MAX_VALUE);
        List<ReportLine> lines = h.extractOutputValues();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).shipments()).isEqualTo(2);
        assertThat(lines.get(0).netMassGrams()).isEqualTo(100_500_000);
        assertThat(lines.get(0).embeddedGrams()).isEqualTo(a.embeddedGrams() + b.embeddedGrams());
    }

    @Test
    void aLineWhoseShipmentsWereTakenAwayIsEmittedEmpty() throws Exception {
        var h = harness(0);
        ShipmentEmissions a = emissions("A", "f", 1, "100");
        h.processElement(ReportLine.of(a, 1), 0);
        h.processElement(dev.cbam.report.CountedShipment.of(a).removal(), 0);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).singleElement().satisfies(l -> assertThat(l.isEmpty()).isTrue());
    }

    @Test
    void aRemovalBeforeItsAdditionAsInBatchModeStillSumsExactly() throws Exception {
        var h = harness(0);
        ShipmentEmissions a = emissions("A", "f", 1, "100");
        ShipmentEmissions b = emissions("B", "f", 2, "7");
        h.processElement(dev.cbam.report.CountedShipment.of(a).removal(), 0);
        h.processElement(ReportLine.of(b, 1), 0);
        h.processElement(ReportLine.of(a, 1), 0);
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.extractOutputValues()).singleElement().satisfies(l -> {
            assertThat(l.shipments()).isEqualTo(1);
            assertThat(l.netMassGrams()).isEqualTo(7_000_000);
            assertThat(l.cnCode()).isEqualTo("72081000");
        });
    }

    @Test
    void aLineThatLosesMoreThanItHadIsABug() throws Exception {
        var h = harness(0);
        h.processElement(dev.cbam.report.CountedShipment.of(emissions("A", "f", 1, "1")).removal(), 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.processWatermark(Long.MAX_VALUE))
                .hasStackTraceContaining("has lost more shipments than it had");
    }

    @Test
    void streamingRunsSeeIntermediateUpdatesThenTheFinalValueOnce() throws Exception {
        var h = harness(1_000);
        h.setProcessingTime(0);
        h.processElement(ReportLine.of(emissions("A", "f", 1, "1"), 1), 0);
        h.processElement(ReportLine.of(emissions("B", "f", 2, "2"), 1), 0);
        h.setProcessingTime(1_000);
        assertThat(h.extractOutputValues()).extracting(ReportLine::shipments).containsExactly(2L);
        h.processElement(ReportLine.of(emissions("C", "f", 3, "3"), 1), 0);
        h.processWatermark(Long.MAX_VALUE);
        h.setProcessingTime(5_000);
        assertThat(h.extractOutputValues()).extracting(ReportLine::shipments).containsExactly(2L, 3L);
    }
}
