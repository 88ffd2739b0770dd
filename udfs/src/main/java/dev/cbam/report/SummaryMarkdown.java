package dev.cbam.report;

import dev.cbam.declaration.CbamDeclaration;
import dev.cbam.declaration.DeclarationLine;
import dev.cbam.declaration.DeclarationTotals;
import dev.cbam.declaration.GoodsTypeTotal;
import dev.cbam.declaration.HoldingRequirement;
import dev.cbam.declaration.QuarterShare;
import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.intake.RejectReason;
import dev.cbam.qreport.QReport;
import dev.cbam.reference.Sector;
import dev.cbam.report.validation.RuleResult;

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
    private static final int TOP_CN_CODES = 10;

    private SummaryMarkdown() {}

    /** The summary of the report alone, without the regulatory outputs and the rules. */
    public static String render(ReportDocument doc) {
        return render(doc, null);
    }

    /**
     * What the run produced besides the report, for {@link #render(ReportDocument, Outputs)}.
     *
     * @param validation the results of the report rules
     * @param defaultValueShare the share of embedded emissions from default values, percent with two decimals (the
     *     figure {@code DEFAULT_VALUE_SHARE_STATED} checks)
     * @param declaration the annual declaration (definitive period), or {@code null}
     * @param qreport the quarterly report (transitional period), or {@code null}
     * @param notWritten why the period's regulatory output (declaration or QReport) was not written, or {@code null}
     */
    public record Outputs(List<RuleResult> validation, BigDecimal defaultValueShare, CbamDeclaration declaration,
            QReport qreport, String notWritten) {}

    /** The summary with the declaration view or the QReport facts, and the results of the report rules. */
    public static String render(ReportDocument doc, Outputs outputs) {
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
        if (outputs != null) {
            md.append("Default values: ").append(outputs.defaultValueShare().toPlainString())
                    .append(" % of embedded emissions were determined from default values.\n\n");
            if (outputs.declaration() != null) {
                declaration(md, outputs.declaration());
            } else if (outputs.qreport() != null) {
                qreport(md, outputs.qreport());
            } else if (outputs.notWritten() != null) {
                md.append(doc.period().definitive() ? "## Annual declaration\n\nNo `declaration.json`: "
                        : "## Quarterly report\n\nNo `qreport.xml`: ").append(outputs.notWritten()).append("\n\n");
            }
        }

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

        if (outputs != null) {
            validation(md, outputs.validation());
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

    private static void declaration(StringBuilder md, CbamDeclaration d) {
        DeclarationTotals t = d.totals();
        md.append("## Annual declaration (`declaration.json`, `declaration.csv`)\n\n");
        md.append("De minimis: ").append(d.deMinimis().statement()).append(".\n\n");
        md.append("| certificates due | to surrender (whole) | cost of priced quarters (EUR) | unpriced certificates |\n")
                .append("|---:|---:|---:|---:|\n");
        md.append("| ").append(t.certificates().toPlainString()).append(" | ").append(t.certificatesToSurrender())
                .append(" | ").append(t.cost().toPlainString()).append(" | ").append(t.unpricedCertificates().toPlainString())
                .append(" |\n\n");
        md.append("Free allocation adjustment ").append(t.freeAllocationAdjustment().stripTrailingZeros().toPlainString())
                .append(" tCO2e (CBAM factor ").append(d.cbamFactor().factor().toPlainString()).append(" × CSCF ")
                .append(d.cscf().toPlainString()).append(" × benchmark); carbon price deduction ")
                .append(t.deduction().stripTrailingZeros().toPlainString()).append(" tCO2e.\n\n");

        // The price depends on the quarter of import only, so every line of a quarter has the same one.
        Map<Integer, BigDecimal[]> quarters = new TreeMap<>();
        Map<Integer, QuarterShare> priceOf = new TreeMap<>();
        for (DeclarationLine line : d.lines()) {
            for (QuarterShare q : line.quarters()) {
                BigDecimal[] sums = quarters.computeIfAbsent(q.quarter(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(q.embeddedEmissions());
                sums[1] = sums[1].add(q.certificates());
                sums[2] = q.cost() == null ? sums[2] : sums[2].add(q.cost());
                priceOf.putIfAbsent(q.quarter(), q);
            }
        }
        md.append("| quarter of import | embedded (tCO2e) | certificates | price (EUR) | cost (EUR) |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<Integer, BigDecimal[]> e : quarters.entrySet()) {
            QuarterShare q = priceOf.get(e.getKey());
            BigDecimal[] sums = e.getValue();
            md.append("| Q").append(e.getKey()).append(" | ").append(sums[0].toPlainString()).append(" | ")
                    .append(sums[1].toPlainString()).append(" | ")
                    .append(q.price() == null ? "unpriced" : q.price().toPlainString()).append(" | ")
                    .append(q.price() == null ? "–" : sums[2].setScale(2).toPlainString()).append(" |\n");
        }
        md.append('\n');
        for (Map.Entry<Integer, QuarterShare> e : priceOf.entrySet()) {
            md.append("- Q").append(e.getKey()).append(": ").append(e.getValue().priceSource()).append('\n');
        }
        md.append('\n');
        if (!d.holding().isEmpty()) {
            md.append("Certificates to hold at the end of each quarter (Art 22(2)):\n\n")
                    .append("| quarter | threshold exceeded | required | due by |\n|---|---|---:|---|\n");
            for (HoldingRequirement h : d.holding()) {
                md.append("| Q").append(h.quarter()).append(" | ").append(h.thresholdExceeded() ? "yes" : "no").append(" | ")
                        .append(h.requiredWholeCertificates()).append(" | ").append(h.dueBy()).append(" |\n");
            }
            md.append('\n');
        }

        List<GoodsTypeTotal> goods = new ArrayList<>(d.goodsTypes());
        goods.sort(Comparator.comparing(GoodsTypeTotal::embeddedEmissions).reversed().thenComparing(GoodsTypeTotal::cnCode));
        md.append("CN codes by embedded emissions").append(goods.size() > TOP_CN_CODES ? " (the " + TOP_CN_CODES + " largest of "
                + goods.size() + ")" : "").append(":\n\n")
                .append("| CN code | sector | quantity | embedded (tCO2e) | certificates |\n|---|---|---:|---:|---:|\n");
        for (GoodsTypeTotal g : goods.subList(0, Math.min(TOP_CN_CODES, goods.size()))) {
            md.append("| ").append(g.cnCode()).append(" | ").append(g.sector().id()).append(" | ")
                    .append(g.quantity().toPlainString()).append(' ').append(g.unit()).append(" | ")
                    .append(g.embeddedEmissions().toPlainString()).append(" | ").append(g.certificates().toPlainString())
                    .append(" |\n");
        }
        md.append('\n');
    }

    private static void qreport(StringBuilder md, QReport q) {
        md.append("## Quarterly report (`qreport.xml`)\n\n")
                .append("Valid against the Commission's QReport schema (version 23.00): ").append(q.goods())
                .append(" imported goods (CN code and country of origin), ").append(q.emissionBlocks())
                .append(" emission blocks (installations and sets of default values).\n\n");
        if (!q.notes().isEmpty()) {
            md.append("Before submitting:\n\n");
            for (String note : q.notes()) {
                md.append("- ").append(note).append('\n');
            }
            md.append('\n');
        }
    }

    private static void validation(StringBuilder md, List<RuleResult> results) {
        md.append("## Report rules\n\n| rule | severity | finding |\n|---|---|---|\n");
        for (RuleResult r : results) {
            md.append("| ").append(r.rule()).append(" | ").append(r.severity().name()).append(" | ")
                    .append(r.message().replace("|", "\\|")).append(" |\n");
        }
        md.append('\n');
    }

    private static String percent(long part, long whole) {
        if (whole == 0) {
            return "–";
        }
        return BigDecimal.valueOf(part * 100).divide(BigDecimal.valueOf(whole), 1, java.math.RoundingMode.HALF_UP).toPlainString() + " %";
    }
}
