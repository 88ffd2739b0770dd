package dev.cbam.job.db;

import dev.cbam.declaration.CbamDeclaration;
import dev.cbam.declaration.DeclarationLine;
import dev.cbam.declaration.DeclarationNote;
import dev.cbam.declaration.QuarterShare;
import dev.cbam.report.ReportLine;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cbam_declaration_lines}: the annual declaration's figures as {@code declaration.csv} states them, one row
 * per line (quarter 0, the whole year) and one per line and quarter of import, keyed by the run and the report
 * line's key columns. Written when {@code declaration.json} is, replacing the run's earlier rows in one
 * transaction, so files and table always agree.
 */
public final class DeclarationLinesTable {

    private static final String INSERT = "INSERT INTO cbam_declaration_lines (run_id, cn_code, origin_country, "
            + "installation_id, method, variant, see_direct, see_indirect, quarter, sector, quantity, unit, see_counted, "
            + "embedded_emissions_t, benchmark_column, benchmark_route, benchmark, sefa_t_per_unit, "
            + "free_allocation_adjustment_t, deduction_t_per_unit, deduction_t, deduction_evidence, subject_to_surrender, "
            + "certificates, price_eur, price_source, cost_eur, unpriced_certificates, notes) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private DeclarationLinesTable() {}

    /**
     * Replaces the run's rows with those of a declaration, or deletes them when {@code declaration} is
     * {@code null}.
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
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    for (DeclarationLine line : declaration.lines()) {
                        ReportLine key = reportLines.get(line.lineKey());
                        if (key == null) {
                            throw new IllegalStateException("declaration line " + line.lineKey() + " has no report line");
                        }
                        bindLine(insert, runId, key, line);
                        insert.addBatch();
                        for (QuarterShare q : line.quarters()) {
                            bindQuarter(insert, runId, key, line, q);
                            insert.addBatch();
                        }
                    }
                    insert.executeBatch();
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

    private static int bindKey(PreparedStatement ps, String runId, ReportLine key, int quarter) throws SQLException {
        int i = 1;
        ps.setString(i++, runId);
        ps.setString(i++, key.cnCode());
        ps.setString(i++, key.originCountry());
        ps.setString(i++, key.installationId());
        ps.setString(i++, key.method().name());
        ps.setString(i++, key.variant());
        ps.setBigDecimal(i++, key.seeDirect());
        ps.setBigDecimal(i++, key.seeIndirect());
        ps.setInt(i++, quarter);
        return i;
    }

    private static void bindLine(PreparedStatement ps, String runId, ReportLine key, DeclarationLine l) throws SQLException {
        int i = bindKey(ps, runId, key, 0);
        ps.setString(i++, l.sector().id());
        ps.setBigDecimal(i++, l.quantity());
        ps.setString(i++, l.unit());
        ps.setBigDecimal(i++, l.seeCounted());
        ps.setBigDecimal(i++, l.embeddedEmissions());
        ps.setString(i++, l.benchmark().column());
        ps.setString(i++, l.benchmark().route());
        ps.setBigDecimal(i++, l.benchmark().value());
        ps.setBigDecimal(i++, l.sefa());
        ps.setBigDecimal(i++, l.freeAllocationAdjustment());
        ps.setBigDecimal(i++, l.deductionPerUnit());
        ps.setBigDecimal(i++, l.deduction());
        ps.setString(i++, l.deductionEvidence());
        ps.setBoolean(i++, l.subjectToSurrender());
        ps.setBigDecimal(i++, l.certificates());
        ps.setNull(i++, Types.NUMERIC);
        ps.setNull(i++, Types.VARCHAR);
        ps.setBigDecimal(i++, l.cost());
        ps.setBigDecimal(i++, l.unpricedCertificates());
        notes(ps, i, l);
    }

    private static void bindQuarter(PreparedStatement ps, String runId, ReportLine key, DeclarationLine l, QuarterShare q)
            throws SQLException {
        int i = bindKey(ps, runId, key, q.quarter());
        ps.setString(i++, l.sector().id());
        ps.setBigDecimal(i++, q.quantity());
        ps.setString(i++, l.unit());
        ps.setBigDecimal(i++, l.seeCounted());
        ps.setBigDecimal(i++, q.embeddedEmissions());
        for (int n = 0; n < 8; n++) { // benchmark to deduction evidence: figures of the whole line
            ps.setNull(i++, Types.OTHER);
        }
        ps.setBoolean(i++, l.subjectToSurrender());
        ps.setBigDecimal(i++, q.certificates());
        ps.setBigDecimal(i++, q.price());
        ps.setString(i++, q.priceSource());
        ps.setBigDecimal(i++, q.cost());
        ps.setBigDecimal(i++, q.price() == null ? q.certificates() : BigDecimal.ZERO.setScale(6));
        ps.setArray(i, ps.getConnection().createArrayOf("text", new String[0]));
    }

    private static void notes(PreparedStatement ps, int i, DeclarationLine l) throws SQLException {
        List<String> notes = new ArrayList<>();
        for (DeclarationNote note : l.notes()) {
            notes.add(note.name());
        }
        ps.setArray(i, ps.getConnection().createArrayOf("text", notes.toArray()));
    }
}
