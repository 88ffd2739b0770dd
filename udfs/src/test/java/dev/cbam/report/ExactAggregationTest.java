package dev.cbam.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.Sector;
import dev.cbam.testing.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A million random shipments: report lines and totals are identical in every order and every split. */
class ExactAggregationTest {

    private static final String[] CN = {"72081000", "72071111", "73181500", "25231000", "25232900", "28141000",
        "31023090", "76011000", "76061100", "28041000", "27160000"};
    private static final String[] ORIGIN = {"CN", "IN", "TR", "UA", "RU", "VN", "EG", "AF", "BR", "RS"};
    private static List<ShipmentEmissions> emissions;

    @BeforeAll
    static void computeAMillionShipments() {
        Random random = new Random(2026);
        EmbeddedEmissionsCalculator calculator = new EmbeddedEmissionsCalculator(Fixtures.reference(),
                dev.cbam.reference.InstallationTable.empty(), ReportingPeriod.parse("2026"));
        emissions = new ArrayList<>(1_000_000);
        int i = 0;
        while (emissions.size() < 1_000_000) {
            String cn = CN[random.nextInt(CN.length)];
            String origin = ORIGIN[random.nextInt(ORIGIN.length)];
            long quantity = 1 + (long) (random.nextDouble() * random.nextDouble() * 50_000_000_000L);
            boolean electricity = cn.equals("27160000");
            Shipment s = new Shipment("S" + i++, LocalDate.of(2026, 1 + random.nextInt(12), 1), cn,
                    Fixtures.reference().scope().sectorOf(cn), origin, electricity ? 0 : quantity, electricity ? quantity : 0,
                    null, random.nextBoolean() ? "white" : null, null, "f.csv", i, "");
            EmbeddedEmissionsCalculator.Result result = calculator.calculate(s);
            if (result.emissions() != null) {
                emissions.add(result.emissions());
            }
        }
    }

    private static Map<String, ReportLine> aggregate(List<ShipmentEmissions> in) {
        Map<String, ReportLine> lines = new HashMap<>();
        for (ShipmentEmissions e : in) {
            lines.merge(e.lineKey(), ReportLine.of(e, 1), ReportLine::merge);
        }
        return lines;
    }

    @Test
    void everyOrderAndSplitGivesIdenticalLinesAndTotals() {
        Map<String, ReportLine> sequential = aggregate(emissions);

        List<ShipmentEmissions> shuffled = new ArrayList<>(emissions);
        Collections.shuffle(shuffled, new Random(7));
        Map<String, ReportLine> inShuffledOrder = aggregate(shuffled);

        // Seven partitions aggregated separately, then merged in reverse order, as parallel subtasks would.
        List<Map<String, ReportLine>> partials = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            partials.add(aggregate(shuffled.subList(p * shuffled.size() / 7, (p + 1) * shuffled.size() / 7)));
        }
        Collections.reverse(partials);
        Map<String, ReportLine> merged = new HashMap<>();
        for (Map<String, ReportLine> partial : partials) {
            partial.forEach((key, line) -> merged.merge(key, line, ReportLine::merge));
        }

        assertThat(new TreeMap<>(inShuffledOrder)).isEqualTo(new TreeMap<>(sequential));
        assertThat(new TreeMap<>(merged)).isEqualTo(new TreeMap<>(sequential));
        assertThat(ReportTotals.of(merged.values())).isEqualTo(ReportTotals.of(sequential.values()));
        assertThat(ReportTotals.of(sequential.values()).shipments()).isEqualTo(1_000_000);
    }

    @Test
    void totalsEqualTheExactSumOfEachShipmentRoundedOnce() {
        BigDecimal exact = BigDecimal.ZERO;
        for (ShipmentEmissions e : emissions) {
            BigDecimal tonnes = BigDecimal.valueOf(e.shipment().quantity(), 6).multiply(e.seeCounted())
                    .setScale(6, RoundingMode.HALF_UP);
            exact = exact.add(tonnes);
        }
        ReportTotals totals = ReportTotals.of(aggregate(emissions).values());
        assertThat(Tonnes.fromGrams(totals.embeddedGrams())).isEqualTo(exact);
    }

    @Test
    void takingAShipmentAwayRestoresTheLineExactly() {
        ShipmentEmissions first = emissions.get(0);
        ShipmentEmissions second = emissions.stream().filter(e -> e.lineKey().equals(first.lineKey())).skip(1).findFirst()
                .orElseThrow();
        ReportLine one = ReportLine.of(first, 1);
        ReportLine two = one.plus(second, 1);
        assertThat(two.shipments()).isEqualTo(2);
        assertThat(two.plus(second, -1)).isEqualTo(one);
        assertThat(one.plus(first, -1).isEmpty()).isTrue();
        assertThat(one.plus(first, -1).embeddedGrams()).isZero();
    }

    @Test
    void aLinesSumsByQuarterAreTheLinesOfEachQuarterAndAddUpToTheLine() {
        Map<String, ReportLine> lines = aggregate(emissions);
        // Each quarter's shipments aggregated on their own, as the shipment rows would be summed in SQL.
        List<Map<String, ReportLine>> byQuarter = new ArrayList<>();
        for (int quarter = 1; quarter <= 4; quarter++) {
            int q = quarter;
            byQuarter.add(aggregate(emissions.stream()
                    .filter(e -> ReportLine.quarterOf(e.shipment().importDate()) == q).toList()));
        }
        for (ReportLine line : lines.values()) {
            assertThat(line.hasQuarterSums()).isTrue();
            long shipments = 0;
            long embedded = 0;
            for (int quarter = 1; quarter <= 4; quarter++) {
                ReportLine share = line.inQuarter(quarter);
                ReportLine expected = byQuarter.get(quarter - 1).get(line.lineKey());
                if (expected == null) {
                    assertThat(share).isNull();
                    continue;
                }
                assertThat(share.shipments()).isEqualTo(expected.shipments());
                assertThat(share.netMassGrams()).isEqualTo(expected.netMassGrams());
                assertThat(share.quantityWattHours()).isEqualTo(expected.quantityWattHours());
                assertThat(share.directGrams()).isEqualTo(expected.directGrams());
                assertThat(share.indirectGrams()).isEqualTo(expected.indirectGrams());
                assertThat(share.embeddedGrams()).isEqualTo(expected.embeddedGrams());
                assertThat(share.seeCounted()).isEqualTo(line.seeCounted());
                shipments += share.shipments();
                embedded += share.embeddedGrams();
            }
            assertThat(shipments).isEqualTo(line.shipments());
            assertThat(embedded).isEqualTo(line.embeddedGrams());
        }
    }

    @Test
    void aShipmentTakenAwayLeavesItsQuarterAndALineWithoutQuarterSumsNeverClaimsThem() {
        ShipmentEmissions first = emissions.get(0);
        int quarter = ReportLine.quarterOf(first.shipment().importDate());
        ReportLine one = ReportLine.of(first, 1);
        assertThat(one.inQuarter(quarter).shipments()).isEqualTo(1);
        assertThat(one.merge(CountedShipment.of(first).removal()).inQuarter(quarter)).isNull();

        ReportLine.Sum sum = new ReportLine.Sum(one);
        sum.add(new ReportLine(one.lineKey(), one.cnCode(), one.sector(), one.originCountry(), one.installationId(),
                one.method(), one.variant(), one.seeDirect(), one.seeIndirect(), one.seeCounted(), one.markUpRate(),
                one.factorSource(), 1, 1, 0, 1, 0, 1, one.noteCounts(), new long[0]));
        assertThat(sum.line().hasQuarterSums()).isFalse();
        assertThat(sum.line().shipments()).isEqualTo(2);
    }

    @Test
    void linesOfAKeyShareOneSetOfFactors() {
        Map<String, BigDecimal> seeByKey = new HashMap<>();
        for (ShipmentEmissions e : emissions) {
            BigDecimal previous = seeByKey.putIfAbsent(e.lineKey(), e.seeCounted());
            if (previous != null) {
                assertThat(e.seeCounted()).isEqualByComparingTo(previous);
            }
        }
        assertThat(seeByKey.size()).isGreaterThan(50);
        assertThat(emissions.stream().anyMatch(e -> e.shipment().sector() == Sector.ELECTRICITY)).isTrue();
    }
}
