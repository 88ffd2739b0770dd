package dev.cbam.flink;

import static dev.cbam.flink.KeepFirstShipmentIdTest.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.report.CountedShipment;
import dev.cbam.report.ReportLine;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class CombineLineChangesTest {

    private static OneInputStreamOperatorTestHarness<ReportLine, ReportLine> harness(int maxLines, int maxChanges) throws Exception {
        OneInputStreamOperatorTestHarness<ReportLine, ReportLine> h =
                new OneInputStreamOperatorTestHarness<>(new CombineLineChanges(maxLines, maxChanges));
        h.open();
        return h;
    }

    @Test
    void sumsTheChangesOfALineIntoOne() throws Exception {
        var h = harness(100, 1_000);
        h.processElement(ReportLine.of(row("A", "f", 1, "1"), 1), 0);
        h.processElement(ReportLine.of(row("B", "f", 2, "2"), 1), 0);
        h.processElement(CountedShipment.of(row("A", "f", 1, "1")).removal(), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        h.endInput();
        List<ReportLine> out = h.extractOutputValues();
        assertThat(out).singleElement().satisfies(l -> {
            assertThat(l.shipments()).isEqualTo(1);
            assertThat(l.netMassGrams()).isEqualTo(2_000_000);
        });
    }

    @Test
    void sendsTheBundleAheadOfTheWatermarkThatEndsTheInput() throws Exception {
        var h = harness(100, 1_000);
        h.processElement(ReportLine.of(row("A", "f", 1, "1"), 1), 0);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.getOutput()).hasSize(2);
        assertThat(h.getOutput().peek()).as("the line first, then the watermark")
                .isNotInstanceOf(Watermark.class);
    }

    @Test
    void sendsAFullBundleAndBeforeACheckpoint() throws Exception {
        var h = harness(100, 2);
        h.processElement(ReportLine.of(row("A", "f", 1, "1"), 1), 0);
        h.processElement(ReportLine.of(row("B", "f", 2, "1"), 1), 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processElement(ReportLine.of(row("C", "f", 3, "1"), 1), 0);
        h.prepareSnapshotPreBarrier(1);
        assertThat(h.extractOutputValues()).hasSize(2);
    }
}
