package dev.cbam.flink;

import static dev.cbam.testing.Fixtures.emissions;
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
        h.processElement(ReportLine.of(emissions("A", "f", 1, "1"), 1), 0);
        h.processElement(ReportLine.of(emissions("B", "f", 2, "2"), 1), 0);
        h.processElement(CountedShipment.of(emissions("A", "f", 1, "1")).removal(), 0);
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
        h.processElement(ReportLine.of(emissions("A", "f", 1, "1"), 1), 0);
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(h.getOutput()).hasSize(2);
        assertThat(h.getOutput().peek()).as("the line first, then the watermark")
                .isNotInstanceOf(Watermark.class);
    }

    @Test
    void sendsAFullBundleAndBeforeACheckpoint() throws Exception {
        var h = harness(100, 2);
        h.processElement(ReportLine.of(emissions("A", "f", 1, "1"), 1), 0);
        h.processElement(ReportLine.of(emissions("B", "f", 2, "1"), 1), 0);
        assertThat(h.extractOutputValues()).hasSize(1);
        h.processElement(ReportLine.of(emissions("C", "f", 3, "1"), 1), 0);
        h.prepareSnapshotPreBarrier(1);
        assertThat(h.extractOutputValues()).hasSize(2);
    }

    @Test
    void combinedChangesEqualTheChangesMergedOneByOne() throws Exception {
        var h = harness(100_000, 1_000_000);
        java.util.Random random = new java.util.Random(3);
        java.util.Map<String, ReportLine> merged = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            // Few lines (ids share a line through their CN code and origin), additions and removals mixed.
            ReportLine change = ReportLine.of(emissions("S" + i, "f", i, Integer.toString(1 + random.nextInt(50))), 1);
            if (random.nextInt(4) == 0) {
                change = CountedShipment.of(emissions("S" + i, "f", i, "7")).removal();
            }
            h.processElement(change, 0);
            merged.merge(change.lineKey(), change, ReportLine::merge);
        }
        h.endInput();
        assertThat(h.extractOutputValues()).containsExactlyInAnyOrderElementsOf(merged.values());
    }
}
