package dev.cbam.job.files;

import dev.cbam.report.Importer;
import dev.cbam.report.ReportingPeriod;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What {@code cbam_runs} holds of a run that its report files need: the period, the importer, and the
 * provenance with the parameters the run was started with.
 *
 * @param period the reporting period
 * @param importer the importer
 * @param declarantName the person signing, or {@code null}
 * @param declarantPosition the signing person's position, or {@code null}
 * @param provenance the run's provenance, or {@code null} for a run recorded before provenance was kept
 * @param referenceDir the reference folder the run read, or {@code null}
 */
record RunRecord(ReportingPeriod period, Importer importer, String declarantName, String declarantPosition,
        RunProvenance provenance, String referenceDir) {

    static RunRecord read(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT period, importer_eori, importer_name, importer_country, "
                + "declarant_name, declarant_position, provenance::text, reference_dir FROM cbam_runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the database has no run '" + runId + "'");
                }
                String provenance = rs.getString(7);
                return new RunRecord(ReportingPeriod.parse(rs.getString(1)),
                        new Importer(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getString(5), rs.getString(6),
                        provenance == null ? null : RunProvenance.fromJson(provenance), rs.getString(8));
            }
        }
    }

    /** The run's parameters; for a run without provenance, the defaults (CSCF 1, no price, no deductions). */
    RunProvenance.Parameters parameters() {
        return provenance != null ? provenance.parameters()
                : new RunProvenance.Parameters(period.label(), BigDecimal.ONE, null, null, null, List.of(), declarantName,
                        declarantPosition, null, null, null);
    }
}
