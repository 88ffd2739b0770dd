package dev.cbam.report;

import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.reference.Sector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A line of the report: the shipments of one CN code, country of origin, installation and method (and
 * variant and factors, see {@link ReportLineKey}), summed exactly.
 *
 * <p>Lines are values: {@link #plus} and {@link #merge} return new lines. Both also take a shipment away
 * (sign {@code -1}), which the job needs when a duplicate shipment id turns out to belong to an earlier row;
 * integer sums make this exact.
 *
 * @param lineKey the line's key
 * @param cnCode eight-digit CN code
 * @param sector the good's sector
 * @param originCountry ISO code of the country of origin
 * @param installationId the installation, or {@code ""} for none
 * @param method actual or default values
 * @param variant grey or white, or {@code ""}
 * @param seeDirect specific direct embedded emissions used, mark-up included
 * @param seeIndirect specific indirect embedded emissions used, mark-up included
 * @param seeCounted specific embedded emissions that count for the period
 * @param markUpRate the default-value mark-up applied
 * @param factorSource where the factors come from
 * @param shipments number of shipments
 * @param netMassGrams total net mass, grams
 * @param quantityWattHours total electricity, watt-hours
 * @param directGrams total direct embedded emissions, grams CO2e
 * @param indirectGrams total indirect embedded emissions, grams CO2e
 * @param embeddedGrams total embedded emissions that count, grams CO2e
 * @param noteCounts shipments per {@link CalculationNote}, indexed by ordinal
 * @param quarterSums the same sums by quarter of import ({@link #QUARTER_SUMS} per quarter, quarter 1 first:
 *     shipments, net mass, electricity, direct, indirect and embedded emissions), for the declaration's prices
 *     by quarter; empty where not known (lines stored before they were kept)
 */
public record ReportLine(
        String lineKey,
        String cnCode,
        Sector sector,
        String originCountry,
        String installationId,
        EmissionMethod method,
        String variant,
        BigDecimal seeDirect,
        BigDecimal seeIndirect,
        BigDecimal seeCounted,
        BigDecimal markUpRate,
        String factorSource,
        long shipments,
        long netMassGrams,
        long quantityWattHours,
        long directGrams,
        long indirectGrams,
        long embeddedGrams,
        long[] noteCounts,
        long[] quarterSums) {

    /** A line restored from state written before it had sums by quarter has none (not a null array). */
    public ReportLine {
        quarterSums = quarterSums == null ? new long[0] : quarterSums;
    }

    /** The sums kept per quarter, in this order: shipments, net mass, electricity, direct, indirect, embedded. */
    public static final int QUARTER_SUMS = 6;
    private static final int QUARTERS = 4;

    /** The report's order: CN code, origin, installation, method, variant, then factors. */
    public static final Comparator<ReportLine> REPORT_ORDER = Comparator.comparing(ReportLine::cnCode)
            .thenComparing(ReportLine::originCountry)
            .thenComparing(ReportLine::installationId)
            .thenComparing(l -> l.method().name())
            .thenComparing(ReportLine::variant)
            .thenComparing(ReportLine::seeDirect)
            .thenComparing(ReportLine::seeIndirect)
            .thenComparing(ReportLine::lineKey);

    /** A line holding one shipment (or its removal, with {@code sign -1}). */
    public static ReportLine of(ShipmentEmissions e, int sign) {
        long[] notes = new long[CalculationNote.values().length];
        for (CalculationNote note : CalculationNote.values()) {
            if (note.in(e.notes())) {
                notes[note.ordinal()] = sign;
            }
        }
        String installation = e.shipment().installationId() == null ? "" : e.shipment().installationId();
        String source = e.method() == EmissionMethod.ACTUAL ? "installation " + installation : e.factorSource();
        long netMass = sign * e.shipment().netMassGrams();
        long quantity = sign * e.shipment().quantityWattHours();
        long direct = sign * e.directGrams();
        long indirect = sign * e.indirectGrams();
        long embedded = sign * e.embeddedGrams();
        return new ReportLine(e.lineKey(), e.shipment().cnCode(), e.shipment().sector(), e.shipment().originCountry(),
                installation, e.method(), e.variant() == null ? "" : e.variant(),
                e.seeDirect(), e.seeIndirect(), e.seeCounted(), e.markUpRate(), source, sign,
                netMass, quantity, direct, indirect, embedded, notes,
                quarterSumsOf(quarterOf(e.shipment().importDate()), sign, netMass, quantity, direct, indirect, embedded));
    }

    /** The quarter (1 to 4) of a date. */
    public static int quarterOf(LocalDate date) {
        return (date.getMonthValue() + 2) / 3;
    }

    private static long[] quarterSumsOf(int quarter, long... sums) {
        if (quarter < 1 || quarter > QUARTERS) {
            return new long[0]; // a shipment counted by a build that did not keep its quarter
        }
        long[] quarters = new long[QUARTERS * QUARTER_SUMS];
        System.arraycopy(sums, 0, quarters, (quarter - 1) * QUARTER_SUMS, QUARTER_SUMS);
        return quarters;
    }

    /** True when the line knows its sums by quarter of import. */
    public boolean hasQuarterSums() {
        return quarterSums.length == QUARTERS * QUARTER_SUMS;
    }

    /**
     * The line's share of one quarter of import: its description with the quarter's sums, and no note counts
     * (the declaration reads notes from the whole line); {@code null} when no shipment fell into the quarter.
     *
     * @throws IllegalStateException if the line does not know its sums by quarter
     */
    public ReportLine inQuarter(int quarter) {
        if (!hasQuarterSums()) {
            throw new IllegalStateException("line " + lineKey + " has no sums by quarter");
        }
        int at = (quarter - 1) * QUARTER_SUMS;
        if (quarterSums[at] == 0) {
            return null;
        }
        return new ReportLine(lineKey, cnCode, sector, originCountry, installationId, method, variant, seeDirect,
                seeIndirect, seeCounted, markUpRate, factorSource, quarterSums[at], quarterSums[at + 1],
                quarterSums[at + 2], quarterSums[at + 3], quarterSums[at + 4], quarterSums[at + 5],
                new long[CalculationNote.values().length], new long[0]);
    }

    /**
     * The change that takes a counted shipment out of its line: only the key and the (negative) sums are set,
     * since it is only ever merged into the line's existing value.
     */
    static ReportLine removal(CountedShipment s) {
        long[] notes = new long[CalculationNote.values().length];
        for (CalculationNote note : CalculationNote.values()) {
            if (note.in(s.notes())) {
                notes[note.ordinal()] = -1;
            }
        }
        return new ReportLine(s.lineKey(), null, null, null, null, null, null, null, null, null, null, null, -1,
                -s.netMassGrams(), -s.quantityWattHours(), -s.directGrams(), -s.indirectGrams(), -s.embeddedGrams(), notes,
                quarterSumsOf(s.quarter(), -1, -s.netMassGrams(), -s.quantityWattHours(), -s.directGrams(),
                        -s.indirectGrams(), -s.embeddedGrams()));
    }

    /** True for a change that only takes shipments away and carries no description of the line. */
    public boolean isRemoval() {
        return cnCode == null;
    }

    /** This line with a shipment added ({@code sign 1}) or taken away ({@code sign -1}). */
    public ReportLine plus(ShipmentEmissions e, int sign) {
        return merge(of(e, sign));
    }

    /**
     * The sum of two lines of the same key. Either may be a {@link #isRemoval removal}: a batch job sorts
     * the changes of a line by key only, so a removal can come before the addition it undoes.
     */
    public ReportLine merge(ReportLine other) {
        if (!lineKey.equals(other.lineKey)) {
            throw new IllegalArgumentException("cannot merge lines " + lineKey + " and " + other.lineKey);
        }
        ReportLine d = isRemoval() ? other : this; // the line's description comes from an addition
        long[] notes = new long[Math.max(noteCounts.length, other.noteCounts.length)];
        for (int i = 0; i < notes.length; i++) {
            notes[i] = (i < noteCounts.length ? noteCounts[i] : 0) + (i < other.noteCounts.length ? other.noteCounts[i] : 0);
        }
        // Sums by quarter only where both sides know them: a line that lost them never pretends to have them.
        long[] quarters = new long[0];
        if (hasQuarterSums() && other.hasQuarterSums()) {
            quarters = new long[quarterSums.length];
            for (int i = 0; i < quarters.length; i++) {
                quarters[i] = Math.addExact(quarterSums[i], other.quarterSums[i]);
            }
        }
        return new ReportLine(lineKey, d.cnCode, d.sector, d.originCountry, d.installationId, d.method, d.variant,
                d.seeDirect, d.seeIndirect, d.seeCounted, d.markUpRate, d.factorSource,
                Math.addExact(shipments, other.shipments),
                Math.addExact(netMassGrams, other.netMassGrams),
                Math.addExact(quantityWattHours, other.quantityWattHours),
                Math.addExact(directGrams, other.directGrams),
                Math.addExact(indirectGrams, other.indirectGrams),
                Math.addExact(embeddedGrams, other.embeddedGrams),
                notes, quarters);
    }

    /**
     * A line's changes being summed in place, for combining many changes of few lines without a new line per
     * change; {@link #line} gives the same value as {@link #merge} of the changes would.
     */
    public static final class Sum {
        private ReportLine description;
        private long shipments;
        private long netMassGrams;
        private long quantityWattHours;
        private long directGrams;
        private long indirectGrams;
        private long embeddedGrams;
        private final long[] noteCounts = new long[CalculationNote.values().length];
        private final long[] quarterSums = new long[QUARTERS * QUARTER_SUMS];
        private boolean quartersKnown = true;

        public Sum(ReportLine first) {
            description = first;
            add0(first);
        }

        /** Adds a change of the same line. */
        public void add(ReportLine change) {
            if (!description.lineKey.equals(change.lineKey)) {
                throw new IllegalArgumentException("cannot merge lines " + description.lineKey + " and " + change.lineKey);
            }
            if (description.isRemoval()) {
                description = change; // the line's description comes from an addition
            }
            add0(change);
        }

        private void add0(ReportLine c) {
            shipments = Math.addExact(shipments, c.shipments);
            netMassGrams = Math.addExact(netMassGrams, c.netMassGrams);
            quantityWattHours = Math.addExact(quantityWattHours, c.quantityWattHours);
            directGrams = Math.addExact(directGrams, c.directGrams);
            indirectGrams = Math.addExact(indirectGrams, c.indirectGrams);
            embeddedGrams = Math.addExact(embeddedGrams, c.embeddedGrams);
            for (int i = 0; i < c.noteCounts.length && i < noteCounts.length; i++) {
                noteCounts[i] += c.noteCounts[i];
            }
            if (!c.hasQuarterSums()) {
                quartersKnown = false;
            } else if (quartersKnown) {
                for (int i = 0; i < quarterSums.length; i++) {
                    quarterSums[i] = Math.addExact(quarterSums[i], c.quarterSums[i]);
                }
            }
        }

        /** The sum as a line. */
        public ReportLine line() {
            ReportLine d = description;
            return new ReportLine(d.lineKey, d.cnCode, d.sector, d.originCountry, d.installationId, d.method, d.variant,
                    d.seeDirect, d.seeIndirect, d.seeCounted, d.markUpRate, d.factorSource, shipments, netMassGrams,
                    quantityWattHours, directGrams, indirectGrams, embeddedGrams, noteCounts.clone(),
                    quartersKnown ? quarterSums.clone() : new long[0]);
        }
    }

    /** True when every shipment of the line was taken away again. */
    public boolean isEmpty() {
        return shipments == 0;
    }

    /** Shipments of the line that carry a note. */
    public long count(CalculationNote note) {
        return note.ordinal() < noteCounts.length ? noteCounts[note.ordinal()] : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReportLine)) {
            return false;
        }
        ReportLine l = (ReportLine) o;
        if (isRemoval() || l.isRemoval()) {
            return isRemoval() == l.isRemoval() && lineKey.equals(l.lineKey) && shipments == l.shipments
                    && embeddedGrams == l.embeddedGrams && netMassGrams == l.netMassGrams;
        }
        return lineKey.equals(l.lineKey) && shipments == l.shipments && netMassGrams == l.netMassGrams
                && quantityWattHours == l.quantityWattHours && directGrams == l.directGrams
                && indirectGrams == l.indirectGrams && embeddedGrams == l.embeddedGrams
                && Arrays.equals(noteCounts, l.noteCounts) && Arrays.equals(quarterSums, l.quarterSums)
                && cnCode.equals(l.cnCode) && sector == l.sector
                && originCountry.equals(l.originCountry) && installationId.equals(l.installationId)
                && method == l.method && variant.equals(l.variant) && seeDirect.equals(l.seeDirect)
                && seeIndirect.equals(l.seeIndirect) && seeCounted.equals(l.seeCounted)
                && markUpRate.equals(l.markUpRate) && factorSource.equals(l.factorSource);
    }

    @Override
    public int hashCode() {
        return lineKey.hashCode() * 31 + Long.hashCode(embeddedGrams);
    }

    @Override
    public String toString() {
        return "ReportLine[" + lineKey + ", shipments=" + shipments + ", netMassGrams=" + netMassGrams
                + ", quantityWattHours=" + quantityWattHours + ", directGrams=" + directGrams + ", indirectGrams="
                + indirectGrams + ", embeddedGrams=" + embeddedGrams + ", notes=" + Arrays.toString(noteCounts)
                + ", quarterSums=" + Arrays.toString(quarterSums) + "]";
    }
}
