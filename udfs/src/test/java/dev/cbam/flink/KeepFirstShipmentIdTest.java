package dev.cbam.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Reject;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeepFirstShipmentIdTest {

    private KeyedOneInputStreamOperatorTestHarness<String, ShipmentEmissions, ReportLine> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new KeepFirstShipmentId(),
                e -> e.shipment().shipmentId(), Types.STRING);
    }

    static ShipmentEmissions row(String id, String file, long line, String tonnes) {
        Shipment s = new Shipment(id, LocalDate.of(2026, 3, 1), "72081000", dev.cbam.reference.Sector.IRON_STEEL, "CN",
                new java.math.BigDecimal(tonnes).movePointRight(6).longValueExact(), 0, null, null, null, file, line,
                id + "," + tonnes);
        return new EmbeddedEmissionsCalculator(Fixtures.reference(), InstallationTable.empty(), ReportingPeriod.parse("2026"))
                .calculate(s).emissions();
    }

    /** The line changes as "+file:line" for an added shipment and "-grams" for a removal. */
    private List<String> changes() {
        return harness.extractOutputValues().stream()
                .map(c -> c.isRemoval() ? "-" + (-c.netMassGrams()) : "+" + c.netMassGrams())
                .collect(Collectors.toList());
    }

    private List<String> kept() {
        return harness.getSideOutput(KeepFirstShipmentId.KEPT) == null ? List.of() : harness.getSideOutput(KeepFirstShipmentId.KEPT)
                .stream().map(StreamRecord::getValue).map(e -> e.shipment().sourceFile() + ":" + e.shipment().sourceLine())
                .collect(Collectors.toList());
    }

    private List<String> rejects() {
        return harness.getSideOutput(Rejects.TAG) == null ? List.of() : harness.getSideOutput(Rejects.TAG).stream()
                .map(StreamRecord::getValue).map(r -> r.reasonCodes() + " " + r.sourceFile() + ":" + r.line())
                .collect(Collectors.toList());
    }

    @Test
    void keepsTheFirstRowAndRejectsLaterOnes() throws Exception {
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
    void theSameRowReplayedIsCountedOnce() throws Exception {
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        harness.processElement(row("S1", "a.csv", 2, "10"), 0);
        assertThat(changes()).containsExactly("+10000000");
        assertThat(rejects()).isEmpty();
    }
}
