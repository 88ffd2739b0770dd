package dev.cbam.declaration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.report.Importer;
import dev.cbam.report.Json;
import dev.cbam.report.ReportingPeriod;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The annual CBAM declaration of a year as data, laid out on Art 6(2) of Reg (EU) 2023/956 as amended by
 * Reg (EU) 2025/2083: (a) quantity and (b) embedded emissions of each type of goods, (c) the certificates to
 * surrender after the Art 9 deduction and the Art 31 adjustment, (d) the installations whose actual emissions
 * need verification reports; with the lines per CN code, country of origin and installation that support the
 * totals (Art 6(6)). Renders {@code declaration.json} and {@code declaration.csv}; the same input gives the same
 * bytes.
 *
 * @param period the year
 * @param importer the importer
 * @param deMinimis the Art 2a decision
 * @param cbamFactor the CBAM factor of the year
 * @param cscf the cross-sectoral correction factor used
 * @param etsPrice the price parameter for unpriced quarters, or {@code null}
 * @param lines the lines in the report's order
 * @param goodsTypes the totals per CN code
 * @param totals the declaration's totals
 * @param holding the holding requirement per quarter (from 2027; empty for 2026)
 * @param installationsToVerify installations whose actual emissions are declared (Art 6(2)(d), Art 8)
 * @param referenceSha256 SHA-256 of the declaration's reference files, by file name
 */
public record CbamDeclaration(
        ReportingPeriod period,
        Importer importer,
        DeMinimis deMinimis,
        CbamFactorTable.CbamFactor cbamFactor,
        BigDecimal cscf,
        BigDecimal etsPrice,
        List<DeclarationLine> lines,
        List<GoodsTypeTotal> goodsTypes,
        DeclarationTotals totals,
        List<HoldingRequirement> holding,
        List<String> installationsToVerify,
        Map<String, String> referenceSha256) {

    public static final int SCHEMA_VERSION = 1;

    /** How the figures are rounded, stated in the output. */
    public static final String ROUNDING = "Quantities and embedded emissions are exact sums of per-shipment values (1 g, "
            + "1 Wh). SEFA = CBAM factor x CSCF x benchmark, exact. Certificates are computed per line and quarter of "
            + "import as max(0, embedded emissions - quantity x (SEFA + deduction)), rounded once half up to six decimals "
            + "(1 g CO2e); a negative result is zero and offsets no other line; totals are exact sums. Cost is certificates "
            + "x price, rounded half up to the cent per line and quarter. Certificates to surrender are the total rounded "
            + "up to whole certificates (one certificate = 1 tCO2e, Art 3(24)).";

    public CbamDeclaration {
        lines = List.copyOf(lines);
        goodsTypes = List.copyOf(goodsTypes);
        holding = List.copyOf(holding);
        installationsToVerify = List.copyOf(installationsToVerify);
        referenceSha256 = Map.copyOf(referenceSha256);
    }

    /** The declaration is due by 30 September of the following year (Art 6(1) as amended). */
    public LocalDate dueBy() {
        return LocalDate.of(period.year() + 1, 9, 30);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** {@code declaration.json}: UTF-8, two-space indentation, a final line break. */
    public String toJson() {
        return Json.asString(this::writeJson);
    }

    /** Writes {@link #toJson()}'s text to {@code out} (which stays open), not held in memory as one string. */
    public void writeJson(Writer out) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        root.put("document", "CBAM declaration, Art 6 of Regulation (EU) 2023/956 as amended by Regulation (EU) 2025/2083");
        root.put("year", period.year());
        root.put("due_by", dueBy().toString());
        ObjectNode imp = root.putObject("importer");
        imp.put("eori", importer.eori());
        imp.put("name", importer.name());
        imp.put("country", importer.country());

        ObjectNode dm = root.putObject("de_minimis");
        dm.put("exempt", deMinimis.exempt());
        dm.put("counted_net_mass_t", deMinimis.countedNetMassTonnes());
        dm.put("threshold_t", BigDecimal.valueOf(deMinimis.thresholdGrams(), 6));
        dm.put("outside_threshold_hydrogen_t", BigDecimal.valueOf(deMinimis.outsideThresholdNetMassGrams(), 6));
        dm.put("outside_threshold_electricity_mwh", BigDecimal.valueOf(deMinimis.outsideThresholdWattHours(), 6));
        dm.put("statement", deMinimis.statement());

        ObjectNode params = root.putObject("parameters");
        params.put("cbam_factor", cbamFactor.factor());
        params.put("cbam_factor_source", cbamFactor.source());
        params.put("cscf", cscf);
        params.put("cscf_source", "parameter --cscf (default 1); IR (EU) 2025/2620 applies the EU ETS cross-sectoral "
                + "correction factor, which the reference data does not hold");
        params.put("ets_price_eur", etsPrice);
        params.put("ets_price_use", "applies only to quarters without a published certificate price");
        params.put("rounding", ROUNDING);

        ArrayNode goods = root.putArray("goods");
        for (GoodsTypeTotal g : goodsTypes) {
            ObjectNode n = goods.addObject();
            n.put("cn_code", g.cnCode());
            n.put("sector", g.sector().id());
            n.put("quantity", g.quantity());
            n.put("unit", g.unit());
            n.put("embedded_emissions_t", g.embeddedEmissions());
            n.put("specific_embedded_emissions_t_per_unit", g.specificEmbeddedEmissions());
            n.put("certificates", g.certificates());
        }

        ArrayNode array = root.putArray("lines");
        for (DeclarationLine line : lines) {
            ObjectNode l = array.addObject();
            l.put("cn_code", line.cnCode());
            l.put("sector", line.sector().id());
            l.put("origin_country", line.originCountry());
            l.put("installation_id", line.installationId().isEmpty() ? null : line.installationId());
            l.put("method", line.method().name());
            l.put("variant", line.variant().isEmpty() ? null : line.variant());
            l.put("quantity", line.quantity());
            l.put("unit", line.unit());
            l.put("see_counted", plain(line.seeCounted()));
            l.put("embedded_emissions_t", line.embeddedEmissions());
            ObjectNode b = l.putObject("benchmark");
            b.put("column", line.benchmark().column().isEmpty() ? null : line.benchmark().column());
            b.put("route", line.benchmark().route().isEmpty() ? null : line.benchmark().route());
            b.put("value", plain(line.benchmark().value()));
            l.put("sefa_t_per_unit", plain(line.sefa()));
            l.put("free_allocation_adjustment_t", plain(line.freeAllocationAdjustment()));
            l.put("deduction_t_per_unit", plain(line.deductionPerUnit()));
            l.put("deduction_t", plain(line.deduction()));
            l.put("deduction_evidence", line.deductionEvidence().isEmpty() ? null : line.deductionEvidence());
            l.put("subject_to_surrender", line.subjectToSurrender());
            l.put("certificates", line.certificates());
            l.put("cost_eur", line.cost());
            l.put("unpriced_certificates", line.unpricedCertificates());
            ArrayNode quarters = l.putArray("quarters");
            for (QuarterShare q : line.quarters()) {
                ObjectNode n = quarters.addObject();
                n.put("quarter", q.quarter());
                n.put("quantity", q.quantity());
                n.put("embedded_emissions_t", q.embeddedEmissions());
                n.put("certificates", q.certificates());
                n.put("price_eur", q.price());
                n.put("price_source", q.priceSource());
                n.put("cost_eur", q.cost());
            }
            ArrayNode notes = l.putArray("notes");
            for (DeclarationNote note : line.notes()) {
                notes.addObject().put("code", note.name()).put("message", note.message());
            }
        }

        ObjectNode t = root.putObject("totals");
        t.put("quantity_t", totals.quantityTonnes());
        t.put("quantity_mwh", totals.quantityMwh());
        t.put("embedded_emissions_t", totals.embeddedEmissions());
        t.put("free_allocation_adjustment_t", plain(totals.freeAllocationAdjustment()));
        t.put("deduction_t", plain(totals.deduction()));
        t.put("certificates", totals.certificates());
        t.put("certificates_to_surrender", totals.certificatesToSurrender());
        t.put("cost_eur", totals.cost());
        t.put("unpriced_certificates", totals.unpricedCertificates());
        t.put("fully_priced", totals.unpricedCertificates().signum() == 0);

        ObjectNode h = root.putObject("holding_requirement");
        h.put("applies", !holding.isEmpty());
        h.put("basis", holding.isEmpty()
                ? "Art 22(2) of Reg (EU) 2023/956 as amended applies from 2027"
                : "Art 22(2)(a) and (2a) as amended: 50 % of embedded emissions since 1 January at default values without "
                        + "mark-up, less the free allocation adjustment; option (b), last year's surrendered certificates, "
                        + "is not computed");
        ArrayNode hq = h.putArray("quarters");
        for (HoldingRequirement r : holding) {
            ObjectNode n = hq.addObject();
            n.put("quarter", r.quarter());
            n.put("end_of_quarter", r.endOfQuarter().toString());
            n.put("cumulative_net_mass_t", r.cumulativeNetMass());
            n.put("threshold_exceeded", r.thresholdExceeded());
            n.put("emissions_at_default_values_t", r.emissionsAtDefaultValues());
            n.put("required_certificates", r.requiredCertificates());
            n.put("required_whole_certificates", r.requiredWholeCertificates());
            n.put("due_by", r.dueBy().toString());
        }

        ArrayNode verify = root.putObject("verification").putArray("installations_with_actual_emissions");
        installationsToVerify.forEach(verify::add);
        ObjectNode sha = root.putObject("reference_sha256");
        new TreeMap<>(referenceSha256).forEach(sha::put);
        JSON.writeValue(Json.unclosable(out), root);
        out.write('\n');
    }

    private static final List<String> CSV_COLUMNS = List.of("record_type", "cn_code", "sector", "origin_country",
            "installation_id", "method", "variant", "quarter", "quantity", "unit", "see_counted", "embedded_emissions_t",
            "benchmark_column", "benchmark_route", "benchmark", "sefa_t_per_unit", "free_allocation_adjustment_t",
            "deduction_t_per_unit", "deduction_t", "subject_to_surrender", "certificates", "price_eur", "cost_eur",
            "unpriced_certificates", "notes");

    /**
     * {@code declaration.csv}: one {@code line} row per declaration line followed by its {@code quarter} rows, then
     * one {@code goods} row per CN code (its {@code see_counted} is the CN code's average, embedded emissions over
     * quantity) and a {@code total} row; comma-separated, UTF-8, RFC 4180 quoting.
     */
    public String toCsv() {
        return Json.asString(this::writeCsv);
    }

    /** Writes {@link #toCsv()}'s text to {@code out}, a line (and its quarters) at a time. */
    public void writeCsv(Writer out) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (DeclarationLine l : lines) {
            if (csv.length() >= 1 << 16) {
                out.append(csv);
                csv.setLength(0);
            }
            StringBuilder notes = new StringBuilder();
            for (DeclarationNote n : l.notes()) {
                notes.append(notes.length() == 0 ? "" : ";").append(n.name());
            }
            row(csv, "line", l.cnCode(), l.sector().id(), l.originCountry(), l.installationId(), l.method().name(), l.variant(),
                    "", l.quantity(), l.unit(), plain(l.seeCounted()), l.embeddedEmissions(), l.benchmark().column(),
                    l.benchmark().route(), plain(l.benchmark().value()), plain(l.sefa()), plain(l.freeAllocationAdjustment()),
                    plain(l.deductionPerUnit()), plain(l.deduction()), l.subjectToSurrender(), l.certificates(), "", l.cost(),
                    l.unpricedCertificates(), notes);
            for (QuarterShare q : l.quarters()) {
                row(csv, "quarter", l.cnCode(), l.sector().id(), l.originCountry(), l.installationId(), l.method().name(),
                        l.variant(), q.quarter(), q.quantity(), l.unit(), "", q.embeddedEmissions(), "", "", "", "", "", "", "",
                        l.subjectToSurrender(), q.certificates(), q.price() == null ? "" : q.price(),
                        q.cost() == null ? "" : q.cost(), q.price() == null ? q.certificates() : "", q.priceSource());
            }
        }
        for (GoodsTypeTotal g : goodsTypes) {
            row(csv, "goods", g.cnCode(), g.sector().id(), "", "", "", "", "", g.quantity(), g.unit(),
                    g.specificEmbeddedEmissions(), g.embeddedEmissions(), "", "", "", "", "", "", "", "", g.certificates(), "",
                    "", "", "");
        }
        row(csv, "total", "", "", "", "", "", "", "", totals.quantityTonnes(), "t", "", totals.embeddedEmissions(), "", "",
                "", "", plain(totals.freeAllocationAdjustment()), "", plain(totals.deduction()), "", totals.certificates(), "",
                totals.cost(), totals.unpricedCertificates(), "certificates_to_surrender=" + totals.certificatesToSurrender()
                        + ";quantity_mwh=" + totals.quantityMwh().toPlainString() + ";" + deMinimis.statement());
        out.append(csv);
    }

    private static void row(StringBuilder csv, Object... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                csv.append(',');
            }
            Object f = fields[i];
            String text = f instanceof BigDecimal ? ((BigDecimal) f).toPlainString() : String.valueOf(f);
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0) {
                text = '"' + text.replace("\"", "\"\"") + '"';
            }
            csv.append(text);
        }
        csv.append('\n');
    }

    /** A factor in its shortest exact form. */
    private static BigDecimal plain(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
