package dev.cbam.job.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cbam.declaration.CbamDeclaration;
import dev.cbam.declaration.DeclarationCalculator;
import dev.cbam.declaration.QuarterlyReportLine;
import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import dev.cbam.job.db.DeclarationLinesTable;
import dev.cbam.job.db.QuarterSums;
import dev.cbam.qreport.QReport;
import dev.cbam.qreport.QReportException;
import dev.cbam.qreport.QReportWriter;
import dev.cbam.reference.Sector;
import dev.cbam.report.Importer;
import dev.cbam.report.Json;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.RejectsCsv;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportLineKey;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.SummaryMarkdown;
import dev.cbam.report.validation.ReportCheckInput;
import dev.cbam.report.validation.ReportChecks;
import dev.cbam.report.validation.RuleResult;
import dev.cbam.report.validation.Severity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders the report files of a run from its rows in PostgreSQL: {@code report.json} (with the results of the
 * report rules and the run's provenance), {@code summary.md}, {@code rejects.csv} (sorted by file and line), and
 * the period's regulatory output — {@code qreport.xml} for a transitional quarter, {@code declaration.json} and
 * {@code declaration.csv} (and their rows in {@code cbam_declaration_lines}) for a definitive year. The database
 * is the job's output; rendering the files from it once the last write is done keeps files and tables in
 * agreement, also after restarts, and lets a report be rendered again at any time. Each file is written under a
 * temporary name and moved into place.
 *
 * <p>A regulatory output is written only when it can be filed: a QReport the schema or the registry's rules
 * refuse, or a report that fails a report rule, leaves it out (and removes an earlier one) and says why in
 * {@link Rendered#problem()}, which makes a completing run {@code FAILED}; the other files are still written,
 * so that the reason can be read in them.
 */
public final class ReportFiles {

    private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);

    public static final String REPORT_JSON = "report.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String REJECTS_CSV = "rejects.csv";
    public static final String QREPORT_XML = "qreport.xml";
    public static final String DECLARATION_JSON = "declaration.json";
    public static final String DECLARATION_CSV = "declaration.csv";
    public static final List<String> ALL = List.of(REPORT_JSON, SUMMARY_MD, REJECTS_CSV, QREPORT_XML, DECLARATION_JSON,
            DECLARATION_CSV);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFiles() {}

    /**
     * What rendering a run's files produced.
     *
     * @param report the report
     * @param validation the results of the report rules, as {@code report.json} lists them
     * @param declaration the annual declaration written, or {@code null}
     * @param qreport the quarterly report written, or {@code null}
     * @param problem why the period's regulatory output was not written and the run cannot complete (one line),
     *     or {@code null}
     */
    public record Rendered(ReportDocument report, List<RuleResult> validation, CbamDeclaration declaration, QReport qreport,
            String problem) {}

    /** Reads the run's report from the database. */
    public static ReportDocument read(Connection c, String runId, ReportingPeriod period, Importer importer) throws SQLException {
        return new ReportDocument(period, importer, lines(c, runId), rejectCounts(c, runId));
    }

    /** Renders every file of a run into {@code directory}. */
    public static Rendered write(Connection c, String runId, Path directory) throws SQLException, IOException {
        long started = System.nanoTime();
        try {
            return render(c, runId, directory);
        } finally {
            ReportGenerationTime.record(System.nanoTime() - started);
        }
    }

    private static Rendered render(Connection c, String runId, Path directory) throws SQLException, IOException {
        Files.createDirectories(directory);
        Steps steps = new Steps();
        RunRecord run = RunRecord.read(c, runId);
        ReportingPeriod period = run.period();
        ReportDocument report = read(c, runId, period, run.importer());
        RunReference reference = RunReference.load(run);
        RunProvenance.Parameters parameters = run.parameters();

        Map<String, ReportLine> byKey = new HashMap<>();
        for (ReportLine line : report.lines()) {
            byKey.put(line.lineKey(), line);
        }
        steps.done("report lines and reference data read");
        CbamDeclaration declaration = null;
        QReport qreport = null;
        String notWritten = null;
        String refusal = null;
        if (period.definitive()) {
            // By quarter from the shipments, as the prices need; should they not hold the shipments of the report
            // lines, the rules MASS_ and EMISSIONS_RECONCILE_WITH_SHIPMENTS fail and the declaration is not written.
            List<QuarterlyReportLine> quarterly;
            if (report.lines().stream().allMatch(ReportLine::hasQuarterSums)) {
                quarterly = quarterlyLines(report.lines());
                steps.done("lines by quarter of import");
            } else { // lines stored before the job kept their sums by quarter
                quarterly = ShipmentQueries.quarterlyLines(c, runId, byKey);
                steps.done("lines by quarter of import summed over the shipment rows");
            }
            declaration = new DeclarationCalculator(reference.data(), reference.declaration())
                    .calculate(period, run.importer(), quarterly, parameters.declaration());
        } else if (report.lines().isEmpty()) {
            notWritten = "no goods were accepted for " + period.label() + " (a quarter without CBAM imports needs no report)";
        } else {
            try {
                qreport = new QReportWriter(reference.data()).write(report, parameters.qreportHeader(run.importer()),
                        ShipmentQueries.importedQuantities(c, runId), Map.of());
            } catch (QReportException e) {
                notWritten = e.getMessage();
                refusal = "qreport.xml refused: " + e.getMessage();
            }
        }

        steps.done(period.definitive() ? "declaration calculated" : "QReport written");
        BigDecimal defaultShare = ReportChecks.defaultValueShare(report.lines());
        List<RuleResult> validation = new ReportChecks(reference.data()).run(new ReportCheckInput(report, report.totals(),
                ShipmentQueries.accepted(c, runId), declaration == null ? null : declaration.deMinimis(), defaultShare));
        String problem = refusal;
        if (problem == null && !ReportChecks.passes(validation)) {
            problem = "report rules failed: " + errors(validation);
            notWritten = problem;
            declaration = null;
            qreport = null;
        }

        steps.done("report rules checked");
        DeclarationLinesTable.replace(c, runId, declaration, byKey);
        steps.done("declaration lines stored");
        JsonNode provenance = run.provenance() == null ? null : run.provenance().toJson();
        writeAtomically(directory.resolve(REPORT_JSON), out -> report.writeJson(out, validation, provenance));
        SummaryMarkdown.Outputs outputs = new SummaryMarkdown.Outputs(validation, defaultShare, declaration, qreport,
                notWritten);
        writeAtomically(directory.resolve(SUMMARY_MD), out -> out.write(SummaryMarkdown.render(report, outputs)));
        writeAtomically(directory.resolve(REJECTS_CSV), out -> writeRejects(c, runId, out));
        String xml = qreport == null ? null : qreport.xml();
        writeOrRemove(directory.resolve(QREPORT_XML), xml == null ? null : out -> out.write(xml));
        CbamDeclaration written = declaration;
        writeOrRemove(directory.resolve(DECLARATION_JSON), written == null ? null : written::writeJson);
        writeOrRemove(directory.resolve(DECLARATION_CSV), written == null ? null : written::writeCsv);
        steps.done("files written");
        LOG.info("Report files of run {} ({} lines) rendered: {}", runId, report.lines().size(), steps);
        return new Rendered(report, validation, declaration, qreport, problem);
    }

    /** The lines' shares of each quarter of import, in line and quarter order. */
    static List<QuarterlyReportLine> quarterlyLines(List<ReportLine> lines) {
        List<QuarterlyReportLine> quarterly = new ArrayList<>();
        for (ReportLine line : lines) {
            for (int quarter = 1; quarter <= 4; quarter++) {
                ReportLine share = line.inQuarter(quarter);
                if (share != null) {
                    quarterly.add(new QuarterlyReportLine(quarter, share));
                }
            }
        }
        quarterly.sort(Comparator.comparing((QuarterlyReportLine q) -> q.line().lineKey())
                .thenComparingInt(QuarterlyReportLine::quarter));
        return quarterly;
    }

    /** How long each step of rendering took, for the log: at year-end scale, where the time after the job goes. */
    private static final class Steps {
        private final StringBuilder done = new StringBuilder();
        private long since = System.nanoTime();

        void done(String step) {
            long now = System.nanoTime();
            done.append(done.length() == 0 ? "" : ", ").append(step)
                    .append(String.format(java.util.Locale.ROOT, " %.2f s", (now - since) / 1e9));
            since = now;
        }

        @Override
        public String toString() {
            return done.toString();
        }
    }

    private static String errors(List<RuleResult> results) {
        List<String> errors = new ArrayList<>();
        for (RuleResult r : results) {
            if (r.severity() == Severity.ERROR) {
                errors.add(r.rule() + " (" + r.message() + ")");
            }
        }
        return String.join("; ", errors);
    }

    private static void writeOrRemove(Path target, Json.Text content) throws IOException {
        if (content == null) {
            Files.deleteIfExists(target);
        } else {
            writeAtomically(target, content);
        }
    }

    static List<ReportLine> lines(Connection c, String runId) throws SQLException {
        List<ReportLine> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cn_code, sector, origin_country, installation_id, method, "
                + "variant, see_direct, see_indirect, see_counted, mark_up, factor_source, shipments, net_mass_t, quantity_mwh, "
                + "direct_emissions_t, indirect_emissions_t, embedded_emissions_t, notes, by_quarter FROM cbam_report_lines "
                + "WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cn = rs.getString(1);
                    String origin = rs.getString(3);
                    String installation = rs.getString(4);
                    EmissionMethod method = EmissionMethod.valueOf(rs.getString(5));
                    String variant = rs.getString(6);
                    BigDecimal seeDirect = rs.getBigDecimal(7);
                    BigDecimal seeIndirect = rs.getBigDecimal(8);
                    String key = ReportLineKey.of(cn, origin, installation.isEmpty() ? null : installation, method,
                            variant.isEmpty() ? null : variant, seeDirect, seeIndirect);
                    lines.add(new ReportLine(key, cn, Sector.fromName(rs.getString(2)), origin, installation, method, variant,
                            seeDirect, seeIndirect, rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getString(11), rs.getLong(12),
                            grams(rs.getBigDecimal(13)), grams(rs.getBigDecimal(14)), grams(rs.getBigDecimal(15)),
                            grams(rs.getBigDecimal(16)), grams(rs.getBigDecimal(17)), notes(rs.getString(18)),
                            quarterSums(rs.getString(19))));
                }
            }
        }
        return lines;
    }

    /** Six-decimal tonnes (or MWh) back to the exact integer grams (watt-hours) they were written from. */
    private static long grams(BigDecimal sixDecimals) {
        return sixDecimals.movePointRight(6).longValueExact();
    }

    private static long[] quarterSums(String json) throws SQLException {
        try {
            return QuarterSums.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    private static long[] notes(String json) throws SQLException {
        long[] counts = new long[CalculationNote.values().length];
        try {
            JsonNode node = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                counts[CalculationNote.valueOf(e.getKey()).ordinal()] = e.getValue().asLong();
            }
        } catch (IOException e) {
            throw new SQLException("unreadable notes " + json, e);
        }
        return counts;
    }

    static RejectCounts rejectCounts(Connection c, String runId) throws SQLException {
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM cbam_rejects WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT reason, count(*) FROM cbam_rejects, unnest(reason_codes) AS reason "
                + "WHERE run_id = ? GROUP BY reason")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byReason.put(RejectReason.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
        }
        return RejectCounts.of(total, byReason);
    }

    /** Streams the rejects in file and line order (file names in byte order). */
    private static void writeRejects(Connection c, String runId, Writer out) throws IOException {
        out.write(RejectsCsv.HEADER);
        out.write('\n');
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // lets the driver fetch with a cursor instead of loading every row
            try (PreparedStatement ps = c.prepareStatement("SELECT source_file, line_number, shipment_id, "
                    + "array_to_string(reason_codes, ';'), message, raw_line FROM cbam_rejects WHERE run_id = ? "
                    + "ORDER BY source_file COLLATE \"C\", line_number")) {
                ps.setFetchSize(10_000);
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.write(RejectsCsv.line(new Reject(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6))));
                        out.write('\n');
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the rejects of run " + runId + ": " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path target, Json.Text content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            content.writeTo(out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
