package dev.cbam.job.db;

import dev.cbam.declaration.CbamDeclaration;
import dev.cbam.declaration.DeclarationLine;
import dev.cbam.declaration.DeclarationNote;
import dev.cbam.declaration.QuarterShare;
import dev.cbam.report.ReportLine;

import java.math.BigDecimal;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code cbam_declaration_lines}: the annual declaration's figures as {@code declaration.csv} states them, one row
 * per line (quarter 0, the whole year) and one per line and quarter of import, keyed by the run and the report
 * line's key columns. Written when {@code declaration.json} is, replacing the run's earlier rows in one
 * transaction, so files and table always agree.
 */
public final class DeclarationLinesTable {

    private static final String COPY = "COPY cbam_declaration_lines (run_id, cn_code, origin_country, "
            + "installation_id, method, variant, see_direct, see_indirect, quarter, sector, quantity, unit, see_counted, "
            + "embedded_emissions_t, benchmark_column, benchmark_route, benchmark, sefa_t_per_unit, "
            + "free_allocation_adjustment_t, deduction_t_per_unit, deduction_t, deduction_evidence, subject_to_surrender, "
            + "certificates, price_eur, price_source, cost_eur, unpriced_certificates, notes) FROM STDIN";

    private DeclarationLinesTable() {}

    /**
     * Replaces the run's rows with those of a declaration, or deletes them when {@code declaration} is
     * {@code null}. The rows are copied ({@code COPY}): a year's declaration has a row per line and quarter,
     * hundreds of thousands for a large importer.
     *
     * @param reportLines the report lines by key, for the key columns a declaration line does not carry
     */
    public static void replace(Connection c, String runId, CbamDeclaration declaration, Map<String, ReportLine> reportLines)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM cbam_declaration_lines WHERE run_id = ?")) {
                delete.setString(1, runId);
                delete.executeUpdate();
            }
            if (declaration != null) {
                CopyText rows = new CopyText(1 << 17);
                CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                try {
                    for (DeclarationLine line : declaration.lines()) {
                        ReportLine key = reportLines.get(line.lineKey());
                        if (key == null) {
                            throw new IllegalStateException("declaration line " + line.lineKey() + " has no report line");
                        }
                        appendLine(rows, runId, key, line);
                        for (QuarterShare q : line.quarters()) {
                            appendQuarter(rows, runId, key, line, q);
                        }
                        if (rows.length() >= 1 << 16) { // sent as it is encoded: memory stays flat
                            in.writeToCopy(rows.bytes(), 0, rows.length());
                            rows.clear();
                        }
                    }
                    in.writeToCopy(rows.bytes(), 0, rows.length());
                    in.endCopy();
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void key(CopyText out, String runId, ReportLine key, int quarter) {
        out.text(runId).tab();
        out.text(key.cnCode()).tab();
        out.text(key.originCountry()).tab();
        out.text(key.installationId()).tab();
        out.text(key.method().name()).tab();
        out.text(key.variant()).tab();
        number(out, key.seeDirect()).tab();
        number(out, key.seeIndirect()).tab();
        out.number(quarter).tab();
    }

    private static void appendLine(CopyText out, String runId, ReportLine key, DeclarationLine l) {
        key(out, runId, key, 0);
        out.text(l.sector().id()).tab();
        number(out, l.quantity()).tab();
        out.text(l.unit()).tab();
        number(out, l.seeCounted()).tab();
        number(out, l.embeddedEmissions()).tab();
        out.text(l.benchmark().column()).tab();
        out.text(l.benchmark().route()).tab();
        number(out, l.benchmark().value()).tab();
        number(out, l.sefa()).tab();
        number(out, l.freeAllocationAdjustment()).tab();
        number(out, l.deductionPerUnit()).tab();
        number(out, l.deduction()).tab();
        out.text(l.deductionEvidence()).tab();
        out.ascii(l.subjectToSurrender() ? 't' : 'f').tab();
        number(out, l.certificates()).tab();
        out.text(null).tab();
        out.text(null).tab();
        number(out, l.cost()).tab();
        number(out, l.unpricedCertificates()).tab();
        out.ascii('{');
        boolean first = true;
        for (DeclarationNote note : l.notes()) {
            if (!first) {
                out.ascii(',');
            }
            out.ascii(note.name());
            first = false;
        }
        out.ascii('}').newLine();
    }

    private static void appendQuarter(CopyText out, String runId, ReportLine key, DeclarationLine l, QuarterShare q) {
        key(out, runId, key, q.quarter());
        out.text(l.sector().id()).tab();
        number(out, q.quantity()).tab();
        out.text(l.unit()).tab();
        number(out, l.seeCounted()).tab();
        number(out, q.embeddedEmissions()).tab();
        for (int n = 0; n < 8; n++) { // benchmark to deduction evidence: figures of the whole line
            out.text(null).tab();
        }
        out.ascii(l.subjectToSurrender() ? 't' : 'f').tab();
        number(out, q.certificates()).tab();
        number(out, q.price()).tab();
        out.text(q.priceSource()).tab();
        number(out, q.cost()).tab();
        number(out, q.price() == null ? q.certificates() : BigDecimal.ZERO.setScale(6)).tab();
        out.ascii("{}").newLine();
    }

    /** A decimal as PostgreSQL reads it, or {@code \N}. */
    private static CopyText number(CopyText out, BigDecimal value) {
        return value == null ? out.text(null) : out.ascii(value.toPlainString());
    }
}
