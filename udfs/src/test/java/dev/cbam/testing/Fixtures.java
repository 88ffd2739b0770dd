package dev.cbam.testing;

import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Shared test data: the shipped reference data (loaded once) and shipment builders. */
public final class Fixtures {

    private static ReferenceData reference;

    private Fixtures() {}

    public static synchronized ReferenceData reference() {
        if (reference == null) {
            try {
                reference = ReferenceData.fromClasspath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference;
    }

    public static InstallationTable installations(String csv) {
        try {
            return InstallationTable.read("installations.csv",
                    new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), reference().countries());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shipment of goods: {@code tonnes} may have up to six decimals. */
    public static Shipment goods(String id, String date, String cn, String origin, String tonnes) {
        return goods(id, date, cn, origin, tonnes, null, null);
    }

    public static Shipment goods(String id, String date, String cn, String origin, String tonnes, String installation,
            String variant) {
        Sector sector = reference().scope().sectorOf(cn);
        long grams = new java.math.BigDecimal(tonnes).movePointRight(6).longValueExact();
        return new Shipment(id, LocalDate.parse(date), cn, sector, origin, grams, 0, installation, variant, null,
                "test.csv", 1, id);
    }

    public static Shipment electricity(String id, String date, String origin, String mwh) {
        long wh = new java.math.BigDecimal(mwh).movePointRight(6).longValueExact();
        return new Shipment(id, LocalDate.parse(date), "27160000", Sector.ELECTRICITY, origin, 0, wh, null, null, null,
                "test.csv", 1, id);
    }

    /** A 2026 steel shipment of {@code tonnes} read at {@code file:line}. */
    public static Shipment row(String id, String file, long line, String tonnes) {
        return new Shipment(id, LocalDate.of(2026, 3, 1), "72081000", Sector.IRON_STEEL, "CN",
                new java.math.BigDecimal(tonnes).movePointRight(6).longValueExact(), 0, null, null, null, file, line,
                id + "," + tonnes);
    }

    /** {@link #row}'s shipment with its 2026 default-value emissions. */
    public static dev.cbam.emissions.ShipmentEmissions emissions(String id, String file, long line, String tonnes) {
        return new dev.cbam.emissions.EmbeddedEmissionsCalculator(reference(), InstallationTable.empty(),
                dev.cbam.report.ReportingPeriod.parse("2026")).calculate(row(id, file, line, tonnes)).emissions();
    }
}
