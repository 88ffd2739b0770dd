package dev.cbam.job.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import dev.cbam.reference.Sector;
import dev.cbam.report.Importer;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.RejectsCsv;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportLineKey;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.SummaryMarkdown;

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
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders the report files of a run from its rows in PostgreSQL: {@code report.json}, {@code summary.md} and
 * {@code rejects.csv} (sorted by file and line). The database is the job's output; rendering the files from
 * it once the last write is done keeps files and tables in agreement, also after restarts, and lets a report
 * be rendered again at any time. Each file is written under a temporary name and moved into place.
 */
public final class ReportFiles {

    public static final String REPORT_JSON = "report.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String REJECTS_CSV = "rejects.csv";
    public static final List<String> ALL = List.of(REPORT_JSON, SUMMARY_MD, REJECTS_CSV);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportFiles() {}

    /** Reads the run's report from the database. */
    public static ReportDocument read(Connection c, String runId, ReportingPeriod period, Importer importer) throws SQLException {
        return new ReportDocument(period, importer, lines(c, runId), rejectCounts(c, runId));
    }

    /** Writes the three files of a run into {@code directory}. */
    public static ReportDocument write(Connection c, String runId, ReportingPeriod period, Importer importer, Path directory)
            throws SQLException, IOException {
        Files.createDirectories(directory);
        ReportDocument report = read(c, runId, period, importer);
        writeAtomically(directory.resolve(REPORT_JSON), out -> out.write(report.toJson()));
        writeAtomically(directory.resolve(SUMMARY_MD), out -> out.write(SummaryMarkdown.render(report)));
        writeAtomically(directory.resolve(REJECTS_CSV), out -> writeRejects(c, runId, out));
        return report;
    }

    static List<ReportLine> lines(Connection c, String runId) throws SQLException {
        List<ReportLine> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cn_code, sector, origin_country, installation_id, method, "
                + "variant, see_direct, see_indirect, see_counted, mark_up, factor_source, shipments, net_mass_t, quantity_mwh, "
                + "direct_emissions_t, indirect_emissions_t, embedded_emissions_t, notes FROM cbam_report_lines WHERE run_id = ?")) {
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
                            grams(rs.getBigDecimal(16)), grams(rs.getBigDecimal(17)), notes(rs.getString(18))));
                }
            }
        }
        return lines;
    }

    /** Six-decimal tonnes (or MWh) back to the exact integer grams (watt-hours) they were written from. */
    private static long grams(BigDecimal sixDecimals) {
        return sixDecimals.movePointRight(6).longValueExact();
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

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    static void writeAtomically(Path target, Content content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            content.writeTo(out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
