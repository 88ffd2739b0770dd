package dev.cbam.testing;

import dev.cbam.emissions.EmbeddedEmissionsCalculator;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.Sector;
import dev.cbam.report.Importer;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportLineKey;
import dev.cbam.report.ReportingPeriod;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds reports for the report-level tests: shipments through the calculator into lines, as the job does. */
public final class ReportFixtures {

    public static final Importer IMPORTER = new Importer("DE123456789012345", "Demo Stahlhandel GmbH", "DE");

    private ReportFixtures() {}

    /** The emissions of shipments, failing the test when one cannot be calculated. */
    public static List<ShipmentEmissions> emissions(String period, InstallationTable installations, Shipment... shipments) {
        EmbeddedEmissionsCalculator calculator = new EmbeddedEmissionsCalculator(Fixtures.reference(), installations,
                ReportingPeriod.parse(period));
        List<ShipmentEmissions> result = new ArrayList<>();
        for (Shipment s : shipments) {
            EmbeddedEmissionsCalculator.Result r = calculator.calculate(s);
            if (r.emissions() == null) {
                throw new AssertionError(s.shipmentId() + ": " + r.reason() + " " + r.message());
            }
            result.add(r.emissions());
        }
        return result;
    }

    /** The report lines of some shipment emissions. */
    public static List<ReportLine> lines(List<ShipmentEmissions> emissions) {
        Map<String, ReportLine> lines = new LinkedHashMap<>();
        for (ShipmentEmissions e : emissions) {
            lines.merge(e.lineKey(), ReportLine.of(e, 1), ReportLine::merge);
        }
        return new ArrayList<>(lines.values());
    }

    public static ReportDocument report(String period, List<ReportLine> lines) {
        return new ReportDocument(ReportingPeriod.parse(period), IMPORTER, lines, new RejectCounts());
    }

    public static ReportDocument report(String period, InstallationTable installations, Shipment... shipments) {
        return report(period, lines(emissions(period, installations, shipments)));
    }

    public static ReportDocument report(String period, Shipment... shipments) {
        return report(period, InstallationTable.empty(), shipments);
    }

    /** A line of actual values written directly: for tests of limits, where thousands of installations are needed. */
    public static ReportLine actualLine(String cn, Sector sector, String origin, String installation, String tonnes,
            String seeDirect, String seeIndirect) {
        long grams = new BigDecimal(tonnes).movePointRight(6).longValueExact();
        BigDecimal direct = new BigDecimal(seeDirect);
        BigDecimal indirect = new BigDecimal(seeIndirect);
        BigDecimal counted = sector.directEmissionsOnly() ? direct : direct.add(indirect);
        long directGrams = BigDecimal.valueOf(grams).multiply(direct).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        long indirectGrams = BigDecimal.valueOf(grams).multiply(indirect).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        long embeddedGrams = BigDecimal.valueOf(grams).multiply(counted).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        String key = ReportLineKey.of(cn, origin, installation, EmissionMethod.ACTUAL, null, direct, indirect);
        return new ReportLine(key, cn, sector, origin, installation, EmissionMethod.ACTUAL, "", direct, indirect, counted,
                BigDecimal.ZERO, "installation " + installation, 1, grams, 0, directGrams, indirectGrams, embeddedGrams,
                new long[0], new long[0]);
    }
}
