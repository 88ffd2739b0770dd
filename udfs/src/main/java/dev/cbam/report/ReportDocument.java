package dev.cbam.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.emissions.CalculationNote;
import dev.cbam.intake.RejectReason;
import dev.cbam.report.validation.RuleResult;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The report of a run as data: period, importer, counts, exact totals and the report lines in the report's
 * order. Renders {@code report.json}; nothing in it depends on how the job was run (mode, parallelism, run
 * id, time), so the same input gives the same bytes.
 */
public final class ReportDocument {

    public static final int SCHEMA_VERSION = 1;

    private final ReportingPeriod period;
    private final Importer importer;
    private final List<ReportLine> lines;
    private final ReportTotals totals;
    private final RejectCounts rejects;

    /**
     * @param lines the report lines in any order; empty lines (all shipments taken away) are left out
     */
    public ReportDocument(ReportingPeriod period, Importer importer, Collection<ReportLine> lines, RejectCounts rejects) {
        this.period = period;
        this.importer = importer;
        List<ReportLine> sorted = new ArrayList<>();
        for (ReportLine line : lines) {
            if (!line.isEmpty()) {
                sorted.add(line);
            }
        }
        sorted.sort(ReportLine.REPORT_ORDER);
        this.lines = List.copyOf(sorted);
        this.totals = ReportTotals.of(this.lines);
        this.rejects = rejects;
    }

    public ReportingPeriod period() {
        return period;
    }

    public Importer importer() {
        return importer;
    }

    public List<ReportLine> lines() {
        return lines;
    }

    public ReportTotals totals() {
        return totals;
    }

    public RejectCounts rejects() {
        return rejects;
    }

    public long accepted() {
        return totals.shipments();
    }

    /** Rows read: every row is either accepted or rejected. */
    public long read() {
        return totals.shipments() + rejects.total();
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** The report as {@code report.json} text (UTF-8, two-space indentation, a final line break). */
    public String toJson() {
        return toJson(null, null);
    }

    /**
     * The report as {@code report.json} text with the results of the report rules (after the totals) and the
     * run's provenance (at the end).
     *
     * @param validation the rules' results in rule order, or {@code null} to leave the section out
     * @param provenance the provenance object, or {@code null} to leave it out; it must not depend on how the job
     *     was run (run id, time, mode, parallelism), as nothing else in the file does
     */
    public String toJson(List<RuleResult> validation, JsonNode provenance) {
        return Json.asString(out -> writeJson(out, validation, provenance));
    }

    /**
     * Writes {@link #toJson(List, JsonNode)}'s text to {@code out} (which stays open) without holding it in
     * memory as one string: a large importer's report has a hundred thousand lines.
     */
    public void writeJson(Writer out, List<RuleResult> validation, JsonNode provenance) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("period", period.label());
        root.put("period_kind", period.definitive() ? "definitive" : "transitional");
        ObjectNode imp = root.putObject("importer");
        imp.put("eori", importer.eori());
        imp.put("name", importer.name());
        imp.put("country", importer.country());
        ObjectNode counts = root.putObject("counts");
        counts.put("read", read());
        counts.put("accepted", accepted());
        counts.put("rejected", rejects.total());
        ObjectNode byReason = counts.putObject("rejected_by_reason");
        for (Map.Entry<RejectReason, Long> e : rejects.byReason().entrySet()) {
            byReason.put(e.getKey().name(), e.getValue());
        }
        ObjectNode t = root.putObject("totals");
        t.put("net_mass_t", Tonnes.fromGrams(totals.netMassGrams()));
        t.put("quantity_mwh", Tonnes.mwhFromWattHours(totals.quantityWattHours()));
        t.put("direct_emissions_t", Tonnes.fromGrams(totals.directGrams()));
        t.put("indirect_emissions_t", Tonnes.fromGrams(totals.indirectGrams()));
        t.put("embedded_emissions_t", Tonnes.fromGrams(totals.embeddedGrams()));
        if (validation != null) {
            ArrayNode rules = root.putArray("validation");
            for (RuleResult r : validation) {
                rules.addObject().put("rule", r.rule()).put("severity", r.severity().name()).put("message", r.message());
            }
        }
        ArrayNode array = root.putArray("lines");
        for (ReportLine line : lines) {
            ObjectNode l = array.addObject();
            l.put("cn_code", line.cnCode());
            l.put("sector", line.sector().id());
            l.put("origin_country", line.originCountry());
            l.put("installation_id", line.installationId().isEmpty() ? null : line.installationId());
            l.put("method", line.method().name());
            l.put("variant", line.variant().isEmpty() ? null : line.variant());
            l.put("shipments", line.shipments());
            l.put("net_mass_t", Tonnes.fromGrams(line.netMassGrams()));
            l.put("quantity_mwh", Tonnes.mwhFromWattHours(line.quantityWattHours()));
            l.put("see_direct", plain(line.seeDirect()));
            l.put("see_indirect", plain(line.seeIndirect()));
            l.put("see_counted", plain(line.seeCounted()));
            l.put("mark_up", plain(line.markUpRate()));
            l.put("direct_emissions_t", Tonnes.fromGrams(line.directGrams()));
            l.put("indirect_emissions_t", Tonnes.fromGrams(line.indirectGrams()));
            l.put("embedded_emissions_t", Tonnes.fromGrams(line.embeddedGrams()));
            l.put("factor_source", line.factorSource());
            ArrayNode notes = l.putArray("notes");
            for (CalculationNote note : CalculationNote.values()) {
                long count = line.count(note);
                if (count != 0) {
                    ObjectNode n = notes.addObject();
                    n.put("code", note.name());
                    n.put("shipments", count);
                    n.put("message", note.message());
                }
            }
        }
        if (provenance != null) {
            root.set("provenance", provenance);
        }
        JSON.writeValue(Json.unclosable(out), root);
        out.write('\n');
    }

    /** A factor in its shortest exact form, as a JSON number. */
    private static BigDecimal plain(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
