package dev.cbam.report;

import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.intake.RejectReason;
import dev.cbam.reference.Sector;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@code summary.md}: the report in tables a person reads. */
public final class SummaryMarkdown {

    private static final int TOP_LINES = 25;
    private static final int TOP_COUNTRIES = 10;

    private SummaryMarkdown() {}

    public static String render(ReportDocument doc) {
        StringBuilder md = new StringBuilder();
        Importer imp = doc.importer();
        md.append("# CBAM report ").append(doc.period().label()).append(" — ")
                .append(imp.name() == null ? imp.eori() : imp.name() + " (" + imp.eori() + ")").append("\n\n");
        md.append(doc.period().definitive()
                ? "Definitive period: annual CBAM declaration for " + doc.period().year() + ", due by 30 September "
                        + (doc.period().year() + 1) + ".\n\n"
                : "Transitional period: quarterly CBAM report for " + doc.period().label() + ".\n\n");

        md.append("## Rows\n\n| read | accepted | rejected |\n|---:|---:|---:|\n");
        md.append("| ").append(doc.read()).append(" | ").append(doc.accepted()).append(" | ")
                .append(doc.rejects().total()).append(" |\n\n");

        ReportTotals t = doc.totals();
        md.append("## Totals\n\n| net mass (t) | electricity (MWh) | direct (tCO2e) | indirect (tCO2e) | embedded, counted (tCO2e) |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        md.append("| ").append(Tonnes.fromGrams(t.netMassGrams()).toPlainString())
                .append(" | ").append(Tonnes.mwhFromWattHours(t.quantityWattHours()).toPlainString())
                .append(" | ").append(Tonnes.fromGrams(t.directGrams()).toPlainString())
                .append(" | ").append(Tonnes.fromGrams(t.indirectGrams()).toPlainString())
                .append(" | ").append(Tonnes.fromGrams(t.embeddedGrams()).toPlainString()).append(" |\n\n");
        md.append(doc.period().definitive()
                ? "Counted: direct emissions for iron and steel, aluminium and hydrogen; direct and indirect for cement "
                        + "and fertilisers; MWh × factor for electricity (Reg (EU) 2023/956 Annex II). Default values include "
                        + "the mark-up of IR (EU) 2025/2621.\n\n"
                : "Counted: direct and indirect emissions of all goods, without mark-up (transitional period).\n\n");

        Map<Sector, long[]> sectors = new EnumMap<>(Sector.class);
        Map<String, Long> countries = new TreeMap<>();
        for (ReportLine line : doc.lines()) {
            long[] s = sectors.computeIfAbsent(line.sector(), k -> new long[5]);
            s[0] += line.shipments();
            s[1] += line.netMassGrams();
            s[2] += line.quantityWattHours();
            s[3] += line.embeddedGrams();
            if (line.method() == EmissionMethod.DEFAULT) {
                s[4] += line.embeddedGrams();
            }
            countries.merge(line.originCountry(), line.embeddedGrams(), Long::sum);
        }
        md.append("## By sector\n\n| sector | shipments | net mass (t) | electricity (MWh) | embedded (tCO2e) | from default values |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Sector, long[]> e : sectors.entrySet()) {
            long[] s = e.getValue();
            md.append("| ").append(e.getKey().id()).append(" | ").append(s[0]).append(" | ")
                    .append(Tonnes.fromGrams(s[1]).toPlainString()).append(" | ")
                    .append(Tonnes.mwhFromWattHours(s[2]).toPlainString()).append(" | ")
                    .append(Tonnes.fromGrams(s[3]).toPlainString()).append(" | ")
                    .append(percent(s[4], s[3])).append(" |\n");
        }
        md.append('\n');

        List<Map.Entry<String, Long>> byCountry = new ArrayList<>(countries.entrySet());
        byCountry.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        md.append("## Countries of origin by embedded emissions\n\n| origin | embedded (tCO2e) | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> e : byCountry.subList(0, Math.min(TOP_COUNTRIES, byCountry.size()))) {
            md.append("| ").append(e.getKey()).append(" | ").append(Tonnes.fromGrams(e.getValue()).toPlainString())
                    .append(" | ").append(percent(e.getValue(), t.embeddedGrams())).append(" |\n");
        }
        md.append('\n');

        List<ReportLine> top = new ArrayList<>(doc.lines());
        top.sort(Comparator.comparingLong(ReportLine::embeddedGrams).reversed().thenComparing(ReportLine.REPORT_ORDER));
        md.append("## Report lines").append(top.size() > TOP_LINES ? " (the " + TOP_LINES + " largest of " + top.size()
                + "; all in report.json)" : "").append("\n\n")
                .append("| CN code | origin | installation | method | shipments | quantity | SEE counted | embedded (tCO2e) |\n")
                .append("|---|---|---|---|---:|---:|---:|---:|\n");
        for (ReportLine line : top.subList(0, Math.min(TOP_LINES, top.size()))) {
            String quantity = line.sector() == Sector.ELECTRICITY
                    ? Tonnes.mwhFromWattHours(line.quantityWattHours()).toPlainString() + " MWh"
                    : Tonnes.fromGrams(line.netMassGrams()).toPlainString() + " t";
            md.append("| ").append(line.cnCode()).append(line.variant().isEmpty() ? "" : " (" + line.variant() + ")")
                    .append(" | ").append(line.originCountry()).append(" | ").append(line.installationId().isEmpty() ? "–" : line.installationId())
                    .append(" | ").append(line.method().name().toLowerCase(java.util.Locale.ROOT)).append(" | ").append(line.shipments())
                    .append(" | ").append(quantity).append(" | ").append(line.seeCounted().stripTrailingZeros().toPlainString())
                    .append(" | ").append(Tonnes.fromGrams(line.embeddedGrams()).toPlainString()).append(" |\n");
        }
        md.append('\n');

        Map<CalculationNote, Long> notes = new EnumMap<>(CalculationNote.class);
        for (ReportLine line : doc.lines()) {
            for (CalculationNote note : CalculationNote.values()) {
                if (line.count(note) != 0) {
                    notes.merge(note, line.count(note), Long::sum);
                }
            }
        }
        if (!notes.isEmpty()) {
            md.append("## How emissions were determined\n\n| note | shipments | meaning |\n|---|---:|---|\n");
            notes.forEach((note, count) -> md.append("| ").append(note.name()).append(" | ").append(count).append(" | ")
                    .append(note.message()).append(" |\n"));
            md.append('\n');
        }

        md.append("## Rejected rows\n\n");
        if (doc.rejects().total() == 0) {
            md.append("None.\n");
        } else {
            md.append("| reason | rows | meaning |\n|---|---:|---|\n");
            for (Map.Entry<RejectReason, Long> e : doc.rejects().byReason().entrySet()) {
                md.append("| ").append(e.getKey().name()).append(" | ").append(e.getValue()).append(" | ")
                        .append(e.getKey().description()).append(" |\n");
            }
            md.append("\nEvery rejected row, with file, line and message, is in `rejects.csv`.\n");
        }
        return md.toString();
    }

    private static String percent(long part, long whole) {
        if (whole == 0) {
            return "–";
        }
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, java.math.RoundingMode.HALF_UP).toPlainString() + " %";
    }
}
