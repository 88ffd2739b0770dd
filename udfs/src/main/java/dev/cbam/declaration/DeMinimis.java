package dev.cbam.declaration;

import dev.cbam.reference.Sector;
import dev.cbam.report.ReportLine;
import dev.cbam.report.Tonnes;

import java.math.BigDecimal;

/**
 * The de minimis decision of Art 2a of Reg (EU) 2023/956 (inserted by Reg (EU) 2025/2083): an importer whose
 * net mass of imported goods in the calendar year, all CN codes together, does not exceed the single
 * mass-based threshold of 50 tonnes (Annex VII, point 1) is exempt; exactly 50 t does not exceed it. Once the
 * threshold is exceeded, all goods of the year count from the first tonne (Art 2a(2)). Electricity and
 * hydrogen are outside the threshold (Art 2a(4)): they neither count towards it nor become exempt.
 *
 * @param countedNetMassGrams net mass of the goods the threshold counts, grams
 * @param outsideThresholdNetMassGrams net mass of hydrogen, grams (outside the threshold)
 * @param outsideThresholdWattHours electricity, watt-hours (outside the threshold)
 * @param thresholdGrams the threshold, grams
 * @param exempt true when the counted net mass does not exceed the threshold
 */
public record DeMinimis(long countedNetMassGrams, long outsideThresholdNetMassGrams, long outsideThresholdWattHours,
        long thresholdGrams, boolean exempt) {

    /** The single mass-based threshold of Annex VII, point 1: 50 tonnes of net mass. */
    public static final long THRESHOLD_GRAMS = 50_000_000L;

    /** The decision for an importer's lines of a year. */
    public static DeMinimis of(Iterable<ReportLine> lines) {
        long counted = 0;
        long hydrogen = 0;
        long electricity = 0;
        for (ReportLine line : lines) {
            if (line.sector() == Sector.ELECTRICITY) {
                electricity = Math.addExact(electricity, line.quantityWattHours());
            } else if (line.sector() == Sector.HYDROGEN) {
                hydrogen = Math.addExact(hydrogen, line.netMassGrams());
            } else {
                counted = Math.addExact(counted, line.netMassGrams());
            }
        }
        return new DeMinimis(counted, hydrogen, electricity, THRESHOLD_GRAMS, counted <= THRESHOLD_GRAMS);
    }

    /** True when goods of a sector are exempt under this decision. */
    public boolean exempts(Sector sector) {
        return exempt && counts(sector);
    }

    /** True for the sectors the threshold counts (all but electricity and hydrogen). */
    public static boolean counts(Sector sector) {
        return sector != Sector.ELECTRICITY && sector != Sector.HYDROGEN;
    }

    public BigDecimal countedNetMassTonnes() {
        return Tonnes.fromGrams(countedNetMassGrams);
    }

    /** The decision in one sentence, with the article. */
    public String statement() {
        String mass = Tonnes.fromGrams(countedNetMassGrams).stripTrailingZeros().toPlainString();
        return exempt
                ? "Exempt under Art 2a of Reg (EU) 2023/956: net mass " + mass + " t of goods other than electricity and "
                        + "hydrogen does not exceed the 50 t threshold; no certificates are due for them"
                        + (outsideThresholdNetMassGrams + outsideThresholdWattHours > 0
                                ? " (electricity and hydrogen, outside the threshold, remain subject)" : "")
                : "Not exempt under Art 2a of Reg (EU) 2023/956: net mass " + mass + " t exceeds the 50 t threshold, so all "
                        + "goods of the year are subject from the first tonne";
    }
}
